"""Guard rails around an engagement: the onboarding checklist and the observers who follow it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import NEVER_REUSE, Base, Timestamped
from bot.db.models.engagements import Engagement
from bot.db.models.people import Person
from bot.db.types import UtcDateTime


class Onboarding(Timestamped, Base):
    """The kickoff checklist of one engagement; each item is ticked with the time it was done."""

    __tablename__ = "onboarding"
    __table_args__ = (UniqueConstraint("engagement_id"), NEVER_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"))
    access_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    documents_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    tools_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    meeting_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    dismissed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    engagement: Mapped[Engagement] = relationship()


class Observer(Base):
    """Someone who follows an engagement (a partner, a project manager): digest and board, never prompted."""

    __tablename__ = "observers"
    __table_args__ = (UniqueConstraint("engagement_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    added_by: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Slash commands never hard-delete: removing an observer stamps this, adding them again clears it.
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    person: Mapped[Person] = relationship(lazy="joined")

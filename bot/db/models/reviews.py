"""Milestone reviews: each submission of a task, and what the owner decided about it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import NEVER_REUSE, Base, Timestamped
from bot.db.models.work import Task
from bot.db.types import UtcDateTime


class Submission(Timestamped, Base):
    """One round of a deliverable handed in for review; the rounds count revisions for the scorecard."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("task_id", "round"), NEVER_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    round: Mapped[int] = mapped_column(Integer())
    link: Mapped[str] = mapped_column(Text(), default="")
    submitted_by: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # pending until the owner decides: approved or changes (requested).
    outcome: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reviewed_by: Mapped[str] = mapped_column(String(32), default="")
    comment: Mapped[str] = mapped_column(Text(), default="")
    # The owner's review DM, so a decision made elsewhere can update it.
    review_channel: Mapped[str | None] = mapped_column(String(32))
    review_ts: Mapped[str | None] = mapped_column(String(32))

    task: Mapped[Task] = relationship(lazy="joined")

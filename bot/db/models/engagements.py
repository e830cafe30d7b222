"""Engagements: one piece of outsourced work between an owner and a contractor, bound to a channel."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import NEVER_REUSE, Base, Timestamped
from bot.db.models.people import Contractor, Person
from bot.db.types import UtcDateTime


class Engagement(Timestamped, Base):
    """The unit everything hangs on: cadence, SLA, budget and the channel it lives in."""

    __tablename__ = "engagements"
    __table_args__ = NEVER_REUSE

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractors.id"), index=True)
    channel_id: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    objectives: Mapped[str] = mapped_column(Text())
    deliverables: Mapped[str] = mapped_column(Text())
    start_on: Mapped[date] = mapped_column(Date())
    deadline: Mapped[date] = mapped_column(Date())
    budget_minor: Mapped[int | None] = mapped_column(BigInteger())
    budget_currency: Mapped[str | None] = mapped_column(String(3))
    # ISO weekdays as digits ("14" = Monday and Thursday) at checkin_time in the contractor's zone.
    checkin_days: Mapped[str] = mapped_column(String(7), default="14")
    checkin_time: Mapped[time] = mapped_column(Time(), default=time(10, 0))
    sla_hours: Mapped[int] = mapped_column(Integer(), default=24)
    payment_terms_days: Mapped[int] = mapped_column(Integer(), default=14)
    feedback_every_days: Mapped[int] = mapped_column(Integer(), default=14)
    trial: Mapped[bool] = mapped_column(Boolean(), default=False)
    confidential: Mapped[bool] = mapped_column(Boolean(), default=False)
    contingency: Mapped[str] = mapped_column(Text(), default="")
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    brief_ts: Mapped[str | None] = mapped_column(String(32))
    # Set by /engagement end (or ending a trial); cleared by /engagement reopen within 14 days.
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(300))

    owner: Mapped[Person] = relationship(lazy="joined")
    contractor: Mapped[Contractor] = relationship(lazy="joined")

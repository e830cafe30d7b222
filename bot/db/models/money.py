"""Payments owed to contractors, in integer minor units of an ISO 4217 currency."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import NEVER_REUSE, Base, Timestamped
from bot.db.models.engagements import Engagement
from bot.db.types import UtcDateTime


class Payment(Timestamped, Base):
    """Money due on a date; alerts run until it is marked paid."""

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("engagement_id", "number"), NEVER_REUSE)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    number: Mapped[int] = mapped_column(Integer())
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    amount_minor: Mapped[int] = mapped_column(BigInteger())
    currency: Mapped[str] = mapped_column(String(3))
    due_on: Mapped[date] = mapped_column(Date(), index=True)
    reference: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(16), default="due", index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    paid_by: Mapped[str | None] = mapped_column(String(32))  # who marked it paid (None before it was recorded)
    created_by: Mapped[str] = mapped_column(String(32), default="")

    engagement: Mapped[Engagement] = relationship()

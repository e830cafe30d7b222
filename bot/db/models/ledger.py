"""Bookkeeping that makes Slack traffic happen exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import Base
from bot.db.types import UtcDateTime

# Written out, not bound: a partial index serves only a query whose WHERE holds its predicate word for word
# (a bound parameter could be anything). bot.domain.duties.sent_prompts reads with this same text.
OPEN_PROMPTS = "duty = 'checkin_prompt' AND status = 'sent' AND closed_at IS NULL"


class Delivery(Base):
    """One scheduled message, keyed by (duty, subject, local slot); the unique key is the lock."""

    __tablename__ = "deliveries"
    # The check-in prompts (duty "checkin_prompt") sent and not yet closed: all the follow-ups sweep reads each
    # minute, however many weeks of answered prompts the table holds.
    __table_args__ = (Index("ix_deliveries_open_prompts", "due_at", postgresql_where=text(OPEN_PROMPTS),
                            sqlite_where=text(OPEN_PROMPTS)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    duty: Mapped[str] = mapped_column(String(40), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="claimed", index=True)
    message_ts: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer(), default=0)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Slack's error for the latest attempt it refused (not_in_channel, is_archived…), until one succeeds:
    # what tells the owner that an engagement's channel no longer takes the bot's messages.
    last_error: Mapped[str | None] = mapped_column(String(64))
    # The user a direct message went to, kept when Slack's DM channel id replaces the user id in
    # channel_id: without it, `tandem forget` could not tell whose DM a channel id is.
    recipient: Mapped[str | None] = mapped_column(String(32))
    # When the latest posting attempt began by the wall clock (Slack's ts follow it; claimed_at is the
    # process clock and a lease): where delivery recovery looks for a post that attempt may have made.
    attempted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # For a sent check-in prompt: when nothing more could hang on it (answered, or its owner told), so the
    # follow-ups stop reading it. Null for every other delivery.
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ProcessedEvent(Base):
    """Events API deliveries already handled, so Slack's retries are recorded once."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())

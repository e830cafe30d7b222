"""What happens inside an engagement: tasks, check-ins, feedback and thanks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, Timestamped
from bot.db.models.engagements import Engagement
from bot.db.types import UtcDateTime


class Task(Timestamped, Base):
    """A task, numbered within its engagement so people can type `/task done 3`."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("engagement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    number: Mapped[int] = mapped_column(Integer())
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date())
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    blocked_reason: Mapped[str] = mapped_column(Text(), default="")
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    done_by: Mapped[str | None] = mapped_column(String(32))  # who marked it done (None before it was recorded)
    created_by: Mapped[str] = mapped_column(String(32), default="")
    # A milestone carries a payment (owner-only, never shown in the channel), earned on approval.
    pay_minor: Mapped[int | None] = mapped_column(BigInteger())
    pay_currency: Mapped[str | None] = mapped_column(String(3))
    # The channel message announcing the task: its thread carries the review conversation.
    announce_ts: Mapped[str | None] = mapped_column(String(32))

    engagement: Mapped[Engagement] = relationship()


# Written out, not bound, like the ledger's OPEN_PROMPTS: a partial index serves only a query whose WHERE
# holds its predicate word for word.
OPEN_BLOCKERS = "blockers <> '' AND blocker_resolved_at IS NULL"


class Checkin(Timestamped, Base):
    """A status report from the contractor; one per contractor-local day, edits replace it."""

    __tablename__ = "checkins"
    # The open blockers (bot.domain.checkin.blockers): what the blocker sweep reads every five minutes,
    # however many months of check-ins the table holds.
    __table_args__ = (UniqueConstraint("engagement_id", "local_date"),
                      Index("ix_checkins_open_blockers", "answered_at", postgresql_where=text(OPEN_BLOCKERS),
                            sqlite_where=text(OPEN_BLOCKERS)))

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    local_date: Mapped[date] = mapped_column(Date())
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[int | None] = mapped_column(Integer())
    done: Mapped[str] = mapped_column(Text(), default="")
    next: Mapped[str] = mapped_column(Text(), default="")
    blockers: Mapped[str] = mapped_column(Text(), default="")
    minutes_worked: Mapped[int | None] = mapped_column(Integer())
    asked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(16))
    blocker_resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Who cleared the blocker (a Slack id): the contractor's later check-in, or a press or command.
    blocker_resolved_by: Mapped[str | None] = mapped_column(String(32))
    # The thread reply this check-in was read from (source "thread"), so an edit of it amends it.
    message_ts: Mapped[str | None] = mapped_column(String(32))
    # The prompt whose thread it was read from: later chatter in that thread is a note on it.
    thread_ts: Mapped[str | None] = mapped_column(String(32))

    engagement: Mapped[Engagement] = relationship()


class CheckinNote(Timestamped, Base):
    """A reply in a prompt's thread that is no check-in ("ok thanks!"): kept and shown, never a status."""

    __tablename__ = "checkin_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # engagement_id as well as checkin_id: exports and forgetting narrow rows by engagement.
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text(), default="")
    message_ts: Mapped[str] = mapped_column(String(32))


class Feedback(Timestamped, Base):
    """The owner's ratings (1-5) and comment; private until the owner shares them."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    quality: Mapped[int | None] = mapped_column(Integer())
    timeliness: Mapped[int | None] = mapped_column(Integer())
    communication: Mapped[int | None] = mapped_column(Integer())
    comment: Mapped[str] = mapped_column(Text(), default="")
    prompt_channel: Mapped[str | None] = mapped_column(String(32))
    prompt_ts: Mapped[str | None] = mapped_column(String(32), index=True)
    shared_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Thanks(Base):
    """Recognition given in a channel; counted on the scorecard and by the thank-you nudges."""

    __tablename__ = "thanks"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    engagement_id: Mapped[int | None] = mapped_column(ForeignKey("engagements.id"), index=True)
    from_user: Mapped[str] = mapped_column(String(32))
    to_user: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str] = mapped_column(Text())
    channel_id: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

"""An engagement's whole life after kickoff: edit its plan, pause it, end it, reopen it, and hold it
when its deadline passes undecided.

Statuses: `active` (everything runs), `paused` (the owner stopped the routine messages), `held`
(the deadline passed and the owner has not chosen to extend or end: the routine duties wait),
`ended` (over: the channel is free for a new /kickoff; only reminders of payments still open go on).
`active`, `paused` and `held` are open: the engagement still owns its channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.db.results import rowcount
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotFound
from bot.text import weekdays
from bot.text.money import Money

REOPEN_WITHIN = timedelta(days=14)
ENDED = "ended"
HELD = "held"
END_REASON_LIMIT = 300


@dataclass(frozen=True)
class Edits:
    """What `/engagement edit` asked to change; None leaves a field as it is."""

    title: str | None = None
    deadline: date | None = None
    checkin_days: tuple[int, ...] | None = None
    checkin_time: time | None = None
    sla_hours: int | None = None
    budget: Money | None = None

    def empty(self) -> bool:
        """Whether nothing was asked."""
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)


@dataclass
class Changes:
    """What an edit changed: schedule changes may be told in the channel, money never."""

    schedule: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)


def edit(session: Session, *, engagement: Engagement, by_user: str, edits: Edits, today: date,
         now: datetime) -> Changes:
    """Apply an owner's edits with the kickoff's rules; a held engagement given a new deadline runs again."""
    engagements.require_owner(engagement, by_user, "edit it")
    if edits.empty():
        raise DomainError("Say what to change.", EDIT_EXAMPLE)
    plan = engagements.Plan(
        title=edits.title if edits.title is not None else engagement.title,
        objectives=engagement.objectives or "-", deliverables=engagement.deliverables or "-",
        deadline=edits.deadline or engagement.deadline,
        checkin_days=edits.checkin_days or tuple(int(d) for d in engagement.checkin_days),
        sla_hours=edits.sla_hours or engagement.sla_hours,
    )
    problems = plan.problems(today)
    if edits.deadline is None:
        problems.pop("deadline", None)  # an unchanged past deadline is what `held` is for
    if problems:
        raise DomainError(" ".join(problems.values()), EDIT_EXAMPLE)
    if edits.budget is not None and edits.budget.amount_minor <= 0:
        raise DomainError("A budget must be more than zero.", EDIT_EXAMPLE)
    changes = _apply(engagement, edits)
    if edits.deadline is not None and engagement.status == HELD:
        engagement.status = "active"
    engagement.updated_at = now
    session.flush()
    return changes


def _apply(engagement: Engagement, edits: Edits) -> Changes:
    changes = Changes()
    if edits.title is not None and edits.title != engagement.title:
        changes.schedule.append(f"title: {engagement.title} → {edits.title}")
        engagement.title = edits.title
    if edits.deadline is not None and edits.deadline != engagement.deadline:
        changes.schedule.append(f"deadline: {engagement.deadline:%a %d %b %Y} → {edits.deadline:%a %d %b %Y}")
        engagement.deadline = edits.deadline
    if edits.checkin_days is not None:
        days = "".join(str(d) for d in edits.checkin_days)
        at = edits.checkin_time or engagement.checkin_time
        if days != engagement.checkin_days or at != engagement.checkin_time:
            changes.schedule.append("check-ins: " + _cadence(days, at))
            engagement.checkin_days, engagement.checkin_time = days, at
    if edits.sla_hours is not None and edits.sla_hours != engagement.sla_hours:
        changes.schedule.append(f"reply within: {engagement.sla_hours} h → {edits.sla_hours} h (working hours)")
        engagement.sla_hours = edits.sla_hours
    if edits.budget is not None:
        engagement.budget_minor, engagement.budget_currency = edits.budget.amount_minor, edits.budget.currency
        changes.private.append(f"budget: {edits.budget.format()}")
    return changes


def _cadence(days: str, at: time) -> str:
    return ",".join(weekdays.short_name(int(d)) for d in days) + f" at {at:%H:%M} (the contractor's time)"


def set_paused(session: Session, *, engagement: Engagement, by_user: str, paused: bool,
               now: datetime) -> Engagement:
    """Pause the routine messages until resumed, or resume them (the command and the Home tab's button)."""
    engagements.require_owner(engagement, by_user, "pause it" if paused else "resume it")
    if engagement.status not in engagements.OPEN_STATUSES:
        raise DomainError(f"“{engagement.title}” has ended, so it can't be paused or resumed.")
    _require_not_held(engagement)
    if paused and engagement.status == "paused":
        raise DomainError(f"“{engagement.title}” is already paused. Resume it with `/engagement resume`.")
    if not paused and engagement.status == "active":
        raise DomainError(f"“{engagement.title}” is not paused.")
    engagement.status, engagement.updated_at = ("paused" if paused else "active"), now
    session.flush()
    return engagement


def _require_not_held(engagement: Engagement) -> None:
    if engagement.status == HELD:
        raise DomainError(
            f"The deadline of “{engagement.title}” ({engagement.deadline:%d %b %Y}) has passed. "
            "Extend it with `/engagement edit deadline=…` or end it with `/engagement end`.", EDIT_EXAMPLE)


def end(session: Session, *, engagement: Engagement, by_user: str, reason: str, now: datetime) -> Engagement:
    """End at once: the routine messages stop, the records stay, the channel is free for a new kickoff."""
    engagements.require_owner(engagement, by_user, "end it")
    if engagement.status not in engagements.OPEN_STATUSES:
        raise DomainError(f"“{engagement.title}” has already ended.")
    end_reason = reason.strip()[:END_REASON_LIMIT] or None
    # Compare and set: End pressed twice (or the command sent twice) runs twice at once, each having read the
    # engagement as open. The UPDATE waits for the other transaction, then matches nothing: one ending,
    # one closing note, one closing review.
    ended = session.execute(
        update(Engagement).where(Engagement.id == engagement.id, Engagement.status.in_(engagements.OPEN_STATUSES))
        .values(status=ENDED, ended_at=now, updated_at=now, end_reason=end_reason)
        .execution_options(synchronize_session=False))
    if rowcount(ended) != 1:
        raise DomainError(f"“{engagement.title}” has already ended.")
    engagement.status, engagement.ended_at, engagement.updated_at = ENDED, now, now
    engagement.end_reason = end_reason
    session.flush()
    return engagement


def reopen(session: Session, *, team_id: str, channel_id: str, by_user: str, now: datetime) -> Engagement:
    """Undo the latest end in this channel, within 14 days, if the channel is still free."""
    latest = session.scalar(
        select(Engagement).where(Engagement.team_id == team_id, Engagement.channel_id == channel_id,
                                 Engagement.status == ENDED).order_by(Engagement.ended_at.desc()).limit(1))
    if latest is None:
        raise NotFound("No engagement has ended in this channel, so there is nothing to reopen.")
    engagements.require_owner(latest, by_user, "reopen it")
    ended_at = latest.ended_at or latest.updated_at
    if now - ended_at > REOPEN_WITHIN:
        raise DomainError(f"“{latest.title}” ended on {ended_at:%d %b %Y}, more than 14 days ago, so it stays "
                          "ended. Start a new one with /kickoff.", engagements.KICKOFF_EXAMPLE)
    if engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id) is not None:
        raise DomainError("This channel already has an engagement in progress; one channel holds one engagement.")
    # Compare and set, as `end`: the command sent twice reopens once and the channel hears it once.
    reopened = session.execute(
        update(Engagement).where(Engagement.id == latest.id, Engagement.status == ENDED)
        .values(status="active", ended_at=None, end_reason=None, updated_at=now)
        .execution_options(synchronize_session=False))
    if rowcount(reopened) != 1:
        raise DomainError(f"“{latest.title}” is already reopened.")
    latest.status, latest.ended_at, latest.end_reason, latest.updated_at = "active", None, None, now
    session.flush()
    return latest


def hold_past_deadline(session: Session, *, engagement_ids: list[int], now: datetime) -> int:
    """Hold these active engagements, whose deadline has passed in their owner's zone; returns how many."""
    if not engagement_ids:
        return 0
    result = session.execute(update(Engagement).where(Engagement.id.in_(engagement_ids), Engagement.status == "active")
                             .values(status=HELD, updated_at=now))
    return rowcount(result)


EDIT_EXAMPLE = "/engagement edit deadline=in 3 weeks checkins=mon,thu@10:00 sla=24h"

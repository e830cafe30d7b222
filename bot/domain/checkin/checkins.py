"""Check-ins: one report per contractor-local day; a second one the same day edits the first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Delivery, Engagement, Person
from bot.domain.checkin import blockers
from bot.domain.delivery import ledger
from bot.domain.errors import DomainError, NotAllowed
from bot.domain.schedule import slots, snoozes, worktime

STATUSES = {"on_track": "On track", "at_risk": "At risk", "blocked": "Blocked"}
# A thread reply that is a check-in but names no status: recorded as such, never guessed as on track.
NO_STATUS = "no_status"
LABELS = STATUSES | {NO_STATUS: "No status given"}
CHECKIN_EXAMPLE = "/checkin on-track 60% Finished mockups | next: copy | blocked: waiting for brand assets"


@dataclass(frozen=True)
class Report:
    """What the contractor says: status, progress and the three classic questions."""

    status: str
    progress: int | None = None
    done: str = ""
    next: str = ""
    blockers: str = ""
    minutes_worked: int | None = None

    def validate(self) -> None:
        """Refuse a report no one could act on."""
        if self.status not in LABELS:
            raise DomainError(f"Status must be one of: {', '.join(STATUSES)}.", CHECKIN_EXAMPLE)
        if self.progress is not None and not 0 <= self.progress <= 100:
            raise DomainError("Progress is a percentage from 0 to 100.", CHECKIN_EXAMPLE)
        if not (self.done or self.next or self.blockers):
            raise DomainError("Say at least what you did, what's next, or what blocks you.", CHECKIN_EXAMPLE)
        if self.minutes_worked is not None and not 0 <= self.minutes_worked <= 24 * 60:
            raise DomainError("Hours worked must be between 0 and 24.", CHECKIN_EXAMPLE)


def local_date(engagement: Engagement, now: datetime) -> date:
    """The contractor's calendar day: check-ins are counted on their side of the world."""
    return worktime.local_today(now, engagement.contractor.person.tz)


def for_day(session: Session, engagement: Engagement, day: date) -> Checkin | None:
    """The check-in of one contractor-local day, if any."""
    return session.scalar(
        select(Checkin).where(Checkin.engagement_id == engagement.id, Checkin.local_date == day)
    )


def record(
    session: Session, *, engagement: Engagement, author: Person, report: Report, source: str,
    now: datetime, asked_at: datetime | None = None, message_ts: str | None = None, thread_ts: str | None = None,
    day: date | None = None,
) -> tuple[Checkin, bool]:
    """Save the day's check-in (or replace it); returns (checkin, created). Only the contractor checks in.

    `day` is the contractor-local day it answers, today unless given: a reply in an earlier prompt's
    thread answers that prompt, late, and must neither stand in for today's nor be replaced by it.

    `message_ts` is the thread reply it was read from, if any: an edit of that reply amends it;
    `thread_ts` the prompt whose thread it was, where later chatter becomes notes on it.
    A blocker stays open until cleared (see `_write`). `asked_at` defaults to the day's prompt, if one
    went out: a check-in by the prompt's button, the form or `/checkin` answers it as a reply does.
    """
    if author.id != engagement.contractor.person_id:
        raise NotAllowed(f"Only <@{engagement.contractor.person.user_id}>, the contractor, "
                         "checks in on this engagement.")
    report.validate()
    today = local_date(engagement, now)
    day = min(day, today) if day is not None else today
    checkin = for_day(session, engagement, day)
    created = checkin is None
    if checkin is None or checkin.asked_at is None:
        asked_at = asked_for(session, engagement.id, day, now, asked_at)
    if checkin is None:
        checkin = Checkin(engagement_id=engagement.id, author_id=author.id, local_date=day,
                          created_at=now, asked_at=asked_at, answered_at=now)
        session.add(checkin)
    checkin.source, checkin.message_ts, checkin.thread_ts = source, message_ts, thread_ts
    _write(session, engagement, checkin, report, now)
    if checkin.asked_at is None:
        checkin.asked_at = asked_at
    session.flush()
    return checkin, created


def asked_for(session: Session, engagement_id: int, day: date, now: datetime,
              asked_at: datetime | None) -> datetime | None:
    """When the check-in of `day` was asked for: its prompt (given, or the one that went out), or the end of
    the prompt's snooze when it came after that: the follow-ups count the SLA from there, and so do the
    scorecard's reply times and the thanks streak (a snooze is the contractor asking for time)."""
    asked_at = asked_at or prompted_at(session, engagement_id, day, now)
    if asked_at is None:
        return None
    until = snoozes.ends(session, [(engagement_id, day)]).get((engagement_id, day))
    return until if until is not None and asked_at < until <= now else asked_at


def prompted_at(session: Session, engagement_id: int, day: date, now: datetime) -> datetime | None:
    """When the prompt of the contractor-local `day` was due, if it went out by `now`."""
    return session.scalar(select(Delivery.due_at).where(
        Delivery.key == slots.key_for(engagement_id, day), Delivery.status == ledger.SENT, Delivery.due_at <= now))


def _write(session: Session, engagement: Engagement, checkin: Checkin, report: Report, now: datetime) -> None:
    """Put a report on a check-in row; open blockers close only when the contractor says on track.

    Replacing the same day's check-in without naming a blocker, but not on track either, keeps
    the blocker it had: silence about a blocker is not its resolution.
    """
    kept = checkin.blockers if checkin.blockers and checkin.blocker_resolved_at is None else ""
    if report.blockers and report.blockers != checkin.blockers:  # a new blocker is open whatever the old one was
        checkin.blocker_resolved_at, checkin.blocker_resolved_by = None, None
    checkin.status, checkin.progress = report.status, report.progress
    checkin.done, checkin.next, checkin.blockers = report.done, report.next, report.blockers or kept
    checkin.minutes_worked, checkin.updated_at = report.minutes_worked, now
    if report.status == "on_track" and not report.blockers:
        checkin.blockers = ""
        session.flush()
        blockers.clear(session, engagement=engagement, by_user=engagement.contractor.person.user_id, now=now,
                       through=checkin.local_date)


def amend(session: Session, *, engagement: Engagement, message_ts: str, report: Report,
          now: datetime) -> Checkin | None:
    """Rewrite the check-in read from the reply `message_ts` after its author edited it.

    None when that reply is not (or no longer) what the check-in says: a later check-in the same
    day replaced it, or it was never one. The day and the times it was asked and answered stay.
    """
    checkin = session.scalar(select(Checkin).where(Checkin.engagement_id == engagement.id,
                                                   Checkin.message_ts == message_ts))
    if checkin is None:
        return None
    report.validate()
    _write(session, engagement, checkin, report, now)
    session.flush()
    return checkin

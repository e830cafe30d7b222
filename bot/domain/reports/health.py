"""One health rule for every view of an engagement: `/checkin status`, the Home tab and the weekly digests.

An engagement's health is the worst of these signals (blocked, then at risk, then silent, then on track):

- what the contractor last reported (on track / at risk / blocked), unless that report is stale;
  a thread reply with no status word is "no status given", never on track;
- an open blocker: a check-in reported one and nobody cleared it yet (`Checkin.blocker_resolved_at`
  is NULL; cleared by an on-track check-in without `blocked:`, *Resolved* or `/checkin unblock`):
  blocked, whatever was reported since;
- overdue tasks: open tasks past their due date in the owner's calendar: at risk;
- missed check-ins: a prompt of the last 7 days still unanswered once its SLA (the contractor's
  working hours, counted from the prompt or the end of its snooze) has run out: at risk;
- the deadline at risk: the deadline has passed, or is at most 7 days away while the last
  check-in reports under 75 % progress: at risk;
- silence: no check-in yet, or none for more than 7 days, not counting the working days the contractor
  was away (public holidays of their country, their time off: nobody asked them then): silent. The
  reason gives the real number of days.

Every health other than on track carries its reasons in a few words ("1 task overdue",
"missed check-in Tue"), so a reader sees why without opening anything. The rule is a pure
function (`assess`); `signals_for` loads the one signal a board row does not already hold (missed
check-ins) in a fixed number of queries; open blockers come with the row (bot.domain.checkin.blockers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.db.filters import PerDialect, any_of, any_param
from bot.db.models import Delivery, Engagement
from bot.domain import duties
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import slots, snoozes, work_hours, worktime
from bot.domain.shapes import Calendar
from bot.text.counts import plural

ON_TRACK, NO_STATUS, SILENT, AT_RISK, BLOCKED = "on_track", "no_status", "silent", "at_risk", "blocked"
SEVERITY = {ON_TRACK: 0, NO_STATUS: 1, SILENT: 1, AT_RISK: 2, BLOCKED: 3}
SILENT_AFTER_DAYS = 7
MISSED_LOOKBACK_DAYS = 7
DEADLINE_WINDOW_DAYS = 7
DEADLINE_PROGRESS = 75


@dataclass(frozen=True, slots=True)
class Signals:
    """What a board row does not hold by itself: the oldest open blocker's day and missed check-in days."""

    open_blocker_since: date | None = None
    missed: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class Health:
    """A level (on_track / silent / at_risk / blocked) and, unless on track, why in a few words each."""

    level: str
    reasons: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """'1 task overdue; missed check-in Tue' (empty when on track)."""
        return "; ".join(self.reasons)


def day_label(day: date, today: date) -> str:
    """'Tue' within the last or next six days, else '5 Dec'."""
    return f"{day:%a}" if abs((today - day).days) <= 6 else f"{day.day} {day:%b}"


def days_away(person: Calendar, last: date, days_since: int) -> int:
    """The person's working days after `last` up to `days_since` days later lost to a public holiday or
    time off: a week's leave after Friday's check-in is 5 of the 10 days to the Monday after."""
    days = (last + timedelta(days=n) for n in range(1, days_since + 1))
    return sum(str(day.isoweekday()) in person.work_days and not worktime.works_on(person, day) for day in days)


def assess(*, reported: str | None, progress: int | None, days_since: int | None, overdue_tasks: int,
           deadline: date | None, today: date, signals: Signals = Signals(),  # noqa: B008
           days_away: int = 0) -> Health:
    """The worst of the signals (see the module docstring), with a reason for each non-green one.

    `days_away`: of the `days_since`, the working days the contractor was away (see `days_away`).
    """
    found: list[tuple[str, str]] = []
    stale = days_since is None or days_since - days_away > SILENT_AFTER_DAYS
    if days_since is None:
        found.append((SILENT, "no check-in yet"))
    elif stale:
        found.append((SILENT, f"no check-in for {days_since} days"))
    elif reported == BLOCKED:
        found.append((BLOCKED, "reported blocked"))
    elif reported == AT_RISK:
        found.append((AT_RISK, "reported at risk"))
    elif reported == NO_STATUS:
        found.append((NO_STATUS, "no status given"))
    if signals.open_blocker_since is not None:
        found.append((BLOCKED, f"blocker open since {day_label(signals.open_blocker_since, today)}"))
    if overdue_tasks:
        found.append((AT_RISK, f"{plural(overdue_tasks, 'task')} overdue"))
    if signals.missed:
        days = ", ".join(day_label(d, today) for d in signals.missed[-3:])
        missed = len(signals.missed)
        found.append((AT_RISK, f"{missed} missed check-ins, the latest {days}" if missed > 3  # all counted
                      else f"missed check-in{'s' if missed > 1 else ''} {days}"))
    if deadline is not None and deadline < today:
        found.append((AT_RISK, f"deadline passed {day_label(deadline, today)}"))
    elif (deadline is not None and (deadline - today).days <= DEADLINE_WINDOW_DAYS and not stale
          and progress is not None and progress < DEADLINE_PROGRESS):
        found.append((AT_RISK, f"deadline {day_label(deadline, today)} at {progress}% done"))
    if not found:
        return Health(ON_TRACK)
    level = max((lvl for lvl, _ in found), key=SEVERITY.__getitem__)
    return Health(level, tuple(reason for _, reason in found))


def signals_for(session: Session, engagements: Sequence[Any], last_days: Mapping[int, date | None],
                now: datetime) -> dict[int, Signals]:
    """Missed check-ins of the given engagements (ORM rows or board cards with `id`).

    One query for prompts, however many engagements; only when a prompt is unanswered does a
    second load its snooze and the people whose working hours the SLA counts. `last_days` holds
    each engagement's newest check-in day: one on or after a prompt's day answers it. Open blockers
    are not read here: every view already loads them to show them (bot.domain.checkin.blockers), and
    status.assessment takes the oldest one's day from there.
    """
    if not engagements:
        return {}
    missed = _missed(session, engagements, last_days, now)
    return {i: Signals(missed=tuple(days)) for i, days in missed.items()}


# The prompts sent by `now` among some keys: built once, run on the connection (every /checkin status reads it).
_PROMPTS = PerDialect(lambda dialect: select(Delivery.key, Delivery.due_at).where(
    Delivery.duty == slots.DUTY, Delivery.status == ledger.SENT, any_param(dialect, Delivery.key, "keys"),
    Delivery.due_at <= bindparam("now")))


def _missed(session: Session, engagements: Sequence[Any], last_days: Mapping[int, date | None],
            now: datetime) -> dict[int, list[date]]:
    """Prompt days whose SLA has run out unanswered, per engagement, oldest first."""
    utc_today = now.date()
    days = [utc_today - timedelta(days=back) for back in range(-1, MISSED_LOOKBACK_DAYS + 1)]
    # A check-in on or after a prompt's day answers it: only the days after each engagement's newest
    # check-in can hold a missed prompt, so only their keys (slots.key_for each) are asked for.
    by_last: dict[date | None, list[int]] = {}
    for engagement in engagements:
        by_last.setdefault(last_days.get(engagement.id), []).append(engagement.id)
    keys: list[str] = []
    for last, ids in by_last.items():
        keys += ledger_keys.slots(ledger_keys.CHECKIN, ids, [day for day in days if last is None or last < day])
    if not keys:
        return {}
    prompts = session.connection().execute(_PROMPTS.of(session), {"keys": keys, "now": now}).all()
    open_prompts = []
    for key, due_at in prompts:
        engagement_id, day = slots.parse_key(key)
        last = last_days.get(engagement_id)
        if last is None or last < day:
            open_prompts.append((engagement_id, day, due_at))
    if not open_prompts:
        return {}
    wanted = {engagement_id for engagement_id, _, _ in open_prompts}
    loaded = {e.id: e for e in engagements if isinstance(e, Engagement) and e.id in wanted}
    if len(loaded) < len(wanted):
        loaded |= {e.id: e for e in session.scalars(duties.with_people(
            select(Engagement).where(any_of(session, Engagement.id, wanted - set(loaded))))).unique()}
    snoozed = snoozes.ends(session, [(engagement_id, day) for engagement_id, day, _ in open_prompts])
    found: dict[int, list[date]] = {}
    for engagement_id, day, due_at in sorted(open_prompts, key=lambda p: (p[0], p[1])):
        engagement = loaded[engagement_id]
        start = max(due_at, snoozed.get((engagement_id, day)) or due_at)
        if now >= work_hours.add_working_hours(engagement.contractor.person, start, engagement.sla_hours):
            found.setdefault(engagement_id, []).append(day)
    return found

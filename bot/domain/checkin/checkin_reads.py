"""What every /checkin reads first, built for speed: the status board and which engagement the speaker is on.

`/checkin status` is what owners type most, so these reads use statements built once at import
(building one costs more CPU than running it), run them on the session's connection (no ORM
execution layer) and read plain columns into the board's cards instead of the ORM object graph.
tests/domain/checkin/test_checkin_reads.py holds them to the answers of the ORM reads they replace
(status.rows_for over the owner's engagements, and the ORM reads of engagements.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from bot.db.filters import PerDialect, any_param
from bot.db.models import Checkin, CheckinNote, Contractor, Engagement, Observer, Person, Task, TimeOff
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError
from bot.domain.reports import health, status
from bot.domain.schedule import worktime

# People belong to the workspace of their engagements (people.ensure is always called with the
# engagement's team), so filtering them by team_id too changes no answer and lets the
# (team_id, user_id) index find them instead of a scan of everyone.
_owner, _worker, _observer, _older = aliased(Person), aliased(Person), aliased(Person), aliased(Checkin)
_me = select(Person.id).where(Person.team_id == bindparam("team_id"), Person.user_id == bindparam("user_id"))
_observed = (
    select(Observer.engagement_id)
    .join(_observer, Observer.person_id == _observer.id)
    .where(_observer.team_id == bindparam("team_id"), _observer.user_id == bindparam("user_id"),
           Observer.removed_at.is_(None))
)
_newest_day = (
    select(func.max(_older.local_date)).where(_older.engagement_id == Engagement.id).correlate(Engagement)
    .scalar_subquery()
)
_task = aliased(Task)
# `status IN (...)` of literal values is re-rendered on every execution (an "expanding" parameter);
# the same test as plain comparisons is rendered once.
_is_open = or_(*(Engagement.status == state for state in engagements.OPEN_STATUSES))


def _open_tasks(due_before: str | None = None) -> ScalarSelect[int]:
    """The engagement's open (not done) tasks, or those of them due before a date."""
    counted = select(func.count()).select_from(_task).where(_task.engagement_id == Engagement.id,
                                                            _task.status != "done")
    if due_before is not None:
        counted = counted.where(_task.due_on < bindparam(due_before))
    return counted.correlate(Engagement).scalar_subquery()


# Whether a row needs the board's follow-up reads at all: its contractor has time off still to come or
# since their last check-in (silence does not count the days away), its engagement an open blocker, its
# last check-in a note. Most rows need none, and each read costs more CPU than these index probes: a
# board where no row does skips them (see board_for).
_away = (select(TimeOff.id).where(TimeOff.person_id == _worker.id, or_(
    TimeOff.end_on >= bindparam("yesterday"), TimeOff.end_on > Checkin.local_date))
    .correlate(_worker, Checkin).exists())
_stuck_checkin = aliased(Checkin)
_stuck = (select(_stuck_checkin.id).where(_stuck_checkin.engagement_id == Engagement.id, _stuck_checkin.blockers != "",
                                          _stuck_checkin.blocker_resolved_at.is_(None))
          .correlate(Engagement).exists())
_noted = select(CheckinNote.id).where(CheckinNote.checkin_id == Checkin.id).correlate(Checkin).exists()

# Overdue is judged in the owner's calendar, and anywhere on Earth that is UTC's date, the day
# before or the day after: the query counts for all three and each row picks its owner's.
_DAYS = ("yesterday", "today", "tomorrow")


def _board_part(part: int, *chosen: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """One half of the board: its engagements' columns, their people's and their latest check-in's."""
    return (
        # Labels that differ from the column names: SQLite orders a UNION only by result names.
        select(literal(part).label("part"), Engagement.deadline.label("due"), Engagement.id.label("engagement_id"),
               Engagement.title, Engagement.channel_id, Engagement.status, Engagement.checkin_days,
               Engagement.checkin_time,
               _owner.user_id, _owner.tz, _worker.user_id.label("worker_id"), _worker.tz.label("worker_tz"),
               Engagement.start_on, _worker.id.label("worker_person"), _worker.work_days, _worker.country,
               Checkin.status.label("last_status"), Checkin.progress, Checkin.local_date,
               Checkin.id.label("checkin_id"), _away.label("away"), _stuck.label("stuck"), _noted.label("noted"),
               _open_tasks(), *(_open_tasks(day) for day in _DAYS))
        .join(_owner, Engagement.owner_id == _owner.id)
        .join(Contractor, Engagement.contractor_id == Contractor.id)
        .join(_worker, Contractor.person_id == _worker.id)
        .outerjoin(Checkin, (Checkin.engagement_id == Engagement.id) & (Checkin.local_date == _newest_day))
        .where(Engagement.team_id == bindparam("team_id"), _is_open, *chosen)
    )


# Owned engagements first, then the observed ones the person does not own; each soonest deadline first.
_BOTH = union_all(
    _board_part(0, Engagement.owner_id == _me.scalar_subquery()),
    _board_part(1, Engagement.id.in_(_observed), _owner.user_id != bindparam("user_id")),
)
_BOARD = _BOTH.order_by(_BOTH.selected_columns.part, _BOTH.selected_columns.due, _BOTH.selected_columns.engagement_id)


# The contractors' time off ending on or after a day: plain rows (start_on, end_on: all worktime.works_on reads).
_TIME_OFF = PerDialect(lambda dialect: select(TimeOff.person_id, TimeOff.start_on, TimeOff.end_on).where(
    any_param(dialect, TimeOff.person_id, "people"), TimeOff.end_on >= bindparam("from_day")))


def board_for(session: Session, *, team_id: str, user_id: str,
              now: datetime) -> list[status.BoardRow[status.EngagementCard]]:
    """The engagements a person owns, then those they observe: status.rows_for(owned) + status.rows_for(observed).

    One query, whatever the number of engagements, and no ORM objects: cards with the same names;
    then the health rule's prompts, and only if some row has any (the query says which): time off,
    open blockers (plus their contractors) and notes.
    """
    utc_today = now.astimezone(UTC).date()
    days = [utc_today + timedelta(days=shift) for shift in (-1, 0, 1)]
    found = session.connection().execute(_BOARD, {"team_id": team_id, "user_id": user_id,
                                                  **dict(zip(_DAYS, days, strict=True))}).all()
    today_in = cache(lambda tz: worktime.local_today(now, tz))  # a board spans a handful of zones
    # The contractors' time off still to come (the row's next check-in skips it) or since their last check-in
    # (not counted as silence): one query, if anyone has some.
    away: dict[int, list[Any]] = {}
    if any(row.away for row in found):
        since = min([days[0], *(row.local_date for row in found if row.away and row.local_date is not None)])
        for off in session.connection().execute(_TIME_OFF.of(session), {
                "people": list({row.worker_person for row in found if row.away}), "from_day": since}):
            away.setdefault(off.person_id, []).append(off)
    board, follow_up = [], set()
    for (_, deadline, id_, title, channel_id, state, cadence, at, owner_id, owner_tz, worker_id, worker_tz,
         start_on, worker_person, work_days, country,
         last_status, progress, last_day, checkin_id, _, stuck, noted, open_tasks, *overdue) in found:
        if stuck or noted:
            follow_up.add(id_)
        owner = status.PersonCard(owner_id, owner_tz)
        worker = status.PersonCard(worker_id, worker_tz, work_days, country, tuple(away.get(worker_person, ())))
        card = status.EngagementCard(id_, title, channel_id, state, cadence, at, owner, status.ContractorCard(worker),
                                     deadline, start_on)
        last = status.CheckinCard(last_status, progress, last_day, checkin_id) if last_day is not None else None
        # Days since the last check-in count in the contractor's calendar, as check-ins do (checkins.local_date).
        since = (today_in(worker_tz) - last_day).days if last_day is not None else None
        board.append(status.BoardRow(card, last, since, open_tasks, overdue[days.index(today_in(owner_tz))],
                                     today=today_in(owner_tz)))
    # The signals a row's columns do not hold (missed check-ins; open blockers and notes, to show them).
    signals = health.signals_for(session, [row.engagement for row in board],
                                 {row.engagement.id: row.last.local_date if row.last else None for row in board}, now)
    board = [replace(row, signals=signals[row.engagement.id]) if row.engagement.id in signals else row
             for row in board]
    # Open blockers and notes are read only for the rows that have some (the rest have none to show).
    shown = {row.engagement.id: row for row in status.with_blockers_and_notes(
        session, [row for row in board if row.engagement.id in follow_up], now)}
    return [shown.get(row.engagement.id, row) for row in board]


_CONTRACTED = (
    select(Engagement.id, Engagement.channel_id, _owner.user_id)
    .join(Contractor, Engagement.contractor_id == Contractor.id)
    .join(_worker, Contractor.person_id == _worker.id)
    .join(_owner, Engagement.owner_id == _owner.id)
    .where(_worker.team_id == bindparam("team_id"), _worker.user_id == bindparam("user_id"),
           Engagement.team_id == bindparam("team_id"), _is_open)
)


def checkin_target(session: Session, *, team_id: str, user_id: str, channel_id: str) -> int | None:
    """Which engagement the speaker checks in on, as an id, in one query (every /checkin asks it first).

    This channel's engagement if the person is its contractor (and not its owner), else their only
    open one; several elsewhere is the same refusal.
    """
    mine = session.connection().execute(_CONTRACTED, {"team_id": team_id, "user_id": user_id}).all()
    here = [id_ for id_, channel, owner_id in mine if channel == channel_id and owner_id != user_id]
    if here:
        return here[0]
    if len(mine) > 1:
        raise DomainError("You work on several engagements: run /checkin in the engagement's channel.")
    return mine[0][0] if mine else None

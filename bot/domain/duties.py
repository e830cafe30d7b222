"""Set-based reads behind the sweeps: a constant number of queries, however many engagements there are.

Most sweeps look at every active engagement with its owner, contractor and their time off. That set
is read once per run of the sweeps (`Tick`), as plain slotted rows rather than ORM objects: at 10,000
engagements the ORM objects took ~55 MB (~90 MB of peak RSS) and a second per read, and seven sweeps
read them; the rows take ~10 MB and a quarter of a second. They carry the ORM attribute names, so the
rules (slots, working hours, keys) and the message builders read them as they read a loaded
`Engagement`; they are a snapshot, never added to a session, with no relationships but those loaded here.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from dataclasses import make_dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session, joinedload

from bot.db.filters import any_of
from bot.db.models import Checkin, Contractor, Delivery, Engagement, Person, TimeOff
from bot.domain.delivery import ledger
from bot.domain.schedule import slots

T = TypeVar("T")
# Never read by a sweep: the kickoff's long texts and the bookkeeping timestamps.
SKIPPED = frozenset({"objectives", "deliverables", "skills", "created_at", "updated_at"})
BATCH = 2000  # rows fetched per round trip while reading the set (a server-side cursor on PostgreSQL)
# Columns whose values differ per row; every other value (zone, working days, dates, team) is stored once
# and shared by all the rows that hold it, which halves the set's size.
DISTINCT = frozenset({"id", "user_id", "name", "title", "channel_id", "owner_id", "contractor_id", "person_id",
                      "brief_ts"})


def _row_type(model: type, *links: str) -> type:
    """A slotted stand-in for `model`: its columns (less SKIPPED) plus the `links` it points to."""
    columns = tuple(c.key for c in model.__table__.columns if c.key not in SKIPPED)  # type: ignore[attr-defined]
    cls = make_dataclass(f"{model.__name__}Row", [*columns, *links], slots=True, eq=False, repr=False,
                         namespace={"__repr__": lambda self: f"<{type(self).__name__} {self.id}>"})
    cls.columns = columns  # type: ignore[attr-defined]
    return cls


class TimeOffRow(NamedTuple):
    """The part of a TimeOff the working-day rules read."""

    start_on: date
    end_on: date


PersonRow = _row_type(Person, "time_off")
ContractorRow = _row_type(Contractor, "person")
EngagementRow = _row_type(Engagement, "owner", "contractor")
NO_TIME_OFF: tuple[TimeOffRow, ...] = ()


def with_people(statement):  # type: ignore[no-untyped-def]
    """Load owner, contractor, their people and time off with the engagements (no lazy loads later)."""
    return statement.options(
        joinedload(Engagement.owner).subqueryload(Person.time_off),
        joinedload(Engagement.contractor).joinedload(Contractor.person).subqueryload(Person.time_off),
    )


_SHARED: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("duties_shared", default=None)
_END = object()


class Tick:
    """One run of every sweep: the active engagements are read by the first sweep that asks, then shared.

    The sweeps run inside a context of their own (contextvars), so the shared rows never leak to the
    caller and two ticks in two threads never see each other's. Within a tick the rows are a snapshot:
    an engagement paused while the tick sends is seen as paused by the next tick, a minute later.
    """

    def __init__(self) -> None:
        self._context = contextvars.copy_context()
        self._context.run(_SHARED.set, {})

    def run(self, steps: Iterator[T]) -> Iterator[T]:
        """Step through one sweep inside the tick."""
        while (item := self._context.run(next, steps, _END)) is not _END:
            yield item  # type: ignore[misc]


def active_engagements(session: Session) -> list[Any]:
    """Every active engagement (rows, by id) with everything the slot arithmetic and the messages read."""
    shared = _SHARED.get()
    if shared is None:
        return load_active(session)
    if "active" not in shared:
        shared["active"] = load_active(session)
    return shared["active"]


def load_active(session: Session) -> list[Any]:
    """Read the active engagements, their contractors, owners and people, and those people's time off (3 queries)."""
    active = Engagement.status == "active"
    people_ids = union(select(Engagement.owner_id).where(active),
                       select(Contractor.person_id).join(Engagement, Engagement.contractor_id == Contractor.id)
                       .where(active))
    pool: dict[tuple[type, Any], Any] = {}
    time_off: dict[int, list[TimeOffRow]] = {}
    for person_id, start_on, end_on in session.execute(
            select(TimeOff.person_id, TimeOff.start_on, TimeOff.end_on)
            .where(TimeOff.person_id.in_(people_ids)).order_by(TimeOff.person_id, TimeOff.start_on)):
        time_off.setdefault(person_id, []).append(TimeOffRow(start_on, end_on))
    people = {}
    for values in _stream(session, select(*_columns(Person, PersonRow)).where(Person.id.in_(people_ids)),
                          PersonRow.columns, pool):
        person = PersonRow(*values, NO_TIME_OFF)
        person.time_off = tuple(time_off.get(person.id, NO_TIME_OFF))
        people[person.id] = person
    split = len(EngagementRow.columns)
    rows = []
    statement = (select(*_columns(Engagement, EngagementRow), *_columns(Contractor, ContractorRow))
                 .join(Contractor, Engagement.contractor_id == Contractor.id).where(active).order_by(Engagement.id))
    for values in _stream(session, statement, EngagementRow.columns + ContractorRow.columns, pool):
        contractor = ContractorRow(*values[split:], None)
        contractor.person = people[contractor.person_id]
        engagement = EngagementRow(*values[:split], None, contractor)
        engagement.owner = people[engagement.owner_id]
        rows.append(engagement)
    return rows


def _columns(model: type, row_type: type) -> list[Any]:
    table = model.__table__  # type: ignore[attr-defined]
    return [table.c[name] for name in row_type.columns]  # type: ignore[attr-defined]


def _stream(session: Session, statement: Any, names: tuple[str, ...],
            pool: dict[tuple[type, Any], Any]) -> Iterator[list[Any]]:
    """Plain lists, fetched in batches (the whole result never sits in memory next to the rows built from
    it), with the values of shared columns taken from `pool`: keyed by type too, as True == 1."""
    shared = [i for i, name in enumerate(names) if name not in DISTINCT]
    for partition in session.execute(statement, execution_options={"yield_per": BATCH}).partitions():
        for values in partition:
            row = list(values)
            for i in shared:
                row[i] = pool.setdefault((type(row[i]), row[i]), row[i])
            yield row


def engagements_by_id(session: Session, ids: Iterable[int]) -> dict[int, Engagement]:
    """Engagements (any status) by id, people loaded, in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    statement = with_people(select(Engagement).where(Engagement.id.in_(wanted)))
    return {e.id: e for e in session.scalars(statement).unique()}


def last_checkin_dates(session: Session, engagement_ids: Iterable[int]) -> dict[int, date]:
    """The latest contractor-local check-in date per engagement; a check-in on or after a slot's day answers it."""
    wanted = set(engagement_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(Checkin.engagement_id, func.max(Checkin.local_date))
        .where(any_of(session, Checkin.engagement_id, wanted)).group_by(Checkin.engagement_id)
    )
    return {engagement_id: day for engagement_id, day in rows}


def answered(last_dates: dict[int, date], engagement_id: int, local_date: date) -> bool:
    """Whether a check-in by any route (form, command, thread) answers the slot of `local_date`."""
    last = last_dates.get(engagement_id)
    return last is not None and last >= local_date


def sent_prompts(session: Session, since: datetime) -> list[Delivery]:
    """Check-in prompts posted for slots due since `since` (candidates for follow-ups)."""
    return list(session.scalars(
        select(Delivery).where(Delivery.duty == slots.DUTY, Delivery.status == ledger.SENT,
                               Delivery.due_at >= since).order_by(Delivery.due_at)
    ))

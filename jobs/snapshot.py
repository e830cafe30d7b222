"""The tick's snapshot of the active engagements: typed, frozen rows, read in a constant number of queries.

Most sweeps look at every active engagement with its owner, contractor and their time off. A run
reads that set once (`jobs.context.SweepContext.active`), as plain immutable rows (named tuples that
compare by identity) rather than ORM objects: at 10,000 engagements the ORM objects took ~55 MB (~90 MB
of peak RSS) and a second per read; the rows take ~10 MB and a tenth of a second. Their fields carry
the ORM attribute names, so the rules (slots, working hours, keys) and the message builders read them
as they read a loaded `Engagement`; they are a snapshot, never added to a session, and compare by identity.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from bot.db.models import Contractor, Engagement, Person, TimeOff
from jobs import collector

_View = TypeVar("_View")
BATCH = 2000  # rows fetched per round trip while reading the set (a server-side cursor on PostgreSQL)
# Columns whose values differ per row; every other value (zone, working days, dates, team) is stored once
# and shared by all the rows that hold it, which halves the set's size.
DISTINCT = frozenset({"id", "user_id", "name", "title", "channel_id", "owner_id", "contractor_id", "person_id",
                      "brief_ts"})


def _a_record(view: type[_View]) -> type[_View]:
    """Rows are records of a snapshot, not values: each equal only to itself, hashed by identity (two reads of
    one engagement are two rows), shown by its id."""
    def same(self: object, other: object) -> bool:
        return self is other

    def other(self: object, other: object) -> bool:
        return self is not other

    def shown(self: Any) -> str:
        return f"<{type(self).__name__} {self.id}>"

    for name, method in (("__eq__", same), ("__ne__", other), ("__hash__", object.__hash__), ("__repr__", shown)):
        setattr(view, name, method)
    return view


@dataclass(frozen=True, slots=True)
class TimeOffView:
    """The part of a TimeOff the working-day rules read."""

    start_on: date
    end_on: date


@_a_record
class PersonView(NamedTuple):
    """A Person as the sweeps read it: zone, working days and hours, holidays country, time off."""

    id: int
    team_id: str
    user_id: str
    name: str
    tz: str
    country: str | None
    work_days: str
    work_start: time
    work_end: time
    tz_explicit: bool
    country_explicit: bool
    time_off: tuple[TimeOffView, ...] = ()


@_a_record
class ContractorView(NamedTuple):
    """A Contractor's registry entry (no skills: no sweep reads them), with its person."""

    id: int
    team_id: str
    person_id: int
    company: str
    status: str
    added_by: str
    person: PersonView


@_a_record
class EngagementView(NamedTuple):
    """An active Engagement without the kickoff's long texts (objectives, deliverables), owner and contractor loaded."""

    id: int
    team_id: str
    owner_id: int
    contractor_id: int
    channel_id: str
    title: str
    start_on: date
    deadline: date
    budget_minor: int | None
    budget_currency: str | None
    checkin_days: str
    checkin_time: time
    sla_hours: int
    payment_terms_days: int
    feedback_every_days: int
    trial: bool
    confidential: bool
    contingency: str
    status: str
    brief_ts: str | None
    ended_at: datetime | None
    end_reason: str | None
    owner: PersonView
    contractor: ContractorView


def _columns_of(view: type, *links: str) -> tuple[str, ...]:
    return tuple(name for name in view._fields if name not in links)  # type: ignore[attr-defined]  # a NamedTuple


PERSON_COLUMNS = _columns_of(PersonView, "time_off")
CONTRACTOR_COLUMNS = _columns_of(ContractorView, "person")
ENGAGEMENT_COLUMNS = _columns_of(EngagementView, "owner", "contractor")


def load(session: Session, teams: Collection[str] | None = None) -> tuple[EngagementView, ...]:
    """`_load` with the cyclic garbage collector paused (jobs.collector): building 300,000 acyclic tuples set it
    off over and over to walk a heap with nothing to collect, half the time of the read."""
    with collector.paused():
        rows = _load(session, teams)
    collector.freeze()  # held for the run: no later collection of the run walks it again
    return rows


def _load(session: Session, teams: Collection[str] | None) -> tuple[EngagementView, ...]:
    """Every active engagement (of `teams`, or all), by id, with owner, contractor, people, time off (3 queries).

    Read through the session's Core connection (the ORM's result layer cost a second per 100,000 rows
    for plain columns) and built positionally from the columns in field order: a NamedTuple is made in a
    tenth of the time a frozen dataclass's `__init__` takes, 1 s less per 100,000 engagements.
    """
    active = Engagement.status == "active"
    if teams is not None:
        active = active & Engagement.team_id.in_(sorted(teams))
    connection = session.connection()
    time_off: dict[int, list[TimeOffView]] = {}
    for person_id, start_on, end_on in connection.execute(
            select(TimeOff.person_id, TimeOff.start_on, TimeOff.end_on)
            .where(_involved(TimeOff.person_id, active)).order_by(TimeOff.person_id, TimeOff.start_on)):
        time_off.setdefault(person_id, []).append(TimeOffView(start_on, end_on))
    people: dict[int, PersonView] = {}
    for values in _stream(connection, select(*_columns(Person, PERSON_COLUMNS)).where(_involved(Person.id, active)),
                          PERSON_COLUMNS):
        people[values[0]] = PersonView._make((*values, tuple(time_off.get(values[0], ()))))
    split = len(ENGAGEMENT_COLUMNS)
    person_at = split + CONTRACTOR_COLUMNS.index("person_id")
    owner_at = ENGAGEMENT_COLUMNS.index("owner_id")
    contractor_at = ENGAGEMENT_COLUMNS.index("contractor_id")
    assert CONTRACTOR_COLUMNS[0] == "id", CONTRACTOR_COLUMNS  # the contractor's id: the engagement's contractor_id
    rows = []
    statement = (select(*_columns(Engagement, ENGAGEMENT_COLUMNS), *_columns(Contractor, CONTRACTOR_COLUMNS))
                 .join(Contractor, Engagement.contractor_id == Contractor.id).where(active).order_by(Engagement.id))
    for values in _stream(connection, statement, ENGAGEMENT_COLUMNS + CONTRACTOR_COLUMNS):
        person, owner = people[values[person_at]], people[values[owner_at]]
        # The ids the rows hold twice are the same int objects (28 bytes each, 100,000 times over).
        contractor = ContractorView._make((values[contractor_at], *values[split + 1:person_at], person.id,
                                           *values[person_at + 1:], person))
        rows.append(EngagementView._make((*values[:owner_at], owner.id, *values[owner_at + 1:split], owner,
                                          contractor)))
    return tuple(rows)


def _involved(person_id: Any, active: Any) -> Any:
    """`person_id` is an owner's or a contractor's of an `active` engagement: two hashed subqueries, not their
    UNION (which PostgreSQL de-duplicates, then joins: 0.41 against 0.26 s at 100,000 engagements)."""
    owners = select(Engagement.owner_id).where(active)
    workers = select(Contractor.person_id).join(Engagement, Engagement.contractor_id == Contractor.id).where(active)
    return or_(person_id.in_(owners), person_id.in_(workers))


def _columns(model: type, names: tuple[str, ...]) -> list[Any]:
    table = model.__table__  # type: ignore[attr-defined]  # every mapped model has one
    return [table.c[name] for name in names]


def _stream(connection: Connection, statement: Any, names: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    """Rows as plain tuples, fetched in batches (the whole result never sits in memory next to the views built
    from it), the values of shared columns taken from one pool per column: a column holds one type, so
    True and 1 never meet in a pool."""
    shared = [i for i, name in enumerate(names) if name not in DISTINCT]
    pools: dict[int, dict[Any, Any]] = {i: {} for i in shared}
    result = connection.execution_options(yield_per=BATCH).execute(statement)
    for partition in result.partitions():
        columns: list[Iterable[Any]] = list(zip(*partition, strict=True))
        for i in shared:
            columns[i] = map(pools[i].setdefault, columns[i], columns[i])
        yield from zip(*columns, strict=True)

"""The tick's snapshot of the active engagements: typed, frozen rows, read in a constant number of queries.

Most sweeps look at every active engagement with its owner, contractor and their time off. A run
reads that set once (`jobs.context.SweepContext.active`), as plain frozen slotted rows rather than
ORM objects: at 10,000 engagements the ORM objects took ~55 MB (~90 MB of peak RSS) and a second per
read; the rows take ~10 MB and a quarter of a second. Their fields carry the ORM attribute names, so
the rules (slots, working hours, keys) and the message builders read them as they read a loaded
`Engagement`; they are a snapshot, never added to a session, and compare by identity.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from bot.db.models import Contractor, Engagement, Person, TimeOff

BATCH = 2000  # rows fetched per round trip while reading the set (a server-side cursor on PostgreSQL)
# Columns whose values differ per row; every other value (zone, working days, dates, team) is stored once
# and shared by all the rows that hold it, which halves the set's size.
DISTINCT = frozenset({"id", "user_id", "name", "title", "channel_id", "owner_id", "contractor_id", "person_id",
                      "brief_ts"})


@dataclass(frozen=True, slots=True)
class TimeOffView:
    """The part of a TimeOff the working-day rules read."""

    start_on: date
    end_on: date


@dataclass(frozen=True, slots=True, eq=False)
class PersonView:
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

    def __repr__(self) -> str:
        return f"<PersonView {self.id}>"


@dataclass(frozen=True, slots=True, eq=False)
class ContractorView:
    """A Contractor's registry entry (no skills: no sweep reads them), with its person."""

    id: int
    team_id: str
    person_id: int
    company: str
    status: str
    added_by: str
    person: PersonView

    def __repr__(self) -> str:
        return f"<ContractorView {self.id}>"


@dataclass(frozen=True, slots=True, eq=False)
class EngagementView:
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

    def __repr__(self) -> str:
        return f"<EngagementView {self.id}>"


def _columns_of(view: type, *links: str) -> tuple[str, ...]:
    return tuple(f.name for f in fields(view) if f.name not in links)


PERSON_COLUMNS = _columns_of(PersonView, "time_off")
CONTRACTOR_COLUMNS = _columns_of(ContractorView, "person")
ENGAGEMENT_COLUMNS = _columns_of(EngagementView, "owner", "contractor")


def load(session: Session, teams: Collection[str] | None = None) -> tuple[EngagementView, ...]:
    """Every active engagement (of `teams`, or all), by id, with owner, contractor, people, time off (3 queries)."""
    active = Engagement.status == "active"
    if teams is not None:
        active = active & Engagement.team_id.in_(sorted(teams))
    people_ids = union(select(Engagement.owner_id).where(active),
                       select(Contractor.person_id).join(Engagement, Engagement.contractor_id == Contractor.id)
                       .where(active))
    pool: dict[tuple[type, Any], Any] = {}
    time_off: dict[int, list[TimeOffView]] = {}
    for person_id, start_on, end_on in session.execute(
            select(TimeOff.person_id, TimeOff.start_on, TimeOff.end_on)
            .where(TimeOff.person_id.in_(people_ids)).order_by(TimeOff.person_id, TimeOff.start_on)):
        time_off.setdefault(person_id, []).append(TimeOffView(start_on, end_on))
    people: dict[int, PersonView] = {}
    for values in _stream(session, select(*_columns(Person, PERSON_COLUMNS)).where(Person.id.in_(people_ids)),
                          PERSON_COLUMNS, pool):
        person = PersonView(**dict(zip(PERSON_COLUMNS, values, strict=True)),
                            time_off=tuple(time_off.get(values[0], ())))
        people[person.id] = person
    split = len(ENGAGEMENT_COLUMNS)
    rows = []
    statement = (select(*_columns(Engagement, ENGAGEMENT_COLUMNS), *_columns(Contractor, CONTRACTOR_COLUMNS))
                 .join(Contractor, Engagement.contractor_id == Contractor.id).where(active).order_by(Engagement.id))
    for values in _stream(session, statement, ENGAGEMENT_COLUMNS + CONTRACTOR_COLUMNS, pool):
        contractor_values = dict(zip(CONTRACTOR_COLUMNS, values[split:], strict=True))
        contractor = ContractorView(**contractor_values, person=people[contractor_values["person_id"]])
        engagement_values = dict(zip(ENGAGEMENT_COLUMNS, values[:split], strict=True))
        rows.append(EngagementView(**engagement_values, owner=people[engagement_values["owner_id"]],
                                   contractor=contractor))
    return tuple(rows)


def _columns(model: type, names: tuple[str, ...]) -> list[Any]:
    table = model.__table__  # type: ignore[attr-defined]  # every mapped model has one
    return [table.c[name] for name in names]


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

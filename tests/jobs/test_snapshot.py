"""The tick's snapshot of the active engagements: typed frozen rows that read like the ORM."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.db.models import Base, Contractor, Engagement, Person, TimeOff
from bot.domain.schedule import slots, work_hours
from jobs import snapshot
from tests.domain.conftest import NOW, OWNER, TEAM, make_engagement, make_person


@pytest.fixture
def session() -> Iterator[Session]:
    """A session on a fresh in-memory database (the domain tests' own)."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def owner(session: Session) -> Person:
    return make_person(session, OWNER)


@pytest.fixture
def three(session: Session, owner) -> list[Engagement]:  # type: ignore[no-untyped-def]
    """Two active engagements (one contractor with time off) and a paused one."""
    first = make_engagement(session, owner=owner)
    second = make_engagement(session, owner=owner, contractor_user="U0BOB", channel_id="C0OTHER")
    paused = make_engagement(session, owner=owner, contractor_user="U0SAM", channel_id="C0PAUSED")
    paused.status = "paused"
    first.contractor.person.country = "CO"
    first.contractor.person.time_off = [TimeOff(start_on=date(2026, 11, 20), end_on=date(2026, 11, 21), note="x"),
                                        TimeOff(start_on=date(2026, 11, 3), end_on=date(2026, 11, 4), note="y")]
    first.contractor.company = "Acme Studio"
    first.checkin_time = time(16, 30)
    session.flush()
    session.expire_all()
    return [first, second, paused]


def test_rows_hold_every_column_a_sweep_reads_with_the_orm_values(session, three):
    rows = snapshot.load(session)
    assert [row.id for row in rows] == [three[0].id, three[1].id]  # active only, by id
    for row, orm in zip(rows, three, strict=False):
        for name in snapshot.ENGAGEMENT_COLUMNS:
            assert getattr(row, name) == getattr(orm, name), name
        for name in snapshot.CONTRACTOR_COLUMNS:
            assert getattr(row.contractor, name) == getattr(orm.contractor, name), name
        for mine, theirs in ((row.owner, orm.owner), (row.contractor.person, orm.contractor.person)):
            for name in snapshot.PERSON_COLUMNS:
                assert getattr(mine, name) == getattr(theirs, name), name
            assert [(o.start_on, o.end_on) for o in mine.time_off] == [(o.start_on, o.end_on) for o in theirs.time_off]
    assert [o.start_on.day for o in rows[0].contractor.person.time_off] == [3, 20]  # in date order, like the ORM
    assert rows[0].owner is rows[1].owner  # one owner row, shared


def test_the_rules_give_the_same_answers_on_rows_as_on_orm_objects(session, three):
    rows = snapshot.load(session)
    for row, orm in zip(rows, three, strict=False):
        for day in (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 7), date(2026, 11, 20)):
            assert slots.is_slot_day(row, day) == slots.is_slot_day(orm, day)
        assert slots.due_for_all([row], NOW)[0] == slots.due_for_all([orm], NOW)[0]
        assert work_hours.in_working_hours(row.contractor.person, NOW) == \
            work_hours.in_working_hours(orm.contractor.person, NOW)


def test_values_most_rows_share_are_stored_once(session, three):
    first, second = snapshot.load(session)
    assert first.team_id is second.team_id and first.start_on is second.start_on
    assert first.contractor.person.tz is second.contractor.person.tz == "America/Bogota"
    assert first.channel_id != second.channel_id


def test_rows_are_not_orm_objects_and_compare_by_identity(session, three):
    first, _ = snapshot.load(session)
    again, _ = snapshot.load(session)
    assert not isinstance(first, Engagement) and first != again and first == first
    assert repr(first) == f"<EngagementView {first.id}>"
    with pytest.raises(AttributeError):
        first.objectives  # noqa: B018 - the kickoff's long text is never read by a sweep, so never loaded
    with pytest.raises(AttributeError):
        first.status = "paused"  # type: ignore[misc]  # a snapshot: nobody writes to it
    assert len({first, again, first}) == 2 and hash(first) != hash(again)  # hashed by identity, not by value


def test_people_without_engagements_are_not_read(session, three):
    make_person(session, "U0LONER")
    session.flush()
    rows = snapshot.load(session)
    people = {r.owner.user_id for r in rows} | {r.contractor.person.user_id for r in rows}
    assert people == {"U0OWNER", "U0MARIA", "U0BOB"} and all(r.team_id == TEAM for r in rows)


def test_every_field_is_typed_and_names_a_column_of_its_model(session, three):
    for view, model, links in ((snapshot.EngagementView, Engagement, {"owner", "contractor"}),
                               (snapshot.PersonView, Person, {"time_off"}),
                               (snapshot.ContractorView, Contractor, {"person"})):
        names = set(view._fields)
        assert names - links <= {c.key for c in model.__table__.columns}, view
        assert all(kind not in ("Any", "object") for kind in view.__annotations__.values())


def test_the_snapshot_of_some_teams_leaves_the_others_out(session, three):
    other = make_person(session, "U0ELSE")
    other.team_id = "T0OTHER"
    session.flush()
    assert [r.id for r in snapshot.load(session, ["T0OTHER"])] == []
    assert [r.id for r in snapshot.load(session, [TEAM])] == [three[0].id, three[1].id]

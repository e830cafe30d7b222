"""The sweeps' shared read of the active engagements: plain rows that read like the ORM, once per tick."""

from __future__ import annotations

import threading
from datetime import date, time

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from bot.db.models import Engagement, TimeOff
from bot.domain import duties
from bot.domain.schedule import slots, work_hours
from tests.domain.conftest import NOW, TEAM, make_engagement, make_person


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


def count_statements(session: Session) -> list[str]:
    seen: list[str] = []
    event.listen(session.get_bind(), "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_rows_hold_every_column_a_sweep_reads_with_the_orm_values(session, three):
    rows = duties.load_active(session)
    assert [row.id for row in rows] == [three[0].id, three[1].id]  # active only, by id
    for row, orm in zip(rows, three, strict=False):
        for name in duties.EngagementRow.columns:
            assert getattr(row, name) == getattr(orm, name), name
        for name in duties.ContractorRow.columns:
            assert getattr(row.contractor, name) == getattr(orm.contractor, name), name
        for mine, theirs in ((row.owner, orm.owner), (row.contractor.person, orm.contractor.person)):
            for name in duties.PersonRow.columns:
                assert getattr(mine, name) == getattr(theirs, name), name
            assert [(o.start_on, o.end_on) for o in mine.time_off] == [(o.start_on, o.end_on) for o in theirs.time_off]
    assert [o.start_on.day for o in rows[0].contractor.person.time_off] == [3, 20]  # in date order, like the ORM
    assert rows[0].owner is rows[1].owner  # one owner row, shared


def test_the_rules_give_the_same_answers_on_rows_as_on_orm_objects(session, three):
    rows = duties.load_active(session)
    for row, orm in zip(rows, three, strict=False):
        for day in (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 7), date(2026, 11, 20)):
            assert slots.is_slot_day(row, day) == slots.is_slot_day(orm, day)
        assert slots.due(row, NOW) == slots.due(orm, NOW)
        assert work_hours.in_working_hours(row.contractor.person, NOW) == \
            work_hours.in_working_hours(orm.contractor.person, NOW)


def test_values_most_rows_share_are_stored_once(session, three):
    first, second = duties.load_active(session)
    assert first.team_id is second.team_id and first.start_on is second.start_on
    assert first.contractor.person.tz is second.contractor.person.tz == "America/Bogota"
    assert first.channel_id != second.channel_id


def test_a_tick_reads_the_set_once_and_keeps_it_to_itself(session, three):
    seen = count_statements(session)
    tick = duties.Tick()

    def sweep():  # type: ignore[no-untyped-def]
        yield duties.active_engagements(session)

    first = next(tick.run(sweep()))
    reads = len(seen)
    assert reads == 3 and next(tick.run(sweep())) is first  # engagements, people, time off; then shared
    assert len(seen) == reads
    assert duties.active_engagements(session) is not first  # outside the tick: a fresh read each call
    assert next(duties.Tick().run(sweep())) is not first  # another tick: its own read


def test_ticks_in_two_threads_and_the_caller_between_steps_never_see_each_others_rows(monkeypatch):
    reads: list[list[str]] = []
    monkeypatch.setattr(duties, "load_active", lambda session: reads.append([f"read {len(reads)}"]) or reads[-1])

    def sweep():  # type: ignore[no-untyped-def]
        yield duties.active_engagements(None)
        yield duties.active_engagements(None)

    main = duties.Tick().run(sweep())
    first = next(main)
    assert duties.active_engagements(None) is not first  # the caller, between two steps of the tick
    found = {}
    thread = threading.Thread(target=lambda: found.update(thread=list(duties.Tick().run(sweep()))))
    thread.start()
    thread.join()
    assert next(main) is first and found["thread"][0] is found["thread"][1] is not first
    assert len(reads) == 3


def test_rows_are_not_orm_objects_and_compare_by_identity(session, three):
    first, _ = duties.load_active(session)
    again, _ = duties.load_active(session)
    assert not isinstance(first, Engagement) and first != again and first == first
    assert repr(first) == f"<EngagementRow {first.id}>"
    with pytest.raises(AttributeError):
        first.objectives  # noqa: B018 - the kickoff's long text is never read by a sweep, so never loaded


def test_people_without_engagements_are_not_read(session, three):
    make_person(session, "U0LONER")
    session.flush()
    rows = duties.load_active(session)
    people = {r.owner.user_id for r in rows} | {r.contractor.person.user_id for r in rows}
    assert people == {"U0OWNER", "U0MARIA", "U0BOB"} and all(r.team_id == TEAM for r in rows)

"""A blocker stays open until cleared: only an on-track check-in naming none, a press or a command clears it."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.db.models import Checkin
from bot.db.models.work import OPEN_BLOCKERS
from bot.domain.checkin import blockers, checkins
from bot.domain.checkin.checkins import Report
from tests.domain.conftest import MARIA, NOW, OWNER, make_engagement
from tests.support import plans
from tests.support.duties import Clock, migrated_runtime

TUESDAY = NOW - timedelta(days=6)  # Tue 27 Oct 2026, 15:00 UTC: 10:00 in Bogota


def record(session, engagement, report: Report, at):  # type: ignore[no-untyped-def]
    return checkins.record(session, engagement=engagement, author=engagement.contractor.person, report=report,
                           source="command", now=at)[0]


def open_texts(session, engagement) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text for b in blockers.open_by_engagement(session, [engagement.id], NOW).get(engagement.id, [])]


def test_only_an_on_track_checkin_without_a_blocker_clears_it(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    tuesday = record(session, engagement, Report("blocked", 40, "homepage", blockers="need the logo files"), TUESDAY)
    record(session, engagement, Report("at_risk", 50, "footer"), TUESDAY + timedelta(days=1))
    assert open_texts(session, engagement) == ["need the logo files"]  # at risk, silent on it: still open
    record(session, engagement, Report("on_track", 60, "got the brand assets"), TUESDAY + timedelta(days=2))
    assert open_texts(session, engagement) == []
    assert (tuesday.blocker_resolved_at, tuesday.blocker_resolved_by) == (TUESDAY + timedelta(days=2), MARIA)


def test_replacing_the_days_checkin_without_naming_the_blocker_keeps_it(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    record(session, engagement, Report("blocked", done="x", blockers="need DNS"), TUESDAY)
    checkin = record(session, engagement, Report("at_risk", done="still waiting"), TUESDAY + timedelta(hours=1))
    assert checkin.blockers == "need DNS" and open_texts(session, engagement) == ["need DNS"]


def test_clearing_by_hand_and_a_new_blocker_reopening(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    checkin = record(session, engagement, Report("blocked", done="x", blockers="need DNS"), TUESDAY)
    assert [c.id for c in blockers.clear(session, engagement=engagement, by_user=OWNER, now=NOW)] == [checkin.id]
    assert blockers.clear(session, engagement=engagement, by_user=OWNER, now=NOW) == []
    record(session, engagement, Report("blocked", done="x", blockers="need the logo"), TUESDAY + timedelta(hours=2))
    assert checkin.blocker_resolved_at is None and open_texts(session, engagement) == ["need the logo"]


def test_age_in_the_contractors_working_days(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    maria = engagement.contractor.person  # Monday to Friday, no country: weekends only
    assert blockers.working_days_since(maria, date(2026, 10, 27), date(2026, 10, 29)) == 2  # Tue -> Thu
    assert blockers.working_days_since(maria, date(2026, 10, 30), date(2026, 11, 2)) == 1  # Fri -> Mon
    assert blockers.working_days_since(maria, date(2026, 10, 27), date(2026, 10, 27)) == 0
    record(session, engagement, Report("blocked", done="x", blockers="same"), TUESDAY)
    record(session, engagement, Report("blocked", done="y", blockers="same"), TUESDAY + timedelta(days=1))
    [shown] = blockers.open_by_engagement(session, [engagement.id], NOW)[engagement.id]  # repeated: shown once
    assert (shown.since, shown.working_days) == (date(2026, 10, 27), 4)  # Wed Thu Fri Mon
    assert len(session.scalars(select(Checkin)).all()) == 2


def test_an_edit_of_an_older_checkin_to_on_track_leaves_later_blockers_open(session, owner) -> None:
    engagement = make_engagement(session, owner=owner)
    old = record(session, engagement, Report("at_risk", done="x"), TUESDAY)
    old.message_ts = "1.0"
    record(session, engagement, Report("blocked", done="y", blockers="need DNS"), TUESDAY + timedelta(days=1))
    checkins.amend(session, engagement=engagement, message_ts="1.0", report=Report("on_track", done="x"), now=NOW)
    assert open_texts(session, engagement) == ["need DNS"]


def test_the_blocker_sweep_reads_recent_open_blockers_from_their_partial_index(session, owner) -> None:
    """Only blockers nobody cleared, of the look-back, are read: on the index of open blockers (below), whose
    predicate the query spells out (bound, the planner could not prove it and would scan every check-in)."""
    engagement = make_engagement(session, owner=owner)
    record(session, engagement, Report("blocked", done="x", blockers="need DNS"), TUESDAY)
    record(session, engagement, Report("at_risk", done="y"), TUESDAY + timedelta(days=1))  # no blocker named
    old = record(session, engagement, Report("blocked", done="z", blockers="need a laptop"),
                 NOW - blockers.LOOKBACK - timedelta(days=1))
    assert old.blockers == "need a laptop"
    assert [c.blockers for c in blockers.open_blockers(session, NOW)] == ["need DNS"]


def test_the_open_blockers_index_serves_the_read_on_both_databases(empty_database_url: str) -> None:
    assert OPEN_BLOCKERS == "blockers <> '' AND blocker_resolved_at IS NULL"
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    try:
        with runtime.sessions() as db:
            plan = plans.can_use(db.connection(), blockers.open_blockers_statement(NOW), "ix_checkins_open_blockers",
                                 "checkins", "2026-10-01 00:00:00")
    finally:
        runtime.engine.dispose()
    assert "ix_checkins_open_blockers" in plan, plan

"""The one health rule (bot.domain.reports.health.assess), signal by signal, worked out by hand.

TODAY is Monday 2026-12-07; each case gives the signals and the health a reader must see.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.reports.health import Health, Signals, assess

TODAY = date(2026, 12, 7)


def health(**given: object) -> Health:
    base: dict[str, object] = dict(reported="on_track", progress=50, days_since=1, overdue_tasks=0,
                                   deadline=date(2027, 2, 1), today=TODAY, signals=Signals())
    return assess(**(base | given))  # type: ignore[arg-type]


def test_all_quiet_is_on_track_with_no_reasons() -> None:
    assert health() == Health("on_track", ())


@pytest.mark.parametrize(("given", "expected"), [
    (dict(reported="at_risk"), Health("at_risk", ("reported at risk",))),
    (dict(reported="blocked"), Health("blocked", ("reported blocked",))),
    (dict(overdue_tasks=1), Health("at_risk", ("1 task overdue",))),
    (dict(overdue_tasks=3), Health("at_risk", ("3 tasks overdue",))),
    (dict(signals=Signals(missed=(date(2026, 12, 1),))), Health("at_risk", ("missed check-in Tue",))),
    (dict(signals=Signals(missed=(date(2026, 12, 3), date(2026, 12, 4)))),
     Health("at_risk", ("missed check-ins Thu, Fri",))),
    (dict(signals=Signals(open_blocker_since=date(2026, 11, 20))), Health("blocked", ("blocker open since 20 Nov",))),
    (dict(reported="no_status"), Health("no_status", ("no status given",))),
    (dict(deadline=date(2026, 12, 4)), Health("at_risk", ("deadline passed Fri",))),
    (dict(deadline=date(2026, 12, 11), progress=40), Health("at_risk", ("deadline Fri at 40% done",))),
    (dict(deadline=date(2026, 12, 11), progress=80), Health("on_track", ())),  # near, but nearly done
    (dict(deadline=date(2026, 12, 20), progress=10), Health("on_track", ())),  # 13 days away
    (dict(days_since=None, reported=None), Health("silent", ("no check-in yet",))),
    (dict(days_since=9), Health("silent", ("no check-in for 9 days",))),
    (dict(days_since=7), Health("on_track", ())),  # a week is not silence yet
])
def test_each_signal_alone(given: dict[str, object], expected: Health) -> None:
    assert health(**given) == expected


def test_the_worst_signal_wins_and_every_reason_is_kept() -> None:
    item_4 = health(overdue_tasks=1, signals=Signals(missed=(date(2026, 12, 3),)))
    assert item_4 == Health("at_risk", ("1 task overdue", "missed check-in Thu"))
    assert item_4.why == "1 task overdue; missed check-in Thu"
    worst = health(reported="blocked", overdue_tasks=2)
    assert worst.level == "blocked" and worst.reasons == ("reported blocked", "2 tasks overdue")
    # Silence does not hide a slipping task: at risk beats silent.
    assert health(days_since=None, reported=None, overdue_tasks=1) == Health(
        "at_risk", ("no check-in yet", "1 task overdue"))
    # A stale "blocked" is not current: silent, not blocked.
    assert health(days_since=12, reported="blocked").level == "silent"


def test_days_she_was_away_do_not_make_her_silent() -> None:
    """Last check-in Friday 20 Nov, away the whole next week: on Monday 30 Nov it is 10 days, 5 of them her
    time off, so 5 days of silence, not "no check-in for 10 days". Two more working days without a word
    and she is silent again, the reason giving the real count of days."""
    assert health(days_since=10, days_away=5) == Health("on_track", ())
    assert health(days_since=10, days_away=2) == Health("silent", ("no check-in for 10 days",))
    assert health(days_since=10, days_away=5, reported="at_risk") == Health("at_risk", ("reported at risk",))


def test_the_days_away_are_her_working_days_lost_to_time_off_and_public_holidays() -> None:
    """A New Yorker (US holidays) who works Monday to Friday, time off Mon 16 to Fri 20 Nov 2026;
    Thanksgiving is Thursday 26 Nov. From her check-in on Friday 13 Nov to Monday 30 Nov: the five days
    off and Thanksgiving; the weekends were never working days, and the day of the check-in is not counted."""
    from bot.domain.reports.health import days_away
    from tests.support.duties import person

    nadia = person("U0NADIA", "America/New_York", country="US",
                   time_off=[(date(2026, 11, 16), date(2026, 11, 20)), (date(2026, 11, 13), date(2026, 11, 13))])
    assert days_away(nadia, date(2026, 11, 13), 17) == 6
    assert days_away(nadia, date(2026, 11, 13), 2) == 0  # Saturday and Sunday
    weekends_only = person("U0SAM", "Europe/London", work_days="67")
    assert days_away(weekends_only, date(2026, 11, 13), 17) == 0  # no holiday country, no time off


def test_more_missed_check_ins_than_are_named_are_counted() -> None:
    """Five prompts missed in a row read "missed check-ins Wed, Thu, Fri": three, to an owner counting."""
    week = tuple(date(2026, 11, 30) + timedelta(days=n) for n in range(5))
    assert health(signals=Signals(missed=week)) == Health("at_risk", ("5 missed check-ins, the latest Wed, Thu, Fri",))
    assert health(signals=Signals(missed=week[2:])) == Health("at_risk", ("missed check-ins Wed, Thu, Fri",))

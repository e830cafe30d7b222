"""Scorecards against a hand-computed fixture: every figure below was worked out on paper.

Maria works in Bogota (UTC-5, Mon-Fri 09:00-17:00 = 14:00-22:00 UTC); the owner is in London.
NOW is Monday 2026-11-02 15:00 UTC.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Delivery, Engagement, Feedback, Payment, Submission, Task, Thanks
from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_metrics import Rate, working_hours_between
from bot.domain.reports.scorecard_rows import owned
from tests.domain.conftest import MARIA, NOW, OWNER, TEAM


def utc(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def add_task(session: Session, e: Engagement, n: int, due: str | None, done_at: datetime | None) -> Task:
    task = Task(engagement_id=e.id, number=n, title=f"T{n}", due_on=date.fromisoformat(due) if due else None,
                status="done" if done_at else "open", done_at=done_at, created_at=NOW, updated_at=NOW)
    session.add(task)
    return task


def seed(session: Session, e: Engagement) -> None:
    """The fixture; comments give what each row contributes."""
    add_task(session, e, 1, "2026-10-20", utc("2026-10-19", 15))  # on time
    t2 = add_task(session, e, 2, "2026-10-22", utc("2026-10-23", 20))  # late
    add_task(session, e, 3, "2026-10-28", None)  # overdue: counts as a miss
    add_task(session, e, 4, "2026-11-10", None)  # not due yet: not counted
    add_task(session, e, 5, None, utc("2026-10-01"))  # no due date: not counted
    t6 = add_task(session, e, 6, "2026-10-30", utc("2026-10-31", 2))  # 21:00 on the 30th in Bogota: on time
    session.flush()
    for day, status in (("2026-10-19", "skipped"), ("2026-10-22", "sent"), ("2026-10-26", "sent"),
                        ("2026-10-29", "sent"), ("2026-11-02", "sent")):
        session.add(Delivery(key=f"checkin:{e.id}:{day}", duty="checkin_prompt", team_id=TEAM, channel_id="C0PROJECT",
                             status=status, due_at=utc(day, 15), claimed_at=utc(day, 15)))
    # 10-21 by command (before any prompt); 10-26 answered after 2 working hours; the 10-29 prompt
    # answered the next day: 7 h on Thursday + 2 h on Friday = 9 working hours. Median 5.5 h.
    for day, asked, answered in (("2026-10-21", None, utc("2026-10-21", 16)),
                                 ("2026-10-26", utc("2026-10-26", 15), utc("2026-10-26", 17)),
                                 ("2026-10-30", utc("2026-10-29", 15), utc("2026-10-30", 16))):
        session.add(Checkin(engagement_id=e.id, author_id=e.contractor.person_id, local_date=date.fromisoformat(day),
                            status="on_track", done="x", asked_at=asked, answered_at=answered, source="thread",
                            created_at=answered, updated_at=answered))
    for day, q, t, c in (("2026-10-10", 4, 3, 5), ("2026-10-20", 5, 4, None), ("2026-10-30", 3, 2, 4),
                         ("2026-10-31", None, None, None)):
        session.add(Feedback(engagement_id=e.id, author_id=e.owner_id, quality=q, timeliness=t, communication=c,
                             comment="", created_at=utc(day), updated_at=utc(day)))
    for n, minor, currency, due, paid in ((1, 50000, "USD", "2026-10-15", "2026-10-14"),  # on time
                                          (2, 100000, "USD", "2026-10-25", "2026-10-27"),  # late
                                          (3, 30000, "USD", "2026-10-30", None),  # overdue
                                          (4, 20000, "USD", "2026-11-20", None),  # not due yet
                                          (5, 10000, "EUR", "2026-10-05", "2026-10-01")):  # on time
        session.add(Payment(engagement_id=e.id, number=n, amount_minor=minor, currency=currency,
                            due_on=date.fromisoformat(due), status="paid" if paid else "due",
                            paid_at=utc(paid) if paid else None, created_at=NOW, updated_at=NOW))
    for day in ("2026-08-01", "2026-10-20", "2026-10-28"):
        session.add(Thanks(team_id=TEAM, engagement_id=e.id, from_user=OWNER, to_user=MARIA, reason="great",
                           channel_id="C0PROJECT", created_at=utc(day)))
    for task, round_, outcome in ((t6, 1, "approved"), (t2, 1, "changes"), (t2, 2, "approved")):
        session.add(Submission(task_id=task.id, round=round_, submitted_by=MARIA, submitted_at=utc("2026-10-20"),
                               outcome=outcome, reviewed_at=utc("2026-10-21"), created_at=NOW, updated_at=NOW))
    session.flush()


def card_for(session: Session, since: datetime | None) -> scorecards.Card:
    found = owned(session, team_id=TEAM, owner_user_id=OWNER)
    facts = scorecards.load(session, engagements=found, since=since, now=NOW)
    (card,) = scorecards.cards(facts, since=since, now=NOW)
    return card


def test_every_figure_matches_the_hand_computed_fixture(session: Session, engagement: Engagement) -> None:
    seed(session, engagement)
    score = card_for(session, None).total
    assert score.on_time == Rate(2, 4)  # tasks 1 and 6 of 1, 2, 3, 6
    assert score.responses == Rate(2, 3)  # 10-26 and 10-29 of 10-22, 10-26, 10-29; 11-02 is inside its SLA
    assert score.median_response_hours == pytest.approx(5.5)
    assert score.within_sla == Rate(2, 2) and score.sla_hours == 24
    assert score.averages == {"quality": 4.0, "timeliness": 3.0, "communication": 4.5}
    assert score.series == {"quality": [4, 5, 3], "timeliness": [3, 4, 2], "communication": [5, 4]}
    assert score.trend == -1.0  # per-feedback means 4, 4.5, 3: last half 3 minus first half 4
    assert score.first_pass == Rate(1, 2) and score.revision_rounds == 0.5
    assert score.spend == {"EUR": (10000, None), "USD": (150000, 200000)}
    assert score.payments_on_time == Rate(2, 4)  # payments 1 and 5 of 1, 2, 3, 5
    assert score.thanks == 3
    assert score.verdict == scorecards.END
    assert score.reasons == ["only 50% of tasks delivered on time", "ratings falling"]


def test_a_window_leaves_older_rows_out(session: Session, engagement: Engagement) -> None:
    seed(session, engagement)
    score = card_for(session, utc("2026-10-25", 0)).total
    assert score.on_time == Rate(1, 2)  # tasks 3 (missed) and 6 (on time) came due since 10-24 in Bogota
    assert score.responses == Rate(2, 2)  # the 10-22 prompt is before the window
    assert score.thanks == 1
    assert score.averages["quality"] == 3.0 and score.trend is None
    assert score.first_pass == Rate(0, 0)  # reviewed on 10-21


def test_a_contractor_with_nothing_yet_is_too_early_to_judge(session: Session, engagement: Engagement) -> None:
    score = card_for(session, None).total
    assert score.on_time.percent is None and score.responses.percent is None
    assert (score.verdict, score.reasons) == ("too early to judge", ["0 tasks due so far", "0 check-in prompts so far"])
    assert score.spend == {"USD": (0, 200000)}


def test_only_the_askers_engagements_are_scored(session: Session, engagement: Engagement) -> None:
    assert owned(session, team_id=TEAM, owner_user_id=MARIA) == []
    assert owned(session, team_id=TEAM, owner_user_id=OWNER, contractor_user_id="U0NOBODY") == []


def test_working_hours_skip_nights_and_weekends(engagement: Engagement) -> None:
    maria = engagement.contractor.person
    assert working_hours_between(maria, utc("2026-10-30", 21), utc("2026-11-02", 15)) == 2.0  # Fri 1 h + Mon 1 h


def test_the_item_4_figures_are_too_early_to_judge_never_no_warning_signs() -> None:
    """0% on time of 1 task and 50% of 2 prompts: under their thresholds on too little data."""
    figures = scorecards.Figures(on_time=Rate(0, 1), responses=Rate(1, 2), median_response_hours=None,
                                 within_sla=Rate(0, 0), sla_hours=None, averages={"quality": None}, series={},
                                 trend=None, first_pass=Rate(0, 0), revision_rounds=None, spend={},
                                 payments_on_time=Rate(0, 0), thanks=0)
    assert scorecards.judge(figures) == ("too early to judge", ["1 task due so far, 0% on time",
                                                                "2 check-in prompts so far, 50% answered"])
    enough = replace(figures, on_time=Rate(3, 3), responses=Rate(1, 2))
    verdict, reasons = scorecards.judge(enough)
    assert verdict == "too early to judge" and "no warning signs" not in reasons
    good = replace(figures, on_time=Rate(3, 3), responses=Rate(2, 2))
    assert scorecards.judge(good) == ("keep", ["no warning signs"])
    bad = replace(figures, on_time=Rate(0, 2))
    assert scorecards.judge(bad) == ("watch", ["only 0% of tasks delivered on time",
                                               "also 2 check-in prompts so far, 50% answered"])


def test_one_late_reply_is_too_early_to_call_most_check_ins_late() -> None:
    """Her first prompted check-in came after the SLA: "Watch — most check-ins answered later than the agreed
    response time" was one reply. Like the response rate, the reply times need 3+ timed check-ins; until then
    the verdict says what there is."""
    figures = scorecards.Figures(on_time=Rate(0, 0), responses=Rate(2, 2), median_response_hours=6.0,
                                 within_sla=Rate(0, 2), sla_hours=4, averages={"quality": None}, series={},
                                 trend=None, first_pass=Rate(0, 0), revision_rounds=None, spend={},
                                 payments_on_time=Rate(0, 0), thanks=0)
    assert scorecards.judge(figures) == ("too early to judge", ["2 timed check-ins so far, 0% within the SLA"])
    assert scorecards.judge(replace(figures, responses=Rate(3, 3), within_sla=Rate(1, 3))) == (
        "watch", ["most check-ins answered later than the agreed response time"])
    assert scorecards.judge(replace(figures, responses=Rate(3, 3), within_sla=Rate(2, 3))) == (
        "keep", ["no warning signs"])

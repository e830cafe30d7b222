"""/scorecard end to end: the owner's private scorecard, its figures checked against a hand-computed fixture."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Feedback, Payment, Task
from bot.db.session import make_engine
from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.test_checkin import kickoff
from tests.support.shown import shown


def noon(days: int) -> datetime:
    """Noon UTC `days` from today: the same calendar day in Bogota and London."""
    return datetime.combine(date.today() + timedelta(days=days), time(12), tzinfo=UTC)


def seed(database_url: str) -> None:
    """Tasks, payments and ratings relative to today; each line says what it counts for."""
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        e = session.scalars(select(Engagement).where(Engagement.channel_id == PROJECT)).one()
        stamp = {"created_at": noon(-50), "updated_at": noon(-50)}
        for n, due, done in ((1, -40, -41),  # on time, but only inside 90 days
                             (2, -10, -11),  # on time
                             (3, -8, -6),  # late
                             (4, -5, None),  # overdue: a miss
                             (5, 5, None)):  # not due yet: not counted
            session.add(Task(engagement_id=e.id, number=n, title=f"T{n}", due_on=noon(due).date(),
                             status="done" if done else "open", done_at=noon(done) if done else None, **stamp))
        for n, minor, due, paid in ((1, 50000, -20, -21), (2, 100000, -10, -5)):  # on time, late
            session.add(Payment(engagement_id=e.id, number=n, amount_minor=minor, currency="USD",
                                due_on=noon(due).date(), status="paid", paid_at=noon(paid), **stamp))
        for days, q, t, c in ((-14, 5, 4, 4), (-7, 3, 2, 3)):  # per-feedback means 4.33 then 2.67: falling
            session.add(Feedback(engagement_id=e.id, author_id=e.owner_id, quality=q, timeliness=t,
                                 communication=c, comment="", created_at=noon(days), updated_at=noon(days)))
    engine.dispose()


def test_scorecard_figures_match_the_hand_computed_fixture(slack, bot, emulator) -> None:
    kickoff(slack)
    slack.slash("/thanks", f"<@{MARIA}|maria> for the mockups", user=OWNER, channel=PROJECT).wait()
    seed(bot.database_url)
    reply = slack.slash("/scorecard", f"<@{MARIA}|maria>", user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral
    text = reply.text
    assert "Scorecards · last 90 days" in text
    assert "*On-time delivery:* 50% (2 of 4 tasks due)" in text
    assert "*Check-ins answered:* — (no prompts yet)" in text
    assert "*Ratings:* quality 4.0 █▅ · timeliness 3.0 ▆▃ · communication 3.5 ▆▅ · trend -1.7" in text
    assert "*Milestones accepted first time:* — (no milestone approved yet)" in text
    assert "*Spend against budget:* USD 1,500.00 of USD 2,000.00 (75%)" in text
    assert "*Payments made on time:* 50% (1 of 2 payments)" in text
    assert "*Thanks given:* 1" in text
    assert "*Consider ending* — only 50% of tasks delivered on time; ratings falling" in text
    month = slack.slash("/scorecard", f"30d <@{MARIA}|maria>", user=OWNER, channel=PROJECT).wait()
    assert "33% (1 of 3 tasks due)" in month.text and "last 30 days" in month.text
    everything = slack.slash("/scorecard", "all", user=OWNER, channel=PROJECT).wait()
    assert "50% (2 of 4 tasks due)" in everything.text and "all time" in everything.text
    for message in emulator.messages(PROJECT):
        assert "Scorecard" not in shown(message) and "1,500" not in shown(message), "the scorecard leaked"


def test_only_owners_get_scorecards(slack) -> None:
    kickoff(slack)
    for user in (MARIA, BYSTANDER):
        reply = slack.slash("/scorecard", "", user=user, channel=PROJECT).wait()
        assert reply.ephemeral and "Scorecards are for owners" in reply.text and "USD" not in reply.text
    nobody = slack.slash("/scorecard", f"<@{BYSTANDER}|bob>", user=OWNER, channel=PROJECT).wait()
    assert "no engagement with" in nobody.text
    fresh = slack.slash("/scorecard", "", user=OWNER, channel=PROJECT).wait()
    # Nothing to judge yet: never "no warning signs" on no evidence.
    assert "*Too early to judge* — 0 tasks due so far; 0 check-in prompts so far" in fresh.text
    assert "— (no tasks due yet)" in fresh.text and "no warning signs" not in fresh.text


def test_bad_periods_and_help(slack) -> None:
    bad = slack.slash("/scorecard", "45d", user=OWNER, channel=PROJECT).wait()
    assert ":warning:" in bad.text and "/scorecard @maria 90d" in bad.text
    assert "30d|90d|all" in slack.slash("/scorecard", "help", user=OWNER, channel=PROJECT).wait().text

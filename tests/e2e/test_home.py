"""The Home tab end to end: the owner's dashboard, the contractor's own view, a stranger's welcome."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Contractor, Engagement, Feedback, Person, Task
from bot.db.session import make_engine
from bot.slack import ids
from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days
from tests.e2e.test_checkin import kickoff


def home_text(emulator, user: str) -> str:
    view = emulator.home_views(user)
    assert view is not None, f"no Home view published for {user}"
    return json.dumps(view["blocks"], ensure_ascii=False)


def open_home(slack, emulator, user: str) -> dict:
    slack.open_home(user)
    assert emulator.wait_for(lambda: emulator.home_views(user) is not None)
    return emulator.home_views(user)


def seed_feedback_and_overdue_task(database_url: str) -> None:
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        e = session.scalars(select(Engagement).where(Engagement.channel_id == PROJECT)).one()
        session.add(Task(engagement_id=e.id, number=9, title="Overdue copy", due_on=date.today() - timedelta(days=3),
                         status="open", created_at=now, updated_at=now))
        session.add(Feedback(engagement_id=e.id, author_id=e.owner_id, quality=5, comment="Lovely work",
                             shared_at=now, created_at=now, updated_at=now))
        session.add(Feedback(engagement_id=e.id, author_id=e.owner_id, quality=2, comment="PRIVATE-NOTE",
                             created_at=now, updated_at=now))
    engine.dispose()


def test_owner_dashboard_scorecard_and_pause(slack, bot, emulator) -> None:
    kickoff(slack)
    slack.slash("/payment", f"add 500 USD due {in_days(5)}", user=OWNER, channel=PROJECT).wait()
    seed_feedback_and_overdue_task(bot.database_url)
    view = open_home(slack, emulator, OWNER)
    text = home_text(emulator, OWNER)
    assert "Your engagements (1)" in text and "Website" in text and "1 overdue" in text
    assert "Payments due (1, 0 overdue)" in text and "USD 500.00" in text
    opened = slack.click(ids.HOME_SCORECARD, user=OWNER, view_id=view["id"]).wait()
    assert opened.view["type"] == "modal" and "Ratings:* quality 3.5" in json.dumps(opened.view)
    slack.click(ids.HOME_PAUSE, user=OWNER, view_id=view["id"])  # answered by views.publish
    assert emulator.wait_for(lambda: "Resume" in home_text(emulator, OWNER))
    assert "paused" in home_text(emulator, OWNER)
    view = emulator.home_views(OWNER)
    slack.click(ids.HOME_PAUSE, user=OWNER, view_id=view["id"])  # answered by views.publish
    assert emulator.wait_for(lambda: "Pause" in home_text(emulator, OWNER)
                             and "Resume" not in home_text(emulator, OWNER))


def test_contractor_sees_their_work_but_never_money_or_private_ratings(slack, bot, emulator) -> None:
    kickoff(slack)
    slack.slash("/payment", f"add 500 USD due {in_days(5)}", user=OWNER, channel=PROJECT).wait()
    slack.slash("/thanks", f"<@{MARIA}|maria> for the mockups", user=OWNER, channel=PROJECT).wait()
    seed_feedback_and_overdue_task(bot.database_url)
    open_home(slack, emulator, MARIA)
    text = home_text(emulator, MARIA)
    assert "Your work (1)" in text and "next check-in" in text and "Bogota" in text
    assert "Overdue copy" in text and "Lovely work" in text and "for the mockups" in text
    for secret in ("PRIVATE-NOTE", "USD", "500", "2,000", "Payments", "Scorecard", "quality 2"):
        assert secret not in text, secret


def test_stranger_learns_how_to_start(slack, emulator) -> None:
    kickoff(slack)
    open_home(slack, emulator, BYSTANDER)
    text = home_text(emulator, BYSTANDER)
    assert "Welcome to Tandem" in text and "/kickoff" in text and "proj-site" not in text and PROJECT not in text


def seed_many(database_url: str, team_id: str, count: int) -> None:
    """An owner with `count` engagements with Maria, written straight to the database for speed."""
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    stamp = {"created_at": now, "updated_at": now}
    with Session(engine) as session, session.begin():
        owner = Person(team_id=team_id, user_id=OWNER, name="Olivia", tz="Europe/London", **stamp)
        maria = Person(team_id=team_id, user_id=MARIA, name="Maria", tz="America/Bogota", **stamp)
        contractor = Contractor(team_id=team_id, person=maria, **stamp)
        session.add_all([owner, maria, contractor])
        session.add_all([Engagement(team_id=team_id, owner=owner, contractor=contractor, channel_id=f"C1{n:05d}",
                                    title=f"Engagement {n}", objectives="o", deliverables="d",
                                    start_on=date.today(), deadline=date.today() + timedelta(days=30 + n), **stamp)
                         for n in range(count)])
    engine.dispose()


def test_two_hundred_engagements_stay_within_slacks_limits(slack, bot, emulator) -> None:
    seed_many(bot.database_url, emulator.team_id, 200)
    view = open_home(slack, emulator, OWNER)
    assert len(view["blocks"]) <= 100
    text = home_text(emulator, OWNER)
    assert "Your engagements (200)" in text and "Engagements 1-20 of 200" in text
    slack.click(f"{ids.HOME_PAGE}_next", user=OWNER, view_id=view["id"])
    assert emulator.wait_for(lambda: "Engagements 21-40 of 200" in home_text(emulator, OWNER))
    assert len(emulator.home_views(OWNER)["blocks"]) <= 100
    maria = open_home(slack, emulator, MARIA)
    assert len(maria["blocks"]) <= 100 and "180 more engagements" in home_text(emulator, MARIA)

"""Guard rails end to end, each firing and not firing: onboarding, ramp, cadence floor, NDA, vetting, trial, risk."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Engagement, Onboarding, Task
from bot.slack import ids
from tests.e2e.conftest import BYSTANDER, LOUNGE, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts
from tests.e2e.jobs_helpers import london_workday, today_london

PLAN = 'objectives="Faster site" deliverables="Homepage"'


def start(slack, extra: str = "", channel: str = PROJECT, due: int = 30):  # type: ignore[no-untyped-def]
    text = f'<@{MARIA}|maria> "Website" due {in_days(due)} {PLAN} {extra}'.strip()
    return slack.slash("/kickoff", text, user=OWNER, channel=channel).wait()


def dms(emulator, words: str) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in emulator.messages(emulator.dm_channel(OWNER)) if words in m["text"] + str(m["blocks"])]


def engagement(duties) -> Engagement:  # type: ignore[no-untyped-def]
    with duties.runtime.sessions() as session:
        return session.scalars(select(Engagement).order_by(Engagement.id)).first()


def test_onboarding_checklist_ticks_in_the_brief_and_reminds_until_done(slack, emulator, duties) -> None:
    start(slack)
    [brief] = emulator.messages(PROJECT)
    assert "Onboarding checklist" in str(brief["blocks"]) and f"{ids.TICK_ONBOARDING}_access" in str(brief["blocks"])
    slack.click(f"{ids.TICK_ONBOARDING}_access", user=MARIA, message=brief)
    assert emulator.wait_for(lambda: ":white_check_mark: Access granted" in str(emulator.messages(PROJECT)[0]))
    assert duties.run(london_workday(today_london(), hour=16, avoid_monday=False), "onboarding_reminder") == [] \
        or today_london().isoweekday() > 5  # too early: the first reminder comes two days after kickoff
    first = london_workday(today_london() + timedelta(days=2))
    assert len(duties.run(first, "onboarding_reminder")) == 1
    assert duties.run(first, "onboarding_reminder") == []  # exactly once
    [reminder] = dms(emulator, "Onboarding for")
    assert "documents shared" in reminder["text"] + str(reminder["blocks"]).lower()
    for item in ("documents", "tools", "meeting"):
        live = dms(emulator, "Onboarding for")[-1]
        slack.click(f"{ids.TICK_ONBOARDING}_{item}", user=OWNER, message=live)
        assert emulator.wait_for(lambda item=item: getattr(checklist(duties), f"{item}_at") is not None)
    assert emulator.wait_for(lambda: "all done" in str(emulator.messages(PROJECT)[0]["blocks"]))
    assert duties.run(london_workday(today_london() + timedelta(days=9)), "onboarding_reminder") == []


def checklist(duties) -> Onboarding:  # type: ignore[no-untyped-def]
    with duties.runtime.sessions() as session:
        return session.scalars(select(Onboarding)).one()


def test_dismissing_stops_the_onboarding_reminders_and_strangers_cannot_tick(slack, emulator, duties) -> None:
    start(slack)
    [brief] = emulator.messages(PROJECT)
    slack.click(f"{ids.TICK_ONBOARDING}_tools", user=BYSTANDER, message=brief)
    assert emulator.wait_for(lambda: emulator.ephemerals(user=BYSTANDER) or emulator.responses)
    assert checklist(duties).tools_at is None
    assert len(duties.run(london_workday(today_london() + timedelta(days=2)), "onboarding_reminder")) == 1
    slack.click(ids.DISMISS_ONBOARDING, user=OWNER, message=dms(emulator, "Onboarding for")[-1])
    assert emulator.wait_for(lambda: checklist(duties).dismissed_at is not None)
    assert duties.run(london_workday(today_london() + timedelta(days=9)), "onboarding_reminder") == []


def test_too_much_too_soon_warns_the_owner_but_adds_the_task(slack, bot) -> None:
    start(slack)
    for n in range(3):
        quiet = slack.slash("/task", f'add "Task {n}"', user=OWNER, channel=PROJECT).wait()
        assert "Too much too soon" not in quiet.text
    elsewhere = slack.slash("/task", f'add "For Bob" <@{BYSTANDER}|bob>', user=OWNER, channel=PROJECT).wait()
    assert "Too much too soon" not in elsewhere.text
    warned = slack.slash("/task", 'add "One more"', user=OWNER, channel=PROJECT).wait()
    assert "Too much too soon" in warned.text and "already had 3 open tasks" in warned.text
    assert row_counts(bot.database_url)["tasks"] == 5


def test_more_than_one_checkin_a_day_is_refused_and_daily_gets_a_gentle_note(slack, bot, emulator) -> None:
    before = row_counts(bot.database_url)
    for cadence in ("mon,mon@10:00", "mon@09:00,mon@15:00", "mon@9:00&15:00", "\"twice a day at 10:00\""):
        refused = start(slack, f"checkins={cadence}")
        assert "At most one check-in a day" in refused.text and "micromanaging" in refused.text, cadence
    assert row_counts(bot.database_url) == before and emulator.messages(PROJECT) == []
    daily = start(slack, "checkins=daily@09:30")
    assert ":bulb:" in daily.text and "close to micromanaging" in daily.text
    calm = start(slack, "checkins=mon,thu@10:00", channel=LOUNGE)
    assert ":bulb:" not in calm.text


def test_nda_and_vetting_warnings_fire_only_when_they_should(slack) -> None:
    unvetted = start(slack, "confidential")
    assert "no NDA on file" in unvetted.text
    assert "vetting is not done" in unvetted.text and "references, portfolio, trial, nda, contract" in unvetted.text
    second = start(slack, channel=LOUNGE)
    assert "vetting is not done" not in second.text  # not the first engagement any more


def test_trial_and_vetted_kickoffs_have_no_vetting_warning(slack) -> None:
    trial = start(slack, "trial")
    assert "vetting is not done" not in trial.text


def test_a_fully_vetted_confidential_kickoff_is_quiet(slack) -> None:
    slack.slash("/contractor", f"add <@{MARIA}|maria>", user=OWNER, channel=PROJECT).wait()
    for item in ("references", "portfolio", "trial", "nda", "contract"):
        slack.slash("/contractor", f"vet <@{MARIA}|maria> {item}", user=OWNER, channel=PROJECT).wait()
    quiet = start(slack, "confidential")
    assert "no NDA on file" not in quiet.text and "vetting is not done" not in quiet.text


def test_trial_review_at_the_deadline_then_end_ends_it(slack, emulator, duties) -> None:
    start(slack, "trial", due=5)
    slack.slash("/task", 'add "Logo"', user=OWNER, channel=PROJECT).wait()
    deadline = today_london() + timedelta(days=5)
    assert duties.run(london_workday(today_london(), hour=16, avoid_monday=False), "trial_review") == [] \
        or today_london().isoweekday() > 5  # before the deadline: nothing
    assert len(duties.run(london_workday(deadline), "trial_review")) == 1
    [review] = dms(emulator, "reached its deadline")
    assert "Record:" in str(review["blocks"]) and "0 open" not in str(review["blocks"])
    slack.click(ids.TRIAL_END, user=OWNER, message=review)
    assert emulator.wait_for(lambda: engagement(duties).status == "ended")
    with duties.runtime.sessions() as session:
        assert session.scalars(select(Task)).one()  # nothing deleted
    assert emulator.wait_for(lambda: dms(emulator, "has ended. I sent you its closing review"))


def test_extending_a_trial_asks_a_new_deadline_and_asks_again_then(slack, emulator, duties) -> None:
    start(slack, "trial", due=5)
    deadline = today_london() + timedelta(days=5)
    duties.run(london_workday(deadline), "trial_review")
    review = dms(emulator, "reached its deadline")[-1]
    opened = slack.click(ids.TRIAL_EXTEND, user=OWNER, message=review).wait()
    past = slack.submit_view(opened.view["id"], values={"deadline": {"deadline": "2020-01-01"}}, user=OWNER)
    assert past.body["response_action"] == "errors"
    later = deadline + timedelta(days=20)
    saved = slack.submit_view(opened.view["id"], values={"deadline": {"deadline": later.isoformat()}}, user=OWNER)
    assert not saved.body
    assert emulator.wait_for(lambda: engagement(duties).deadline == later)
    assert engagement(duties).trial and engagement(duties).status == "active"
    assert len(duties.run(london_workday(later), "trial_review")) == 1


def test_a_regular_engagement_gets_no_trial_review(slack, duties) -> None:
    start(slack, due=5)
    assert duties.run(london_workday(today_london() + timedelta(days=6)), "trial_review") == []


def test_monthly_risk_review_with_a_plan_update(slack, emulator, duties) -> None:
    start(slack, 'contingency="Ana covers"', due=90)
    assert duties.run(london_workday(today_london() + timedelta(days=10)), "risk_review") == []
    month = london_workday(today_london() + timedelta(days=35))
    assert len(duties.run(month, "risk_review")) == 1
    assert duties.run(month + timedelta(hours=2), "risk_review") == []
    [review] = dms(emulator, "Monthly risk review")
    text = str(review["blocks"])
    assert all(word in text for word in ("Strategic", "Operational", "Security", "Financial", "Ana covers"))
    opened = slack.click(ids.UPDATE_PLAN, user=OWNER, message=review).wait()
    slack.submit_view(opened.view["id"], values={"contingency": {"contingency": "Sam takes over, docs in Drive"}},
                      user=OWNER)
    assert emulator.wait_for(lambda: engagement(duties).contingency == "Sam takes over, docs in Drive")

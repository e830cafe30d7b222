"""An engagement's life after kickoff, end to end: edit, pause, end, reopen, and the passed deadline."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bot.db.models import Delivery, Engagement
from bot.slack import ids
from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts
from tests.e2e.jobs_helpers import london_workday, today_london

PLAN = 'objectives="Faster site" deliverables="Homepage"'


def kickoff(slack, due: int = 30, title: str = "Website"):  # type: ignore[no-untyped-def]
    text = f'<@{MARIA}|maria> "{title}" due {in_days(due)} budget=2000 USD {PLAN}'
    reply = slack.slash("/kickoff", text, user=OWNER, channel=PROJECT).wait()
    assert "Kickoff" in reply.text or "kicked off" in reply.text.lower() or reply.replied, reply.text
    return reply


def engagements(duties) -> list[Engagement]:  # type: ignore[no-untyped-def]
    with duties.runtime.sessions() as session:
        return list(session.scalars(select(Engagement).order_by(Engagement.id)))


def owner_dms(emulator, words: str) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in emulator.messages(emulator.dm_channel(OWNER)) if words in m["text"] + str(m["blocks"])]


def shown(message: dict) -> str:  # type: ignore[type-arg]
    return message["text"] + str(message["blocks"])


def test_the_owner_edits_the_plan_and_the_channel_hears_the_schedule_but_never_the_budget(
        slack, emulator, duties) -> None:
    kickoff(slack)
    new_deadline = date.today() + timedelta(days=45)
    reply = slack.slash("/engagement", f"edit deadline={new_deadline.isoformat()} sla=48h budget=3500 USD "
                        "checkins=tue@09:30", user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral and "USD 3,500.00" in reply.text + str(reply.blocks)
    [engagement] = engagements(duties)
    assert (engagement.deadline, engagement.sla_hours, engagement.budget_minor) == (new_deadline, 48, 350000)
    assert (engagement.checkin_days, engagement.checkin_time.strftime("%H:%M")) == ("2", "09:30")
    note = emulator.messages(PROJECT)[-1]
    assert "updated the plan" in shown(note) and f"{new_deadline:%d %b %Y}" in shown(note)
    assert "48 h" in shown(note) and "tue at 09:30" in shown(note)
    assert "3,500" not in shown(note) and "3500" not in shown(note) and "budget" not in shown(note).lower()


def test_an_edit_by_anyone_but_the_owner_or_out_of_bounds_changes_nothing(slack, emulator, bot, duties) -> None:
    kickoff(slack)
    before, posted = row_counts(bot.database_url), len(emulator.messages(PROJECT))
    refused = slack.slash("/engagement", "edit sla=2h", user=BYSTANDER, channel=PROJECT).wait()
    assert refused.ephemeral and "Only the engagement's owner" in refused.text
    bad = slack.slash("/engagement", "edit sla=500h", user=OWNER, channel=PROJECT).wait()
    assert bad.ephemeral and "between 1 and 168 hours" in bad.text and "/engagement edit" in bad.text
    past = slack.slash("/engagement", "edit deadline=yesterday", user=OWNER, channel=PROJECT).wait()
    assert "in the past" in past.text
    [engagement] = engagements(duties)
    assert engagement.sla_hours == 24 and row_counts(bot.database_url) == before
    assert len(emulator.messages(PROJECT)) == posted


def test_end_stops_everything_but_open_payment_reminders_and_frees_the_channel(slack, emulator, duties) -> None:
    kickoff(slack)
    due = date.today() + timedelta(days=3)
    slack.slash("/payment", f"add 500 USD due {due.isoformat()} ref=INV-7", user=OWNER, channel=PROJECT).wait()
    reply = slack.slash("/engagement", "end the site shipped early", user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral and "has ended" in reply.text
    [engagement] = engagements(duties)
    assert engagement.status == "ended" and engagement.end_reason == "the site shipped early"
    note = emulator.messages(PROJECT)[-1]
    assert "has ended" in shown(note) and "the site shipped early" in shown(note)
    assert "USD" not in shown(note) and "500" not in shown(note)
    [review] = owner_dms(emulator, "Closing review")
    assert "INV-7" in shown(review) and "USD 500.00" in shown(review)
    assert owner_dms(emulator, "One last look back")
    # A fortnight of minutes where prompts, digests and nudges would fall: only the payment's reminders.
    sent: list[str] = []
    for day in range(14):
        for hour in (10, 15):
            sent += duties.run(london_workday(today_london() + timedelta(days=day), hour=hour, avoid_monday=False))
    kinds = {line.split()[0] for line in sent}
    assert kinds == {"payment_alert"}, sent
    again = slack.slash("/kickoff", f'<@{MARIA}|maria> "Website v2" due {in_days(20)} {PLAN}',
                        user=OWNER, channel=PROJECT).wait()
    assert "no engagement" not in again.text.lower() and len(engagements(duties)) == 2
    assert engagements(duties)[1].status == "active"


def test_the_last_feedback_prompt_takes_ratings(slack, emulator, duties) -> None:
    kickoff(slack)
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    [prompt] = owner_dms(emulator, "One last look back")
    slack.click(f"{ids.RATE_FEEDBACK}_quality_4", user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: "*Quality*: 4" in str(owner_dms(emulator, "One last look back")[-1]["blocks"]))


def test_reopen_within_fourteen_days_and_not_over_a_new_kickoff(slack, emulator, duties) -> None:
    kickoff(slack)
    assert "Only the engagement's owner" in slack.slash("/engagement", "end", user=MARIA, channel=PROJECT).wait().text
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    refused = slack.slash("/engagement", "reopen", user=BYSTANDER, channel=PROJECT).wait()
    assert "Only the engagement's owner" in refused.text and engagements(duties)[0].status == "ended"
    slack.slash("/engagement", "reopen", user=OWNER, channel=PROJECT).wait()
    assert engagements(duties)[0].status == "active" and engagements(duties)[0].ended_at is None
    assert "is reopened" in shown(emulator.messages(PROJECT)[-1])
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    kickoff(slack, title="Website v2")
    busy = slack.slash("/engagement", "reopen", user=OWNER, channel=PROJECT).wait()
    assert "already has an engagement" in busy.text
    assert [e.status for e in engagements(duties)] == ["ended", "active"]


def test_ending_from_the_dm_names_the_engagement_by_title(slack, emulator, duties) -> None:
    kickoff(slack, title="Website")
    dm = emulator.dm_channel(OWNER)
    vague = slack.slash("/engagement", "end", user=OWNER, channel=dm).wait()
    assert "“Website”" in vague.text and engagements(duties)[0].status == "active"
    slack.slash("/engagement", 'end "Website"', user=OWNER, channel=dm).wait()
    assert engagements(duties)[0].status == "ended"


def test_pause_and_resume_by_command(slack, duties) -> None:
    kickoff(slack)
    assert "is paused" in slack.slash("/engagement", "pause", user=OWNER, channel=PROJECT).wait().text
    assert engagements(duties)[0].status == "paused"
    assert "already paused" in slack.slash("/engagement", "pause", user=OWNER, channel=PROJECT).wait().text
    assert "running again" in slack.slash("/engagement", "resume", user=OWNER, channel=PROJECT).wait().text
    assert engagements(duties)[0].status == "active"


def test_a_passed_deadline_holds_the_duties_and_asks_once_then_extend_runs_again(slack, emulator, duties) -> None:
    kickoff(slack, due=2)
    deadline = date.today() + timedelta(days=2)
    after = london_workday(deadline + timedelta(days=1), avoid_monday=False)
    lines = duties.run(after)
    assert [line.split()[0] for line in lines if "deadline_review" in line] == ["deadline_review"]
    assert engagements(duties)[0].status == "held"
    routine = [line for day in range(7) for hour in (10, 15)
               for line in duties.run(after + timedelta(days=day, hours=hour - 10))]
    assert routine == [], routine  # held: no prompts, digests, nudges; and the question is asked once
    [question] = owner_dms(emulator, "passed")
    opened = slack.click(ids.DEADLINE_EXTEND, user=OWNER, message=question).wait()
    assert opened.view is not None
    later = date.today() + timedelta(days=40)
    slack.submit_view(opened.view["id"], values={"deadline": {"deadline": later.isoformat()}}, user=OWNER)
    assert emulator.wait_for(lambda: engagements(duties)[0].status == "active")
    assert engagements(duties)[0].deadline == later


def test_the_end_button_on_the_deadline_question_ends_it(slack, emulator, duties) -> None:
    kickoff(slack, due=1)
    duties.run(london_workday(date.today() + timedelta(days=2), avoid_monday=False))
    [question] = owner_dms(emulator, "passed")
    slack.click(ids.DEADLINE_END, user=OWNER, message=question)
    assert emulator.wait_for(lambda: engagements(duties)[0].status == "ended")
    with duties.runtime.sessions() as session:
        keys = set(session.scalars(select(Delivery.key)))
    assert any(key.startswith("deadline_review:") for key in keys)


def test_payments_are_marked_paid_from_the_dm_even_after_the_end(slack, emulator, duties) -> None:
    kickoff(slack)
    due = date.today() + timedelta(days=3)
    slack.slash("/payment", f"add 500 USD due {due.isoformat()}", user=OWNER, channel=PROJECT).wait()
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    dm = emulator.dm_channel(OWNER)
    listed = slack.slash("/payment", "list", user=OWNER, channel=dm).wait()
    assert "USD 500.00" in listed.text + str(listed.blocks) and "`/payment paid N`" in str(listed.blocks)
    refused = slack.slash("/payment", "paid 1", user=BYSTANDER, channel=emulator.dm_channel(BYSTANDER)).wait()
    assert "no payment 1" in refused.text
    done = slack.slash("/payment", "paid 1", user=OWNER, channel=dm).wait()
    assert done.ephemeral and "paid" in done.text.lower() and "no engagement" not in done.text.lower()
    with duties.runtime.sessions() as session:
        from bot.db.models import Payment
        assert session.scalars(select(Payment.status)).one() == "paid"
    assert "is already paid (marked by" in slack.slash("/payment", "paid 1", user=OWNER, channel=dm).wait().text


def test_a_payment_number_two_engagements_share_asks_whose(slack, emulator, duties) -> None:
    from tests.e2e.conftest import DEV, LOUNGE
    kickoff(slack)
    slack.slash("/kickoff", f'<@{DEV}|dev> "App" due {in_days(30)} budget=900 EUR {PLAN}', user=OWNER,
                channel=LOUNGE).wait()
    for channel in (PROJECT, LOUNGE):
        slack.slash("/payment", f"add 100 due {in_days(5)}", user=OWNER, channel=channel).wait()
    dm = emulator.dm_channel(OWNER)
    listed = slack.slash("/payment", "list", user=OWNER, channel=dm).wait()
    assert "`/payment paid N @name`" in str(listed.blocks)
    ask = slack.slash("/payment", "paid 1", user=OWNER, channel=dm).wait()
    assert "say whose" in ask.text and f"/payment paid 1 <@{MARIA}>" in ask.text.replace("&lt;", "<").replace(
        "&gt;", ">")
    slack.slash("/payment", f"paid 1 <@{DEV}|dev>", user=OWNER, channel=dm).wait()
    with duties.runtime.sessions() as session:
        from bot.db.models import Payment
        rows = session.execute(select(Payment.currency, Payment.status).order_by(Payment.id)).all()
    assert [tuple(r) for r in rows] == [("USD", "due"), ("EUR", "paid")]


def test_task_list_in_the_dm_spans_the_speakers_engagements(slack, emulator) -> None:
    kickoff(slack)
    slack.slash("/task", f'add "Homepage" due {in_days(3)} <@{MARIA}|maria>', user=OWNER, channel=PROJECT).wait()
    for who in (OWNER, MARIA):
        listed = slack.slash("/task", "list", user=who, channel=emulator.dm_channel(who)).wait()
        assert listed.ephemeral and "Homepage" in str(listed.blocks) and "Website" in str(listed.blocks), who
    none = slack.slash("/task", "list", user=BYSTANDER, channel=emulator.dm_channel(BYSTANDER)).wait()
    assert "not part of any engagement" in none.text + str(none.blocks)

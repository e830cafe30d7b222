"""Issue 13 end to end: one honest health rule, honest scorecards, dates never in the past, credit and late buttons.

Every expectation is computed here from the seeded rows and zoneinfo, never from bot.domain.
The served bot runs on the real clock; the duties run in-process at the simulated past instants.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from sqlalchemy import select, update

from bot.db.models import Checkin, Engagement, Payment, Task
from bot.slack import ids
from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import row_counts
from tests.e2e.jobs_helpers import workday
from tests.e2e.test_checkin import kickoff
from tests.e2e.test_home import home_text, open_home
from tests.e2e.test_milestones import dm

BOGOTA, LONDON = ZoneInfo("America/Bogota"), ZoneInfo("Europe/London")
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
COMMANDS = ("/kickoff", "/contractor", "/task", "/checkin", "/payment", "/thanks", "/engagement", "/scorecard")


def today_in(zone: ZoneInfo) -> date:
    return datetime.now(zone).date()


def next_weekday(day: date) -> date:
    """The next day that is a working day for both Maria (Colombia) and the owner (London)."""
    return workday(day + timedelta(days=1), "CO", "GB")


def missed_day() -> date:
    """The latest working day of both whose next one is already over in London and Bogota (its SLA has run
    out); a public holiday of either has no prompt or no alert, so it is never chosen."""
    yesterday = min(today_in(LONDON), today_in(BOGOTA)) - timedelta(days=1)
    day = yesterday
    while workday(day, "CO", "GB") != day or next_weekday(day) > yesterday:
        day -= timedelta(days=1)
    return day


def dates_in(text: str) -> list[date]:
    return [date(int(y), int(m), int(d)) for y, m, d in ISO.findall(text)]


def slipping_engagement(slack, duties) -> tuple[date, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Item 4: an overdue task, a missed check-in the owner was DMed about, payments paid late.

    Maria last checked in "on track" the day before the missed slot; the slot's prompt is sent by
    the duties at its instant and the owner's alert follows the next working day.
    """
    kickoff(slack)
    day = missed_day()
    with duties.runtime.sessions() as session, session.begin():
        e = session.scalars(select(Engagement).where(Engagement.channel_id == PROJECT)).one()
        session.execute(update(Engagement).where(Engagement.id == e.id).values(
            start_on=day - timedelta(days=7), checkin_days=str(day.isoweekday()), checkin_time=time(10),
            sla_hours=4))
        answered = datetime.combine(day - timedelta(days=1), time(12), tzinfo=BOGOTA).astimezone(UTC)
        session.add(Checkin(engagement_id=e.id, author_id=e.contractor.person_id, local_date=day - timedelta(days=1),
                            status="on_track", progress=40, done="mockups", source="command",
                            answered_at=answered, created_at=answered, updated_at=answered))
        stamp = datetime.now(UTC) - timedelta(days=20)
        session.add(Task(engagement_id=e.id, number=1, title="Copy", due_on=today_in(LONDON) - timedelta(days=3),
                         status="open", created_at=stamp, updated_at=stamp))
        for number, due, paid in ((1, -12, -9), (2, -8, -4)):  # both paid late by the owner
            session.add(Payment(engagement_id=e.id, number=number, amount_minor=50000, currency="USD",
                                due_on=today_in(LONDON) + timedelta(days=due), status="paid",
                                paid_at=datetime.now(UTC) + timedelta(days=paid), created_at=stamp,
                                updated_at=stamp))
    prompt_at = datetime.combine(day, time(10, 1), tzinfo=BOGOTA)
    assert len(duties.run(prompt_at, "checkin_prompt")) == 1
    alert_at = datetime.combine(next_weekday(day), time(15, 30), tzinfo=LONDON)
    assert len(duties.run(alert_at, "checkin_owner_alert")) == 1  # the owner was DMed about it
    return day, {"overdue": "1 task overdue", "missed": f"missed check-in {day:%a}"}


def test_slipping_engagement_is_not_green_anywhere_and_says_why(slack, emulator, duties) -> None:
    day, reasons = slipping_engagement(slack, duties)
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    line = next(b["text"]["text"] for b in board.body["blocks"] if "Website" in str(b))
    assert not line.startswith(":large_green_circle:"), line
    assert line.startswith(":large_yellow_circle:") and reasons["overdue"] in line and reasons["missed"] in line

    open_home(slack, emulator, OWNER)
    home = home_text(emulator, OWNER)
    assert "1 on track" not in home and ":large_yellow_circle: 1 at risk" in home
    assert reasons["overdue"] in home and reasons["missed"] in home


def test_scorecard_verdict_needs_evidence_and_keeps_the_owners_record_apart(slack, duties) -> None:
    slipping_engagement(slack, duties)
    reply = slack.slash("/scorecard", f"<@{MARIA}|maria>", user=OWNER, channel=PROJECT).wait()
    text = reply.text
    assert "*On-time delivery:* 0% (0 of 1 tasks due)" in text  # task 1 overdue, the only one due
    assert "no warning signs" not in text and "*Keep*" not in text
    assert "*Too early to judge* — 1 task due so far, 0% on time" in text
    blocks = [b["text"]["text"] for b in reply.body["blocks"] if b.get("type") == "section"]
    (record,) = [b for b in blocks if "*Your record*" in b]
    own = record[record.index("*Your record*"):]
    assert "*Payments made on time:* 0% (0 of 2 payments)" in own  # both paid after their due date
    contractor_part = record[:record.index("*Your record*")]
    verdict = next(b for b in blocks if "Too early to judge" in b)
    assert "Payments made on time" not in contractor_part and "payment" not in verdict.lower()


def test_a_contractor_sees_their_engagements_and_next_checkin_in_their_zone(slack, duties) -> None:
    kickoff(slack)
    with duties.runtime.sessions() as session:
        e = session.scalars(select(Engagement).where(Engagement.channel_id == PROJECT)).one()
        days, at = e.checkin_days, e.checkin_time
    now = datetime.now(BOGOTA)
    colombia = holidays.country_holidays("CO", years=[now.year, now.year + 1])  # her country, from her zone
    upcoming = next(slot for offset in range(15)
                    for slot in [datetime.combine(now.date() + timedelta(days=offset), at, tzinfo=BOGOTA)]
                    if str(slot.isoweekday()) in days and slot > now and slot.date() not in colombia)
    reply = slack.slash("/checkin", "status", user=MARIA, channel=PROJECT).wait()
    assert "no engagements in progress" not in reply.text
    assert "Your work (1)" in reply.text and "*Website*" in reply.text
    assert f"your next check-in {upcoming:%a %d %b %H:%M} (America/Bogota)" in reply.text


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_date_before_today(slack, command: str) -> None:
    reply = slack.slash(command, "help", user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral and command in reply.text
    found = dates_in(reply.text)
    today = today_in(LONDON)
    assert all(day >= today for day in found), (command, found)
    if command in ("/kickoff", "/task", "/payment", "/contractor"):
        assert found, f"{command} help should show a dated example"


def test_the_fix_offered_for_a_past_date_is_itself_accepted(slack) -> None:
    kickoff(slack)
    past = (today_in(LONDON) - timedelta(days=2)).isoformat()
    refused = slack.slash("/task", f'add "Homepage design" due {past}', user=OWNER, channel=PROJECT).wait()
    assert "in the past" in refused.text
    example = re.search(r"/task add [^`\n]*", refused.text.split("in the past", 1)[1]).group(0)
    assert all(day >= today_in(LONDON) for day in dates_in(example)) and dates_in(example), example
    offered = example.removeprefix("/task ").replace("@maria", f"<@{MARIA}|maria>")
    again = slack.slash("/task", offered, user=OWNER, channel=PROJECT).wait()
    assert "Added task *1*" in again.text
    payment = slack.slash("/payment", "add 500 USD due someday", user=OWNER, channel=PROJECT).wait()
    assert dates_in(payment.text) and all(day >= today_in(LONDON) for day in dates_in(payment.text))


def test_finishing_credits_the_assignee_and_a_late_approve_tells_the_state(slack, emulator) -> None:
    kickoff(slack)
    slack.slash("/task", f'add "Homepage" <@{MARIA}|maria>', user=OWNER, channel=PROJECT).wait()
    before = len(dm(emulator))
    assert "submitted for review" in slack.slash("/task", "submit 1", user=MARIA, channel=PROJECT).wait().text
    assert emulator.wait_for(lambda: len(dm(emulator)) > before)
    review = dm(emulator)[-1]
    slack.slash("/task", "done 1", user=OWNER, channel=PROJECT).wait()
    finished = emulator.messages(PROJECT)[-1]["text"]
    assert finished == f":white_check_mark: <@{MARIA}> finished task *1*: Homepage (marked done by <@{OWNER}>)"

    channel_before = len(emulator.messages(PROJECT))
    late = slack.click(ids.APPROVE_WORK, user=OWNER, message=review).wait()
    on = f"{datetime.now(LONDON):%a %d %b}"
    assert f"Task 1 is already done (marked by <@{OWNER}> on {on})" in late.text
    assert "You approved" not in late.text and len(emulator.messages(PROJECT)) == channel_before
    assert "approved task" not in json.dumps(emulator.messages(PROJECT))


def test_kickoff_with_an_unknown_person_names_them(slack, bot) -> None:
    before = row_counts(bot.database_url)
    reply = slack.slash("/kickoff", '@nobody "Site" due in 3 weeks objectives="x" deliverables="y"',
                        user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral and "I couldn't find @nobody in this workspace" in reply.text
    assert "expected a person mentioned" not in reply.text
    assert "/kickoff @maria" in reply.text and all(d >= today_in(LONDON) for d in dates_in(reply.text))
    assert row_counts(bot.database_url) == before


def test_marking_a_paid_payment_paid_again_tells_who_and_when(slack) -> None:
    kickoff(slack)
    due = (today_in(LONDON) + timedelta(days=5)).isoformat()
    slack.slash("/payment", f"add 500 USD due {due}", user=OWNER, channel=PROJECT).wait()
    assert "paid" in slack.slash("/payment", "paid 1", user=OWNER, channel=PROJECT).wait().text
    again = slack.slash("/payment", "paid 1", user=OWNER, channel=PROJECT).wait()
    assert f"Payment 1 is already paid (marked by <@{OWNER}> on {datetime.now(LONDON):%a %d %b})" in again.text

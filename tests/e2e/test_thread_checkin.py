"""A check-in prompt from the scheduler, answered in its thread; Slack's retries count once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select, update

from bot.db.models import Checkin, CheckinNote, Engagement
from bot.db.session import transaction
from tests.e2e.conftest import BOT_TOKEN, BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts

BOGOTA = ZoneInfo("America/Bogota")


def next_working_day_in_bogota() -> date:
    """A weekday after today that is no Colombian holiday: a day Maria gets a prompt."""
    day = date.today() + timedelta(days=1)
    while day.isoweekday() > 5 or day in holidays.country_holidays("CO", years=day.year):
        day += timedelta(days=1)
    return day


def run_due(bot, emulator, now: datetime) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": emulator.api_url, "DATABASE_URL": bot.database_url}
    result = subprocess.run([sys.executable, "-m", "bot", "jobs", "run-due", "--now", now.isoformat()],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_prompt_reply_in_thread_is_the_checkin_and_retries_count_once(slack, bot, emulator) -> None:
    slack.slash("/kickoff", f'<@{MARIA}|maria> "Website" due {in_days(40)} checkins=everyday@10:00 '
                'objectives="Faster site" deliverables="Homepage"', user=OWNER, channel=PROJECT).wait()
    slot = datetime.combine(next_working_day_in_bogota(), time(10, 0), tzinfo=BOGOTA)
    printed = run_due(bot, emulator, slot + timedelta(minutes=1))
    assert "checkin" in printed.lower()
    prompts = [m for m in emulator.messages(PROJECT)
               if (m.get("metadata") or {}).get("event_type") == "tandem_delivery"]
    assert len(prompts) == 1 and f"<@{MARIA}>" in str(prompts[0])
    assert run_due(bot, emulator, slot + timedelta(minutes=2)).strip() == ""  # nothing twice

    slack.post_message(BYSTANDER, PROJECT, "I'm not the contractor", thread_ts=prompts[0]["ts"])
    first = slack.post_message(MARIA, PROJECT, "at-risk waiting for the logo files", thread_ts=prompts[0]["ts"])
    assert emulator.wait_for(lambda: emulator.calls_to("reactions.add"))
    delivered = first.payload
    retry = slack.event(delivered["event"], event_id=delivered["event_id"], retry_num=1)
    assert retry.status == 200
    assert row_counts(bot.database_url)["checkins"] == 1
    assert len(emulator.calls_to("reactions.add")) == 1
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "At risk" in board.text


def prompted(slack, emulator, duties) -> str:
    """Kick off with a daily cadence and let the scheduler post the next prompt; its ts."""
    slack.slash("/kickoff", f'<@{MARIA}|maria> "Website" due {in_days(40)} checkins=everyday@10:00 '
                'objectives="Faster site" deliverables="Homepage"', user=OWNER, channel=PROJECT).wait()
    slot = datetime.combine(next_working_day_in_bogota(), time(10, 0), tzinfo=BOGOTA)
    duties.run(slot + timedelta(minutes=1), "checkin_prompt")
    [prompt] = [m for m in emulator.messages(PROJECT)
                if (m.get("metadata") or {}).get("event_type") == "tandem_delivery"]
    return prompt["ts"]


def reply(slack, emulator, text: str, thread_ts: str) -> str:
    """Maria replies in the thread; the name of the reaction the bot answered it with."""
    before = len(emulator.calls_to("reactions.add"))
    posted = slack.post_message(MARIA, PROJECT, text, thread_ts=thread_ts).payload["event"]["ts"]
    assert emulator.wait_for(lambda: len(emulator.calls_to("reactions.add")) > before)
    [call] = emulator.calls_to("reactions.add")[before:]
    assert call.args["timestamp"] == posted
    return call.args["name"]


def stored(duties) -> tuple[list[Checkin], list[str]]:
    with duties.runtime.sessions() as session:
        return list(session.scalars(select(Checkin))), list(session.scalars(select(CheckinNote.text)))


def test_ok_thanks_after_a_blocker_is_a_note_and_changes_nothing(slack, emulator, duties) -> None:
    """The issue's scenario: the blocked 40 % check-in stands, "ok thanks!" is shown as a note."""
    thread = prompted(slack, emulator, duties)
    assert reply(slack, emulator, "blocked 40% homepage halfway | blocked: need the logo files", thread) == (
        "white_check_mark")
    chatter = reply(slack, emulator, "ok thanks!", thread)
    [checkin], notes = stored(duties)
    assert (checkin.status, checkin.progress, checkin.done, checkin.blockers) == (
        "blocked", 40, "homepage halfway", "need the logo files")
    assert notes == ["ok thanks!"] and chatter == "memo"
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "Blocked · 40%" in board.text and "On track" not in board.text
    assert ":red_circle:" in board.text and ":large_green_circle:" not in board.text
    assert "need the logo files" in board.text and "ok thanks!" in board.text
    slack.open_home(OWNER)
    assert emulator.wait_for(lambda: emulator.home_views(OWNER) is not None)
    home = str(emulator.home_views(OWNER))
    assert "Blocked · 40%" in home and "blocked since today: need the logo files" in home and "ok thanks!" in home


def test_lorem_ipsum_after_a_30_percent_checkin_is_a_note(slack, emulator, duties) -> None:
    thread = prompted(slack, emulator, duties)
    assert reply(slack, emulator, "at risk 30% mockups, waiting for copy", thread) == "white_check_mark"
    chatter = reply(slack, emulator, "lorem ipsum", thread)
    [checkin], notes = stored(duties)
    assert (checkin.status, checkin.progress, checkin.done) == ("at_risk", 30, "mockups, waiting for copy")
    assert notes == ["lorem ipsum"] and chatter == "memo"
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "At risk · 30%" in board.text and "lorem ipsum" in board.text
    # A later reply with check-in content is the check-in again: it still answers with the check-in reaction.
    assert reply(slack, emulator, "on track 50% copy arrived", thread) == "white_check_mark"
    [checkin], _ = stored(duties)
    assert (checkin.status, checkin.progress) == ("on_track", 50)


def test_a_free_text_first_reply_is_no_status_given_never_on_track(slack, emulator, duties) -> None:
    thread = prompted(slack, emulator, duties)
    assert reply(slack, emulator, "Finished the homepage", thread) == "white_check_mark"
    [checkin], notes = stored(duties)
    assert (checkin.status, checkin.done, notes) == ("no_status", "Finished the homepage", [])
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "No status given" in board.text and ":white_circle:" in board.text
    assert "On track" not in board.text and ":large_green_circle:" not in board.text


def previous_working_day_in_bogota() -> date:
    """The latest weekday before Maria's today that is no Colombian holiday: a day she had a prompt."""
    day = datetime.now(BOGOTA).date() - timedelta(days=1)
    while day.isoweekday() > 5 or day in holidays.country_holidays("CO", years=day.year):
        day -= timedelta(days=1)
    return day


def test_a_late_reply_under_an_earlier_prompt_is_that_days_checkin_and_todays_keeps_its_own(
        slack, emulator, duties) -> None:
    """Maria answers an earlier day's prompt today: that day's check-in, answered late. Her check-in of
    today is today's; neither stands in for the other, and the first is not overwritten by the second."""
    slack.slash("/kickoff", f'<@{MARIA}|maria> "Website" due {in_days(40)} checkins=everyday@10:00 '
                'objectives="Faster site" deliverables="Homepage"', user=OWNER, channel=PROJECT).wait()
    earlier = previous_working_day_in_bogota()
    with transaction(duties.runtime.sessions) as session:
        session.execute(update(Engagement).values(start_on=earlier))
    prompt_due = datetime.combine(earlier, time(10, 0), tzinfo=BOGOTA)
    assert len(duties.run(prompt_due + timedelta(minutes=1), "checkin_prompt")) == 1
    [prompt] = [m for m in emulator.messages(PROJECT)
                if (m.get("metadata") or {}).get("event_type") == "tandem_delivery"]

    assert reply(slack, emulator, "on-track 40% homepage draft", prompt["ts"]) == "white_check_mark"
    assert "check-in" in slack.slash("/checkin", "at-risk 50% waiting for copy", user=MARIA,
                                     channel=PROJECT).wait().text
    checkins, _ = stored(duties)
    today = datetime.now(BOGOTA).date()
    assert sorted((c.local_date, c.status, c.progress, c.done) for c in checkins) == [
        (earlier, "on_track", 40, "homepage draft"), (today, "at_risk", 50, "waiting for copy")]
    [late] = [c for c in checkins if c.local_date == earlier]
    asked, answered = (t.replace(tzinfo=t.tzinfo or UTC) for t in (late.asked_at, late.answered_at))
    assert asked == prompt_due and answered > prompt_due + timedelta(hours=12)  # asked then, answered today

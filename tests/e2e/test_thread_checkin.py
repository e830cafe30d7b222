"""A check-in prompt from the scheduler, answered in its thread; Slack's retries count once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

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

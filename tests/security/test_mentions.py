# ruff: noqa: F811 - the e2e fixtures are imported by name and taken as arguments
"""A title typed as `@channel Site` or `<!here>` never pings anyone from a message's fallback text.

Driven end to end: the kickoff over the real HTTP endpoint, the check-in prompt by the scheduled
duty; the fallback `text` read from what the emulator recorded for chat.postMessage.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import MARIA, OWNER, PROJECT, bot, duties, emulator, slack  # noqa: F401 - fixtures
from tests.e2e.helpers import in_days
from tests.e2e.jobs_helpers import today_london, workday

# What makes Slack notify: special mentions, user and group mentions, and the bare words.
PINGS = re.compile(r"<!(channel|here|everyone|subteam\^[^>]*)[|>]|<@U[A-Z0-9]+[|>]|@(channel|here|everyone)\b",
                   re.IGNORECASE)
VICTIM = "U0VICTIM"
TITLES = ["@channel Site", "<!channel> Site", "<!here> Site", "<!everyone> Site", f"<@{VICTIM}> Site",
          "<!subteam^S0TEAM|@devs> Site", "@here and @everyone Site"]


def kickoff(slack, title: str):  # type: ignore[no-untyped-def]
    text = (f'<@{MARIA}|maria> "{title}" due {in_days(30)} checkins=mon,tue,wed,thu,fri@10:00 '
            'objectives="A faster site" deliverables="Homepage"')
    return slack.slash("/kickoff", text, user=OWNER, channel=PROJECT).wait()


@pytest.mark.parametrize("title", TITLES)
def test_the_kickoff_brief_and_the_owners_note_do_not_ping_from_their_fallback(slack, emulator, title) -> None:
    reply = kickoff(slack, title)
    [brief] = emulator.messages(PROJECT)
    assert brief["text"].startswith("Kickoff:") and "Site" in brief["text"], brief["text"]
    assert not PINGS.search(brief["text"]), brief["text"]
    assert reply.ephemeral
    [note] = [m for m in emulator.ephemerals(PROJECT, OWNER) if m["text"].startswith("Engagement")]
    assert "Site" in note["text"] and not PINGS.search(note["text"]), note["text"]


@pytest.mark.parametrize("title", ["@channel Site", "<!channel> Site", f"<@{VICTIM}> Site"])
def test_the_checkin_prompt_does_not_ping_from_its_fallback(slack, emulator, duties, title) -> None:
    kickoff(slack, title)
    bogota = ZoneInfo("America/Bogota")
    day = workday(today_london() + timedelta(days=1), "CO")  # Maria is in Bogota: not on Colombian holidays
    sent = duties.run(datetime.combine(day, time(10, 5), tzinfo=bogota), "checkin_prompt")
    assert len(sent) == 1, sent
    [prompt] = [m for m in emulator.messages(PROJECT) if m["text"].startswith("Check-in time")]
    assert "Site" in prompt["text"] and not PINGS.search(prompt["text"]), prompt["text"]
    assert f"<@{MARIA}>" in str(prompt["blocks"])  # the contractor is still mentioned where meant


def test_the_helpers_quote_typed_text_and_guard_every_fallback() -> None:
    from bot.slack.blocks.common import message
    from bot.text.mrkdwn import quote

    assert quote("<@U1> & <!here> @channel") == "&lt;@U1&gt; &amp; &lt;!here&gt; @\u200bchannel"
    assert quote("Website redesign") == "Website redesign"
    # A builder's own mentions stay; a forgotten broadcast does not get through.
    built = message("<@U0MARIA> in <#C0PROJECT>: <!channel> <!subteam^S1> @here", [])["text"]
    assert built == "<@U0MARIA> in <#C0PROJECT>: &lt;!channel&gt; &lt;!subteam^S1&gt; @\u200bhere"

"""The HTTP edge: signatures, health, and url_verification."""

from __future__ import annotations

import json
import urllib.request

from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts


def test_wrong_or_stale_signatures_get_401_and_change_nothing(slack, bot, emulator) -> None:
    before = row_counts(bot.database_url)
    text = f'<@{MARIA}|maria> "Site" due {in_days(9)} objectives="x" deliverables="y"'
    wrong = slack.slash("/kickoff", text, user=OWNER, channel=PROJECT, signature="v0=" + "0" * 64)
    stale = slack.slash("/kickoff", text, user=OWNER, channel=PROJECT, timestamp_offset=-600)
    assert (wrong.status, stale.status) == (401, 401)
    assert row_counts(bot.database_url) == before
    assert emulator.calls_to("chat.postMessage") == []


def test_healthz_answers_json(bot) -> None:
    with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "ok"}

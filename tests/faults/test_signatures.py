"""Wrong, missing, stale and replayed signatures: 401 and nothing stored, on every worker."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import func, select

from bot.db.models import ProcessedEvent
from bot.emulator import payloads
from bot.emulator.signing import signed_headers
from bot.slack import seen_signatures
from tests.e2e.helpers import row_counts
from tests.faults.conftest import SECRET, serve, shut
from tests.jobs.conftest import MARIA, OWNER, PROJECT

TASK = "add Write the FAQ"


def signed_slash(bot, text: str, **signing) -> tuple[bytes, dict[str, str]]:  # type: ignore[no-untyped-def]
    """A /task request exactly as Slack signs it: the raw body and its headers."""
    emu = bot.slack.emu
    form = payloads.slash_form(emu, "/task", text, OWNER, PROJECT, emu.new_response_url(PROJECT, OWNER),
                               emu.mint_trigger(OWNER))
    body = urlencode(form)
    return body.encode(), signed_headers(SECRET, body, "application/x-www-form-urlencoded", **signing)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url + "/slack/events", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code


def tasks_stored(bot) -> int:  # type: ignore[no-untyped-def]
    return row_counts(str(bot.runtime.engine.url))["tasks"]


def test_wrong_missing_and_stale_signatures_get_401_and_store_nothing(bot) -> None:
    before = row_counts(str(bot.runtime.engine.url))
    body, headers = signed_slash(bot, TASK)
    missing = {k: v for k, v in headers.items() if k != "X-Slack-Signature"}
    no_timestamp = {k: v for k, v in headers.items() if k != "X-Slack-Request-Timestamp"}
    statuses = [
        post(bot.url, body, {**headers, "X-Slack-Signature": "v0=" + "0" * 64}),
        post(bot.url, body, missing),
        post(bot.url, body, no_timestamp),
        post(bot.url, *signed_slash(bot, TASK, timestamp_offset=-301)),
        post(bot.url, body + b"&x=1", headers),  # tampered body
    ]
    assert statuses == [401] * 5
    assert row_counts(str(bot.runtime.engine.url)) == before
    assert bot.slack.emu.calls_to("chat.postMessage") == []


def test_a_replayed_request_gets_401_and_the_task_is_stored_once(bot) -> None:
    body, headers = signed_slash(bot, TASK)
    assert post(bot.url, body, headers) == 200
    assert tasks_stored(bot) == 1
    assert [post(bot.url, body, headers) for _ in range(3)] == [401] * 3
    assert tasks_stored(bot) == 1
    assert len(bot.slack.emu.calls_to("chat.postMessage")) == 1


def test_a_replay_to_another_worker_is_refused_too(bot) -> None:
    """Two apps over one database stand for two gunicorn workers."""
    from tests.support.duties import migrated_runtime

    other = serve(migrated_runtime(str(bot.runtime.engine.url), bot.runtime.clock, bot.slack.emu.api_url),
                  bot.slack.emu)
    try:
        body, headers = signed_slash(bot, TASK)
        assert post(bot.url, body, headers) == 200
        assert post(other.url, body, headers) == 401
        assert tasks_stored(bot) == 1
    finally:
        shut(other)


def test_a_replayed_event_is_refused_while_slack_retries_pass_to_deduplication(bot) -> None:
    emu = bot.slack.emu
    envelope = payloads.event_envelope(emu, {"type": "message", "user": MARIA, "text": "hello",
                                             "channel": PROJECT, "ts": "1.000100", "event_ts": "1.000100",
                                             "channel_type": "channel"}, None)
    body = json.dumps(envelope)
    headers = signed_headers(SECRET, body, "application/json")
    assert post(bot.url, body.encode(), headers) == 200
    assert post(bot.url, body.encode(), headers) == 401
    assert post(bot.url, body.encode(), headers | {"X-Slack-Retry-Num": "1"}) == 200
    with bot.runtime.sessions() as session:
        events = session.scalar(select(func.count()).select_from(ProcessedEvent)
                                .where(ProcessedEvent.event_id == envelope["event_id"]))
    assert events == 1


def test_old_signatures_are_pruned_and_fresh_ones_kept(bot) -> None:
    now = bot.runtime.clock()
    sessions = bot.runtime.sessions
    assert seen_signatures.remember(sessions, signature="v0=" + "a" * 64, team_id="T1", now=now - timedelta(minutes=11))
    assert seen_signatures.remember(sessions, signature="v0=" + "b" * 64, team_id="T1", now=now)
    assert not seen_signatures.remember(sessions, signature="v0=" + "b" * 64, team_id="T1", now=now)
    assert seen_signatures.prune(sessions, now=now) == 1
    assert seen_signatures.remember(sessions, signature="v0=" + "a" * 64, team_id="T1", now=now)

"""Events Slack sends that the emulator now sends too, compared field by field with Slack's own.

References (slack-reference/payloads, from bolt-python's tests):
- event_message_bot.json: the app's own post comes back as a message event with bot_id, bot_profile
  and the bot user, and no subtype.
- event_message_changed_thread_parent.json: a thread reply also brings a hidden message_changed of the
  parent with reply_count, reply_users, latest_reply.
- event_shared_channel_message.json / event_shared_channel_reaction_source_team.json: Slack Connect.
- view_closed.json: view_closed carries response_urls.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

from bot.emulator import SlackEmulator
from tests.emulator.bolt_harness import FORM
from tests.emulator.conftest import ALICE, OWNER, PROJ
from tests.emulator.test_payloads import captured  # noqa: F401  (fixture)

REFERENCE = Path("/work/shared/slack-reference/payloads")


def fixture(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((REFERENCE / name).read_text())


def events(seen) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return [json.loads(body)["event"] for _, body in seen if body.startswith("{")]


def test_the_bots_own_post_echoes_with_the_fields_of_slacks(captured, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    drv, seen = captured
    ts = client.chat_postMessage(channel=PROJ, text="Check-in time")["ts"]
    drv.echo_bot_message(PROJ, ts)
    [echo] = events(seen)
    reference = fixture("event_message_bot.json")["event"]
    assert set(reference) <= set(echo) and "subtype" not in echo and "client_msg_id" not in echo
    assert (echo["bot_id"], echo["user"], echo["bot_profile"]["id"]) == (
        drv.emu.bot_id, drv.emu.bot_user_id, drv.emu.bot_id)


def test_a_thread_reply_brings_the_parents_message_changed(captured) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    drv, seen = captured
    root = drv.post_message(OWNER, PROJ, "parent").posted
    reply = drv.post_message(ALICE, PROJ, "a reply", thread_ts=root["ts"]).posted
    reference = fixture("event_message_changed_thread_parent.json")["event"]
    *_, written, changed = events(seen)
    assert written["ts"] == reply["ts"]
    assert set(changed) == set(reference) and (changed["subtype"], changed["hidden"]) == ("message_changed", True)
    assert set(changed["message"]) <= set(reference["message"]) | {"team"}
    assert {"reply_count", "reply_users", "latest_reply", "thread_ts", "ts"} <= set(changed["message"])
    assert (changed["message"]["ts"], changed["message"]["reply_count"], changed["message"]["latest_reply"]) == (
        root["ts"], 1, reply["ts"])
    assert "reply_count" not in changed["previous_message"]


def test_view_closed_carries_response_urls(captured, emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    drv, seen = captured
    view = client.views_open(trigger_id=emu.mint_trigger(OWNER), view=FORM | {"notify_on_close": True})["view"]
    drv.close_view(view["id"], user=OWNER)
    sent = json.loads(dict(parse_qsl(seen[-1][1]))["payload"])
    assert set(fixture("view_closed.json")) <= set(sent) and sent["response_urls"] == []

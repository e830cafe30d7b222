"""views.* with Slack's trigger_id rules, hashes, stacks and Home tabs."""

from __future__ import annotations

import time
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import SlackEmulator
from tests.emulator.conftest import OWNER


def modal(title: str = "Kickoff", **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": "kickoff",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "title",
                "label": {"type": "plain_text", "text": "Title"},
                "element": {"type": "plain_text_input", "action_id": "title"},
            }
        ],
        **extra,
    }


def error(call) -> dict:  # type: ignore[no-untyped-def]
    """The ok:false body slack_sdk raised for `call`."""
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response.data


def code(call) -> str:  # type: ignore[no-untyped-def]
    """The Slack error code `call` failed with."""
    return error(call)["error"]


def test_views_open_returns_slack_view_and_consumes_the_trigger(
    client: WebClient, emu: SlackEmulator
) -> None:
    trigger = emu.mint_trigger(OWNER)
    view = client.views_open(trigger_id=trigger, view=modal(private_metadata="42"))["view"]
    assert view["id"].startswith("V") and view["root_view_id"] == view["id"]
    assert view["state"] == {"values": {}} and view["private_metadata"] == "42"
    assert view["hash"] and view["app_id"] == "A0TANDEM" and view["bot_id"] == "B0TANDEM"
    assert emu.views[view["id"]]["callback_id"] == "kickoff"
    assert (
        code(lambda: client.views_open(trigger_id=trigger, view=modal())) == "exchanged_trigger_id"
    )
    assert code(lambda: client.views_open(trigger_id="1.2.3", view=modal())) == "invalid_trigger_id"


def test_trigger_ids_expire(client: WebClient, emu: SlackEmulator) -> None:
    emu.trigger_ttl = 0.2
    trigger = emu.mint_trigger(OWNER)
    time.sleep(0.3)
    assert code(lambda: client.views_open(trigger_id=trigger, view=modal())) == "expired_trigger_id"


def test_invalid_view_is_invalid_arguments(client: WebClient, emu: SlackEmulator) -> None:
    body = error(
        lambda: client.views_open(trigger_id=emu.mint_trigger(OWNER), view=modal(title="t" * 25))
    )
    assert body["error"] == "invalid_arguments"
    assert body["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]


def test_update_by_id_and_external_id_with_hash_conflict(
    client: WebClient, emu: SlackEmulator
) -> None:
    view = client.views_open(trigger_id=emu.mint_trigger(OWNER), view=modal(external_id="k-1"))[
        "view"
    ]
    updated = client.views_update(
        view_id=view["id"], hash=view["hash"], view=modal(title="Step 2")
    )["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    stale = error(lambda: client.views_update(view_id=view["id"], hash=view["hash"], view=modal()))
    assert stale["error"] == "hash_conflict"
    by_external = client.views_update(
        external_id="k-1", view=modal(title="Step 3", external_id="k-1")
    )
    assert by_external["view"]["title"]["text"] == "Step 3"
    assert code(lambda: client.views_update(view_id="V0NOPE", view=modal())) == "not_found"


def test_push_needs_a_trigger_from_the_modal_and_stops_at_three(
    client: WebClient, emu: SlackEmulator
) -> None:
    root = client.views_open(trigger_id=emu.mint_trigger(OWNER), view=modal())["view"]
    second = client.views_push(
        trigger_id=emu.mint_trigger(OWNER, view_id=root["id"]), view=modal("Two")
    )["view"]
    assert second["root_view_id"] == root["id"] and second["previous_view_id"] == root["id"]
    client.views_push(trigger_id=emu.mint_trigger(OWNER, view_id=second["id"]), view=modal("Three"))
    too_deep = error(
        lambda: client.views_push(
            trigger_id=emu.mint_trigger(OWNER, view_id=root["id"]), view=modal()
        )
    )
    assert too_deep["error"] == "push_limit_reached"


def test_publish_home_keeps_one_view_per_user(client: WebClient, emu: SlackEmulator) -> None:
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}],
    }
    first = client.views_publish(user_id=OWNER, view=home)["view"]
    second = client.views_publish(user_id=OWNER, view={**home, "blocks": []})["view"]
    assert first["id"] == second["id"] and emu.home_views(OWNER)["blocks"] == []
    assert emu.home_views("U0ALICE") is None
    assert code(lambda: client.views_publish(user_id=OWNER, view=modal())) == "invalid_arguments"

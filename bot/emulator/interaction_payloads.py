"""block_actions / view_submission / view_closed payloads built from the emulator's live state.

Clicks and submissions are built from what the user currently sees (the stored message or open
view), so a test cannot press a button that is not there or submit a modal that was closed.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from bot.emulator import payloads
from bot.emulator.interactions import resolve_message, response_urls_for
from bot.emulator.reply_items import Origin
from bot.emulator.shapes import message_json
from bot.emulator.view_state import DriverError, element_state, submission_state

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

STATELESS = ("button", "workflow_button", "overflow")


def open_view(emu: SlackEmulator, view_id: str, user: str | None) -> tuple[dict[str, Any], str]:
    """The live view and the user acting on it; DriverError when closed or someone else's."""
    view = emu.workspace.views.views.get(view_id)
    if view is None:
        raise DriverError(f"view {view_id} is not open")
    owner = emu.workspace.views.owner.get(view_id, "")
    if user is not None and user != owner:
        raise DriverError(f"view {view_id} belongs to {owner}, not {user}")
    return view, owner


def message_click(
    emu: SlackEmulator,
    action_id: str,
    user: str,
    message: dict[str, Any],
    value: Any,
    block_id: str | None,
) -> tuple[dict[str, Any], Origin]:
    """A click on an element of a channel message, ephemeral message or response_url reply."""
    ws = emu.workspace
    with ws.lock:
        stored, ephemeral = resolve_message(emu, message, user)
        channel_id, ts = stored["channel"], stored["ts"]
        block, element = payloads.find_element(
            stored.get("blocks") or [], action_id, block_id, value
        )
        action = payloads.action_entry(block, element, value)
        channel_name = payloads.channel_name(ws.channels.get(channel_id))
        shown = None if ephemeral else message_json(ws, stored)  # Slack omits it for ephemerals
    response_url = emu.new_response_url(channel_id, user, ts, ephemeral, stored.get("thread_ts"))
    trigger = emu.mint_trigger(user)
    payload = payloads.interaction_base(emu, "block_actions", user, trigger)
    payload["container"] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel_id,
        "is_ephemeral": ephemeral,
    }
    payload["channel"] = {"id": channel_id, "name": channel_name}
    if shown is not None:
        payload["message"] = shown
    values = {}
    if element["type"] not in STATELESS:
        values = {
            block.get("block_id"): {action_id: element_state(element, value, use_initial=False)}
        }
    payload.update(state={"values": values}, response_url=response_url, actions=[action])
    return payload, Origin("action", user, channel_id, response_url, trigger, None, ts)


def view_click(
    emu: SlackEmulator, action_id: str, user: str, view_id: str, value: Any, block_id: str | None
) -> tuple[dict[str, Any], Origin]:
    """A click (or pick) on an element of an open modal or Home tab; picks update the view state."""
    with emu.workspace.lock:
        view, _ = open_view(emu, view_id, user)
        block, element = payloads.find_element(view["blocks"], action_id, block_id, value)
        action = payloads.action_entry(block, element, value)
        if element["type"] not in STATELESS:
            values = view["state"]["values"].setdefault(block["block_id"], {})
            values[action_id] = element_state(element, value, use_initial=False)
        shown = copy.deepcopy(view)
    trigger = emu.mint_trigger(user, view_id=view_id)
    payload = payloads.interaction_base(emu, "block_actions", user, trigger)
    payload["container"] = {"type": "view", "view_id": view_id}
    payload.update(view=shown, actions=[action])
    payloads.as_other_org(emu, payload, user)
    return payload, Origin("action", user, None, None, trigger, view_id)


def submission(
    emu: SlackEmulator,
    view_id: str,
    values: dict[str, Any],
    user: str | None,
    strict: bool,
    force: bool,
) -> tuple[dict[str, Any], Origin]:
    """A view_submission of an open modal with typed state values."""
    with emu.workspace.lock:
        view, owner = open_view(emu, view_id, user)
        if view["type"] != "modal" or (view.get("submit") is None and not force):
            raise DriverError(f"view {view_id} has no submit button")
        shown = copy.deepcopy(view)
        shown["state"] = {"values": submission_state(view, values, force, strict)}
    trigger = emu.mint_trigger(owner, view_id=view_id)
    payload = payloads.interaction_base(emu, "view_submission", owner, trigger)
    urls = response_urls_for(emu, shown, owner)
    payload.update(view=shown, response_urls=urls)
    payloads.as_other_org(emu, payload, owner)
    first_url = urls[0]["response_url"] if urls else None
    return payload, Origin("submission", owner, None, first_url, trigger, view_id)


def closing(
    emu: SlackEmulator, view_id: str, user: str | None
) -> tuple[dict[str, Any], Origin] | None:
    """Close a modal; the view_closed payload only if the view asked for it (notify_on_close)."""
    with emu.workspace.lock:
        view, owner = open_view(emu, view_id, user)
        shown = copy.deepcopy(view)
        emu.workspace.views.close(view_id)
    if not shown.get("notify_on_close"):
        return None
    payload = payloads.interaction_base(emu, "view_closed", owner, "")
    payload.pop("trigger_id")
    payload.update(view=shown, is_cleared=False, response_urls=[])  # as payloads/view_closed.json
    payloads.as_other_org(emu, payload, owner)
    return payload, Origin("submission", owner, None, None, None, view_id)

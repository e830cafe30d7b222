"""Request payloads exactly as Slack builds them (see slack-reference/payloads/*).

Slash commands are flat string fields; interactions carry user/team/container/trigger/response_url
and typed actions; events are wrapped in the event_callback envelope with authorizations.
"""

from __future__ import annotations

import base64
import json
import time
from typing import TYPE_CHECKING, Any

from bot.emulator import ids
from bot.emulator.view_state import DriverError, element_state
from bot.emulator.workspace import Channel

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator


def org_of(emu: SlackEmulator, user_id: str | None) -> str:
    """The organisation a member belongs to: their own for an external member of a shared channel."""
    user = emu.workspace.users.get(user_id or "")
    return (user.team_id if user else None) or emu.team_id


def user_ref(emu: SlackEmulator, user_id: str) -> dict[str, str]:
    """The "user" object of interaction payloads (team_id: the member's own organisation)."""
    user = emu.workspace.users.get(user_id)
    name = user.name if user else user_id.lower()
    return {"id": user_id, "username": name, "name": name, "team_id": org_of(emu, user_id)}


def team_ref(emu: SlackEmulator, team_id: str | None = None) -> dict[str, Any]:
    """The "team" object of interaction payloads (another organisation's, from its side of Slack Connect)."""
    if team_id and team_id != emu.team_id:
        return {"id": team_id, "domain": team_id.lower()}
    return {"id": emu.team_id, "domain": emu.team_domain}


def as_other_org(emu: SlackEmulator, payload: dict[str, Any], user_id: str) -> None:
    """Give a view payload the shape Slack sends from the other side of a Slack Connect channel.

    As payloads/view_submission_slack_connect_other_org.json shows: `team.id`, `user.team_id` and
    `view.team_id` are the member's own organisation; only `view.app_installed_team_id` names the
    workspace that installed the app.
    """
    org = org_of(emu, user_id)
    if org == emu.team_id:
        return
    payload["team"] = team_ref(emu, org)
    view = payload.get("view")
    if isinstance(view, dict):
        view.update(team_id=org, app_installed_team_id=emu.team_id)


def channel_name(channel: Channel | None) -> str:
    """The channel_name Slack sends: "directmessage" for DMs, "privategroup" when private."""
    if channel is None:
        return "unknown"
    if channel.is_im:
        return "directmessage"
    if channel.is_private and not channel.is_mpim:
        return "privategroup"
    return channel.name


def slash_form(
    emu: SlackEmulator,
    command: str,
    text: str,
    user_id: str,
    channel_id: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The fields of a slash command request, in Slack's order."""
    user = emu.workspace.users.get(user_id)
    return {
        "token": emu.verification_token,
        "team_id": emu.team_id,
        "team_domain": emu.team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name(emu.workspace.channels.get(channel_id)),
        "user_id": user_id,
        "user_name": user.name if user else user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": emu.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [block.get("accessory"), block.get("element"), *(block.get("elements") or [])]
    return [e for e in found if isinstance(e, dict) and e.get("action_id")]


def find_element(
    blocks: list[dict[str, Any]], action_id: str, block_id: str | None, value: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (block, element) a user would click; DriverError when absent or ambiguous."""
    matches = [
        (block, el)
        for block in blocks
        for el in _elements(block)
        if el["action_id"] == action_id and (block_id is None or block.get("block_id") == block_id)
    ]
    if value is not None and len(matches) > 1:
        matches = [
            (b, e) for b, e in matches if e.get("type") != "button" or e.get("value") == str(value)
        ]
    if not matches:
        present = sorted({e["action_id"] for b in blocks for e in _elements(b)})
        raise DriverError(f"no element with action_id {action_id!r} to click (present: {present})")
    if len(matches) > 1:
        raise DriverError(
            f"{len(matches)} elements with action_id {action_id!r}; pass block_id= or value="
        )
    block, element = matches[0]
    if element.get("type") == "button" and value is not None and element.get("value") != str(value):
        raise DriverError(f"button {action_id!r} has value {element.get('value')!r}, not {value!r}")
    return block, element


def action_entry(block: dict[str, Any], element: dict[str, Any], selection: Any) -> dict[str, Any]:
    """One entry of block_actions "actions": typed like the element (button, select, picker...)."""
    kind = element["type"]
    entry: dict[str, Any] = {"action_id": element["action_id"], "block_id": block.get("block_id")}
    if kind in ("button", "workflow_button"):
        entry.update({k: element[k] for k in ("text", "value", "style", "url") if k in element})
    else:
        if selection is None and kind not in ("plain_text_input",):
            raise DriverError(
                f"{element['action_id']} is a {kind}; pass value= to choose something"
            )
        entry.update(element_state(element, selection, use_initial=False))
        if "placeholder" in element:
            entry["placeholder"] = element["placeholder"]
    entry.update(type=kind, action_ts=f"{time.time():.6f}")
    return entry


def interaction_base(
    emu: SlackEmulator, kind: str, user_id: str, trigger_id: str
) -> dict[str, Any]:
    """Fields every interaction payload starts with."""
    return {
        "type": kind,
        "user": user_ref(emu, user_id),
        "api_app_id": emu.app_id,
        "token": emu.verification_token,
        "trigger_id": trigger_id,
        "team": team_ref(emu),
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _event_context(emu: SlackEmulator, event: dict[str, Any]) -> str:
    raw = json.dumps(
        {
            "et": event.get("type"),
            "tid": emu.team_id,
            "aid": emu.app_id,
            "cid": event.get("channel"),
        }
    )
    return "4-" + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def event_envelope(
    emu: SlackEmulator, event: dict[str, Any], event_id: str | None = None
) -> dict[str, Any]:
    """The event_callback wrapper Slack posts to the Events API request URL."""
    channel = emu.workspace.channels.get(str(event.get("channel", "")))
    event = {**event}
    event.setdefault("event_ts", f"{time.time():.6f}")
    # From the other side of a Slack Connect channel the envelope's team_id is the member's
    # organisation; authorizations[0] still names the installation (event_shared_channel_*.json).
    actor = event.get("user") if isinstance(event.get("user"), str) else None
    if event.get("type") in ("app_uninstalled", "tokens_revoked"):
        # The app has no token left there: Slack sends the bare envelope (payloads/event_app_uninstalled.json,
        # event_tokens_revoked.json), without authorizations.
        return {"token": emu.verification_token, "team_id": emu.team_id, "enterprise_id": None,
                "api_app_id": emu.app_id, "event": event, "type": "event_callback",
                "event_id": event_id or ids.event_id(), "event_time": int(time.time())}
    return {
        "token": emu.verification_token,
        "team_id": org_of(emu, actor),
        "context_team_id": emu.team_id,
        "context_enterprise_id": None,
        "api_app_id": emu.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or ids.event_id(),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": emu.team_id,
                "user_id": emu.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": bool(channel and channel.is_ext_shared),
        "event_context": _event_context(emu, event),
    }

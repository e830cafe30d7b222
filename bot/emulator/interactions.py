"""Slack-side bookkeeping around interactions: which message a click targets, which response_urls a
submission carries, and what Slack does with a view_submission answer (close, update, push, errors).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.emulator.methods_views import view_payload
from bot.emulator.registry import ApiError
from bot.emulator.view_state import DriverError
from bot.emulator.views import ViewError

if TYPE_CHECKING:
    from bot.emulator.reply import Reply
    from bot.emulator.server import SlackEmulator

logger = logging.getLogger(__name__)
_RESPONSE_URL_ELEMENTS = {
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}


def resolve_message(
    emu: SlackEmulator, message: dict[str, Any], user: str
) -> tuple[dict[str, Any], bool]:
    """The live stored message behind a message/ephemeral/response record, and if it is ephemeral.

    Uses the live copy so a click sees the message as it is now (after chat.update or
    replace_original), and refuses what the user cannot see. Call with the workspace lock held.
    """
    ws = emu.workspace
    channel_id, ts = message.get("channel"), message.get("ts")
    ephemeral = bool(message.get("is_ephemeral") or message.get("ephemeral"))
    if "url" in message and "body" in message and ts is None:
        raise DriverError("that response_url post wrote no message (deleted or nothing to show)")
    stored = (
        ws.find_ephemeral(channel_id, ts) if ephemeral else ws.find_message(channel_id or "", ts)
    )
    if stored is None:
        raise DriverError(f"message {ts} in {channel_id} no longer exists")
    if ephemeral and stored["user"] != user:
        raise DriverError(f"ephemeral {ts} is only visible to {stored['user']}, not {user}")
    channel = ws.channels.get(channel_id or "")
    if not ephemeral and channel is not None and channel.is_private and user not in channel.members:
        raise DriverError(f"{user} is not in private conversation {channel_id}")
    if not ephemeral and channel is not None and user not in channel.members and not _home(emu, user):
        # Slack Connect: a member of another organisation sees only the shared channels they are in.
        raise DriverError(f"{user} belongs to another organisation and is not in {channel_id}")
    return stored, ephemeral


def _home(emu: SlackEmulator, user: str) -> bool:
    member = emu.workspace.users.get(user)
    return member is None or member.team_id in (None, emu.team_id)


def response_urls_for(emu: SlackEmulator, view: dict[str, Any], user: str) -> list[dict[str, str]]:
    """A submission's response_urls: one per response_url_enabled input with a chosen channel."""
    urls = []
    values = view.get("state", {}).get("values", {})
    for block in view.get("blocks", []):
        element = block.get("element") or {}
        key = _RESPONSE_URL_ELEMENTS.get(element.get("type", ""))
        if block.get("type") != "input" or not key or not element.get("response_url_enabled"):
            continue
        chosen = values.get(block["block_id"], {}).get(element["action_id"], {}).get(key)
        if chosen:
            urls.append(
                {
                    "block_id": block["block_id"],
                    "action_id": element["action_id"],
                    "channel_id": chosen,
                    "response_url": emu.new_response_url(chosen, user),
                }
            )
    return urls


def _checked_view(reply: Reply, view: Any) -> dict[str, Any] | None:
    try:
        return view_payload({"view": view}, ("modal",))
    except ApiError as err:
        reply.view_problems = list(
            err.extra.get("response_metadata", {}).get("messages", [err.code])
        )
        logger.warning("Slack would reject the response_action view: %s", reply.view_problems)
        return None


def apply_submission_answer(emu: SlackEmulator, view_id: str, user: str, reply: Reply) -> None:
    """Do what Slack does with the ack of a view_submission; note what it would refuse (emu.refusals)."""
    _apply(emu, view_id, user, reply)
    emu.refuse(f"view_submission ack for {view_id}", reply.view_problems)


def _apply(emu: SlackEmulator, view_id: str, user: str, reply: Reply) -> None:
    if reply.status != 200 or reply.timed_out:
        logger.warning(
            "view_submission answered %s after %.2fs: Slack keeps the modal open",
            reply.status,
            reply.elapsed,
        )
        return
    body = reply.body
    store = emu.workspace.views
    with emu.workspace.lock:
        if body in ("", None, {}):
            store.close(view_id)
            return
        action = body.get("response_action") if isinstance(body, dict) else None
        if action == "clear":
            store.clear(view_id)
        elif action in ("update", "push"):
            payload = _checked_view(reply, body.get("view"))
            if payload is None:
                return
            try:
                if action == "update" and view_id in store.views:
                    store.update(store.views[view_id], payload, None)
                elif action == "push":
                    store.push(payload, user, view_id)
            except ViewError as err:
                reply.view_problems = [err.code]
        elif action == "errors":
            inputs = {
                b.get("block_id")
                for b in store.views.get(view_id, {}).get("blocks", [])
                if b.get("type") == "input"
            }
            unknown = set((body.get("errors") or {}).keys()) - inputs
            if unknown:
                reply.view_problems = [f"errors for non-input blocks: {sorted(unknown)}"]
                logger.warning("response_action errors names non-input blocks %s", sorted(unknown))
        else:
            reply.view_problems = [f"unexpected ack body {body!r}"]
            logger.warning("unexpected view_submission ack body %r: Slack shows an error", body)

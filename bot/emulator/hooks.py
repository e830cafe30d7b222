"""response_url endpoint: what Slack's hooks.slack.com does with a bot's delayed replies.

A response_url accepts up to 5 posts within 30 minutes. Each post becomes an ephemeral message for
the invoker, or a channel message with response_type=in_channel; replace_original/delete_original
act on the message the interaction came from. Errors are plain-text bodies, as hooks answer.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from bot.emulator.content import message_content
from bot.emulator.methods_chat import bot_message_fields
from bot.emulator.registry import ApiError
from bot.emulator.workspace import ResponseHook

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

MAX_USES = 5
LIFETIME = 30 * 60


def _parse(raw: bytes, content_type: str) -> dict[str, Any] | None:
    text = raw.decode("utf-8", errors="replace")
    if content_type.startswith("application/x-www-form-urlencoded"):
        text = parse_qs(text).get("payload", [""])[0]
    try:
        body = json.loads(text)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _original(emu: SlackEmulator, hook: ResponseHook) -> dict[str, Any] | None:
    ws = emu.workspace
    if hook.is_ephemeral:
        return ws.find_ephemeral(hook.channel_id, hook.message_ts)
    return ws.find_message(hook.channel_id or "", hook.message_ts)


def _apply(emu: SlackEmulator, hook: ResponseHook, body: dict[str, Any]) -> dict[str, Any] | None:
    """Carry out one post; returns the message it wrote or changed (None after a delete)."""
    ws = emu.workspace
    original = _original(emu, hook) if hook.message_ts else None
    if body.get("delete_original") in (True, "true"):
        if original is not None and hook.is_ephemeral:
            ws.ephemerals.remove(original)
        elif original is not None:
            ws.delete_message(hook.channel_id or "", original["ts"])
        return None
    content = message_content(body)
    content.pop("metadata")
    if body.get("replace_original") in (True, "true") and original is not None:
        original.update(content)
        return original
    thread_ts = body.get("thread_ts")
    if body.get("response_type") == "in_channel" and hook.channel_id:
        return ws.add_message(
            hook.channel_id, **content, **bot_message_fields(emu), thread_ts=thread_ts
        )
    if hook.channel_id is None:
        return None
    message = ws.add_ephemeral(hook.channel_id, hook.user_id, **content, thread_ts=thread_ts)
    message.update(source="response_url", bot_id=emu.bot_id)
    return message


def handle_post(emu: SlackEmulator, hook_id: str, raw: bytes, content_type: str) -> tuple[int, str]:
    """Answer a POST to {base_url}/response/<id>: (HTTP status, plain-text body)."""
    ws = emu.workspace
    with ws.lock:
        hook = ws.hooks.get(hook_id)
        if hook is None:
            return 404, "no_service"
        if time.monotonic() - hook.created > LIFETIME:
            return 404, "expired_url"
        if hook.uses >= MAX_USES:
            return 404, "used_url"
        body = _parse(raw, content_type)
        if body is None:
            return 400, "invalid_payload"
        try:
            written = _apply(emu, hook, body)
        except ApiError as err:
            return 400, err.code
        hook.uses += 1
        ws.responses.append(
            {
                "url": hook.url,
                "body": body,
                "at": time.time(),
                "channel": hook.channel_id,
                "ts": written["ts"] if written else None,
                "ephemeral": bool(written and written.get("is_ephemeral")),
            }
        )
    return 200, "ok"

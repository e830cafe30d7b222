"""Message content rules shared by chat.* methods and response_url posts.

Slack checks text/blocks/attachments/metadata the same way wherever a message is written, so the
checks live here once: no_text, msg_too_long, invalid_blocks(_format), invalid_metadata_format.
"""

from __future__ import annotations

import re
from typing import Any

from bot.emulator.blockkit import MAX_MESSAGE_TEXT, validate_message_blocks
from bot.emulator.normalize import normalize_blocks
from bot.emulator.registry import ApiError

_EVENT_TYPE = re.compile(r"^[A-Za-z0-9_.-]{1,255}$")
_TEXTUAL = ("plain_text", "mrkdwn", "text", "markdown")


def _blocks(args: dict[str, Any]) -> list[dict[str, Any]] | None:
    blocks = args.get("blocks")
    if blocks is None or blocks == "":
        return None
    if isinstance(blocks, str):
        raise ApiError("invalid_blocks_format")
    problems = validate_message_blocks(blocks)
    if problems:
        raise ApiError(
            "invalid_blocks",
            errors=problems,
            response_metadata={"messages": [f"[ERROR] {p}" for p in problems]},
        )
    return normalize_blocks(blocks)


def _metadata(args: dict[str, Any]) -> dict[str, Any] | None:
    metadata = args.get("metadata")
    if metadata is None or metadata == "":
        return None
    if not isinstance(metadata, dict):
        raise ApiError("invalid_metadata_format")
    event_type = metadata.get("event_type")
    payload = metadata.get("event_payload")
    if (
        not isinstance(event_type, str)
        or not _EVENT_TYPE.match(event_type)
        or not isinstance(payload, dict)
    ):
        raise ApiError("invalid_metadata_format")
    return {"event_type": event_type, "event_payload": payload}


def message_content(args: dict[str, Any], require: bool = True) -> dict[str, Any]:
    """Validated text/blocks/attachments/metadata of a message write; raises ApiError like Slack."""
    text = args.get("text")
    if text is not None and not isinstance(text, str):
        text = str(text)
    if text and len(text) > MAX_MESSAGE_TEXT:
        raise ApiError("msg_too_long")
    blocks = _blocks(args)
    attachments = args.get("attachments")
    if isinstance(attachments, str) and attachments:
        raise ApiError("invalid_attachments")
    if require and not text and not blocks and not attachments:
        raise ApiError("no_text")
    return {
        "text": text or "",
        "blocks": blocks,
        "attachments": attachments or None,
        "metadata": _metadata(args),
    }


def plain_text_of(blocks: list[dict[str, Any]] | None) -> str:
    """Every human-readable string in blocks, newline-joined: what a reader of the message sees."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in _TEXTUAL and isinstance(node.get("text"), str):
                out.append(node["text"])
                return
            for key, value in node.items():
                if key not in ("action_id", "block_id", "value", "url", "image_url", "type"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks or [])
    return "\n".join(out)

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
# The text all of a message's blocks may carry together. Not documented; Slack answers
# msg_blocks_too_long past about 13,200 characters in all, every block well under its own limit
# (slackapi/bolt-js#2509, "Blocks too long error at ~13200 characters": 13,297 with markdown blocks
# only, fewer with a divider). A little under that, so what passes here passes in Slack.
MAX_BLOCKS_TEXT = 13_000
TRUNCATED = "message_truncated"


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
    if blocks_text_length(blocks) > MAX_BLOCKS_TEXT:
        raise ApiError("msg_blocks_too_long")
    return normalize_blocks(blocks)


def blocks_text_length(blocks: list[dict[str, Any]] | None) -> int:
    """Characters of text all the blocks carry together (what msg_blocks_too_long counts)."""
    return sum(len(text) for text in text_strings(blocks))


def truncation(args: dict[str, Any]) -> dict[str, Any]:
    """The warning Slack adds when it cut a message's `text` to 40,000 characters (else nothing)."""
    text = args.get("text")
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return {"warning": TRUNCATED, "response_metadata": {"warnings": [TRUNCATED]}}
    return {}


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
        # Slack keeps the first 40,000 characters and says so (see truncation()), it does not refuse.
        text = text[:MAX_MESSAGE_TEXT]
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
    return "\n".join(text_strings(blocks))


def text_strings(blocks: list[dict[str, Any]] | None) -> list[str]:
    """Every human-readable string in blocks, in order."""
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
    return out

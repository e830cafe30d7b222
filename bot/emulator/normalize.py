"""Blocks as Slack stores them: it invents missing block_id/action_id values and adds the
emoji/verbatim flags, so what the bot reads back (and what clicks carry) matches production.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.emulator import ids
from bot.emulator.blockkit import INTERACTIVE


def _normalize_text(obj: Any) -> None:
    if isinstance(obj, dict) and obj.get("type") == "plain_text":
        obj.setdefault("emoji", True)
    elif isinstance(obj, dict) and obj.get("type") == "mrkdwn":
        obj.setdefault("verbatim", False)


def _normalize_element(el: Any) -> None:
    if not isinstance(el, dict):
        return
    if el.get("type") in INTERACTIVE and not el.get("action_id"):
        el["action_id"] = ids.short_token(5)
    for key in ("text", "placeholder", "label"):
        _normalize_text(el.get(key))
    for option in el.get("options") or []:
        _normalize_text(option.get("text") if isinstance(option, dict) else None)


def normalize_blocks(blocks: Any) -> list[dict[str, Any]]:
    """A copy of valid blocks with Slack's invented ids and emoji/verbatim flags."""
    result = copy.deepcopy(blocks or [])
    for block in result:
        if not block.get("block_id"):
            block["block_id"] = ids.short_token(4)
        for key in ("text", "label", "hint", "title"):
            _normalize_text(block.get(key))
        for field in block.get("fields") or []:
            _normalize_text(field)
        for el in [block.get("accessory"), block.get("element"), *(block.get("elements") or [])]:
            _normalize_element(el)
            if block.get("type") == "context":
                _normalize_text(el)
    return result

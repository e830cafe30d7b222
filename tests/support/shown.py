"""What a person reading a Slack message actually sees, for privacy assertions.

Checking `"500" not in str(message)` also searches timestamps, ids and block ids, so it
fails at random whenever a `ts` happens to contain the digits. These helpers keep only the
visible words: the message text and every text object in its blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


def shown(message: dict[str, Any]) -> str:
    """The message's fallback text and the text of its blocks, one piece per line."""
    pieces: list[str] = [message.get("text") or ""]
    _collect(message.get("blocks") or [], pieces)
    return "\n".join(pieces)


def shown_all(messages: Iterable[dict[str, Any]]) -> str:
    return "\n".join(shown(message) for message in messages)


def mentions_amount(text: str, amount: str) -> bool:
    """True when `amount` appears as a number of its own (not inside 1500 or 5000)."""
    return re.search(rf"(?<![\d.,]){re.escape(amount)}(?![\d])", text) is not None


def _collect(node: Any, pieces: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"text", "alt_text"} and isinstance(value, str):
                pieces.append(value)
            else:
                _collect(value, pieces)
    elif isinstance(node, list):
        for item in node:
            _collect(item, pieces)

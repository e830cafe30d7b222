"""Make people's text safe to post: it may mention a person, never ping a whole channel."""

from __future__ import annotations

import re

# Slack's own control sequences that are safe to keep: user and channel mentions.
ALLOWED = re.compile(r"<(@[UW][A-Z0-9]+(?:\|[^<>]*)?|#[CGD][A-Z0-9]+(?:\|[^<>]*)?)>")
BROADCAST_WORDS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
ZERO_WIDTH = "\u200b"


def escape(text: str) -> str:
    """Escape &, < and > as Slack asks, keeping user/channel mentions and defusing @channel words."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    held = ALLOWED.sub(keep, text.replace("\x00", ""))
    escaped = held.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = BROADCAST_WORDS.sub(lambda m: "@" + ZERO_WIDTH + m.group(1), escaped)
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], escaped)


def truncate(text: str, limit: int) -> str:
    """Trim to `limit` characters with an ellipsis, never cutting an &entity; in half."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"

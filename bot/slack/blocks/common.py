"""Block Kit pieces every builder uses; pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bot.text.mrkdwn import escape, fallback, quote, truncate

SECTION_LIMIT = 3000
# The text all of a message's blocks may carry together: Slack answers msg_blocks_too_long past about
# 13,200 characters, every block under its own limit (slackapi/bolt-js#2509; the emulator refuses past
# 13,000). Builders of long lists stop adding rows at this budget and say how many more there are.
MESSAGE_TEXT_BUDGET = 12_000


def mrkdwn(text: str) -> dict[str, Any]:
    """A section of mrkdwn text (already escaped by the caller where it holds user input)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, SECTION_LIMIT)}}


def header(text: str) -> dict[str, Any]:
    """A header block, trimmed to Slack's 150 characters."""
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, 150), "emoji": True}}


def context(text: str) -> dict[str, Any]:
    """Small grey print under a message."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(text, 2000)}]}


def divider() -> dict[str, Any]:
    """A thin rule between parts of a message."""
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    """A button element (text trimmed to Slack's 75 characters)."""
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, 75), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def message(text: str, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """A message payload: blocks plus the plain-text fallback notifications show (never a broadcast)."""
    return {"text": truncate(fallback(text), 3000), "blocks": blocks}


def user_text(text: str, limit: int = SECTION_LIMIT) -> str:
    """What a person typed, made safe to post: no channel-wide pings, trimmed."""
    return truncate(escape(text), limit)


def fallback_text(text: str, limit: int = 150) -> str:
    """What a person typed, for a message's fallback text: no mention of anyone acts, trimmed."""
    return truncate(quote(text), limit)


def plain(text: str, limit: int = 3000) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


class Deferred(Mapping[str, Any]):
    """A message payload built when it is posted, not when the message is queued.

    A sweep may queue a message for every engagement at once (the first feedback prompts after a
    deploy: 10,000 of them); built up front, their Block Kit trees cost 2-13 KB each and all live
    until the last one is posted. Deferred holds the builder and its arguments instead (builders are
    pure), so a queued message costs a few hundred bytes and its payload lives only while it is posted.
    """

    __slots__ = ("_build", "_args", "_unread")

    def __init__(self, build: Callable[..., dict[str, Any]], *args: Any) -> None:
        self._build, self._args = build, args
        self._unread: dict[str, Any] | None = None

    def built(self) -> dict[str, Any]:
        """The payload itself, built afresh."""
        return self._build(*self._args)

    def __iter__(self) -> Iterator[str]:
        # `**payload` (how a post reads it) lists the keys, then reads each value once: build once for
        # both, and let go of each value as it is read.
        self._unread = self.built()
        return iter(list(self._unread))

    def __getitem__(self, key: str) -> Any:
        unread = self._unread
        if unread is None or key not in unread:
            return self.built()[key]
        value = unread.pop(key)
        if not unread:
            self._unread = None
        return value

    def __len__(self) -> int:
        return len(self.built())


def text_size(block: dict[str, Any]) -> int:
    """Characters of text a block carries (its text objects', as msg_blocks_too_long counts them)."""
    size = 0
    stack: list[Any] = [block]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("type") in ("plain_text", "mrkdwn") and isinstance(node.get("text"), str):
                size += len(node["text"])
            else:
                stack.extend(value for key, value in node.items() if key not in ("action_id", "block_id", "value"))
        elif isinstance(node, list):
            stack.extend(node)
    return size

"""What the bot answered to one delivered request, gathered from everywhere an answer can appear.

A reply to the invoker may be the HTTP/ack body, a response_url post, a modal opened with the
request's trigger_id, an ephemeral to the invoker, or an update of the message/view clicked. For
events and view submissions, messages to the user/channel and Home publishes count as well.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from bot.emulator.blockkit import validate_message_blocks
from bot.emulator.content import MAX_BLOCKS_TEXT, blocks_text_length
from bot.emulator.reply_items import Origin, ReplyItem, body_items, call_item, response_item

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

__all__ = ["ACK_DEADLINE", "Origin", "Reply", "ReplyItem"]
ACK_DEADLINE = 3.0  # Slack gives up on an ack after 3 s (operation_timeout / event retry)


class Reply:
    """HTTP status/body of the delivery plus the bot's later answers (see module docstring)."""

    def __init__(
        self,
        emu: SlackEmulator,
        origin: Origin,
        status: int,
        body: Any,
        elapsed: float,
        started: float,
    ) -> None:
        self.emu, self.origin = emu, origin
        self.status, self.body, self.elapsed, self.started = status, body, elapsed, started
        self.payload: dict[str, Any] | None = None  # exactly what was delivered to the bot
        self.posted: dict[str, Any] | None = None  # the stored message (SlackDriver.post_message)
        self.view_problems: list[str] = []  # why Slack would reject a response_action view

    @property
    def timed_out(self) -> bool:
        """True when the ack took longer than Slack's 3 s: the user would have seen a timeout."""
        return self.elapsed > ACK_DEADLINE

    def items(self) -> list[ReplyItem]:
        """Everything the bot has answered so far, in order."""
        found = body_items(self.body)
        found += [response_item(record) for record in self.responses]
        for call in self.emu.calls:
            if call.ok and call.at >= self.started:
                item = call_item(self.origin, call)
                if item is not None:
                    found.append(item)
        return found

    @property
    def replied(self) -> bool:
        """True once the bot has answered in any of the recognised ways."""
        return bool(self.items())

    def wait(self, timeout: float = 5.0) -> Reply:
        """Block until the bot has answered; TimeoutError (with what it did call) otherwise."""
        if not self.emu.wait_for(lambda: self.replied, timeout=timeout):
            since = [c for c in self.emu.calls if c.at >= self.started]
            made = [f"{c.method}({'ok' if c.ok else c.error})" for c in since]
            raise TimeoutError(
                f"no reply to {self.origin.kind} within {timeout}s (status {self.status}, "
                f"body {self.body!r}, Web API calls since: {made})"
            )
        return self

    @property
    def text(self) -> str:
        """All reply text (message text and block text), newline-joined."""
        return "\n".join(item.text for item in self.items() if item.text)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        """Blocks of every reply message and view, in order."""
        return [block for item in self.items() for block in item.blocks]

    @property
    def responses(self) -> list[dict[str, Any]]:
        """response_url posts made for this request."""
        url = self.origin.response_url
        return [r for r in self.emu.responses if url and r["url"] == url]

    @property
    def message_problems(self) -> list[str]:
        """Why Slack would not show the message the ack body carries (invalid blocks, too much text in
        all: msg_blocks_too_long); empty when it would, or when the body is no message."""
        blocks = self.body.get("blocks") if isinstance(self.body, dict) else None
        if not blocks:
            return []
        problems = validate_message_blocks(blocks)
        if blocks_text_length(blocks) > MAX_BLOCKS_TEXT:
            problems.append("msg_blocks_too_long")
        return problems

    @property
    def view(self) -> dict[str, Any] | None:
        """The last modal/home view the reply opened, pushed, updated or published."""
        views = [item.data for item in self.items() if item.kind == "view"]
        return views[-1] if views else None

    @property
    def ephemeral(self) -> bool:
        """Whether the latest message reply is visible only to the invoker."""
        messages = [item for item in self.items() if item.kind not in ("view", "errors")]
        return messages[-1].ephemeral if messages else False

    def __repr__(self) -> str:
        return f"Reply(status={self.status}, body={self.body!r}, replied={self.replied})"

    @staticmethod
    def now() -> float:
        """Start time of a delivery (Web API calls at or after it are candidate replies)."""
        return time.time()

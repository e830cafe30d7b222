"""In-memory state of the emulated Slack workspace.

One re-entrant lock guards everything: Web API handlers, the response_url endpoint, the Socket Mode
server and the test driver all run on different threads and must see one consistent workspace.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from bot.emulator.models import Channel, ResponseHook, Trigger, User
from bot.emulator.views import ViewStore

__all__ = ["Channel", "ResponseHook", "Trigger", "User", "Workspace"]

MESSAGE_KEYS = (
    "ts",
    "channel",
    "user",
    "bot_id",
    "text",
    "blocks",
    "thread_ts",
    "metadata",
    "reactions",
)


class Workspace:
    """Team, members, conversations, messages, ephemeral messages, views, triggers and hooks."""

    def __init__(
        self, team_id: str, team_name: str, team_domain: str, app_id: str, bot_id: str
    ) -> None:
        self.lock = threading.RLock()
        self.team = {"id": team_id, "name": team_name, "domain": team_domain}
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.ephemerals: list[dict[str, Any]] = []
        self.views = ViewStore({"team_id": team_id, "app_id": app_id, "bot_id": bot_id})
        self.triggers: dict[str, Trigger] = {}
        self.hooks: dict[str, ResponseHook] = {}
        self.responses: list[dict[str, Any]] = []
        # What the bot answered that Slack would refuse without telling it (shown to the user as an
        # error instead): an invalid ack message, a bad response_action view. See EmulatorQueries.
        self.refusals: list[str] = []
        self.tickets: set[str] = set()
        self._last_ts = 0.0

    def next_ts(self) -> str:
        """A unique, strictly increasing message ts in Slack's "seconds.micros" format."""
        with self.lock:
            now = max(time.time(), self._last_ts + 0.000001)
            self._last_ts = now
            return f"{now:.6f}"

    def find_channel(self, ref: str | None) -> Channel | None:
        """A channel by id, or by name ("#name" / "name") as chat.postMessage still accepts."""
        if not ref:
            return None
        with self.lock:
            if ref in self.channels:
                return self.channels[ref]
            name = ref.removeprefix("#")
            return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def dm_with(self, user_id: str, other: str) -> Channel:
        """The stable DM between `other` (usually the bot) and `user_id`, opened on first use."""
        with self.lock:
            channel_id = "D" + user_id.lstrip("UW")
            existing = self.channels.get(channel_id)
            if existing is None:
                existing = Channel(
                    id=channel_id,
                    is_im=True,
                    is_private=True,
                    members=[user_id, other],
                    user=user_id,
                )
                self.channels[channel_id] = existing
                self.messages[channel_id] = []
            return existing

    def add_message(self, channel_id: str, **fields: Any) -> dict[str, Any]:
        """Store a message (top-level or thread reply) with every key emu.messages() promises."""
        with self.lock:
            message: dict[str, Any] = {key: None for key in MESSAGE_KEYS}
            message.update(type="message", ts=self.next_ts(), channel=channel_id, reactions=[])
            message.update({k: v for k, v in fields.items() if v is not None})
            self.messages.setdefault(channel_id, []).append(message)
            return message

    def find_message(self, channel_id: str, ts: str | None) -> dict[str, Any] | None:
        """The stored message with that ts in that channel (thread replies included)."""
        with self.lock:
            return next((m for m in self.messages.get(channel_id, []) if m["ts"] == ts), None)

    def delete_message(self, channel_id: str, ts: str) -> None:
        """Remove a message (and, as Slack does for bot deletions, leave its replies orphaned)."""
        with self.lock:
            self.messages[channel_id] = [
                m for m in self.messages.get(channel_id, []) if m["ts"] != ts
            ]

    def top_level(self, channel_id: str) -> list[dict[str, Any]]:
        """Channel-level messages, oldest first: parents, unthreaded ones and broadcast replies."""
        with self.lock:
            return [
                m
                for m in self.messages.get(channel_id, [])
                if m["thread_ts"] in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
            ]

    def replies(self, channel_id: str, thread_ts: str) -> list[dict[str, Any]]:
        """Replies in a thread, oldest first, without the parent."""
        with self.lock:
            return [
                m
                for m in self.messages.get(channel_id, [])
                if m["thread_ts"] == thread_ts and m["ts"] != thread_ts
            ]

    def add_ephemeral(self, channel_id: str, user_id: str, **fields: Any) -> dict[str, Any]:
        """Store an ephemeral message (only `user_id` sees it; it never appears in history)."""
        with self.lock:
            message: dict[str, Any] = {key: None for key in MESSAGE_KEYS}
            message.update(type="message", ts=self.next_ts(), channel=channel_id, reactions=[])
            message.update({k: v for k, v in fields.items() if v is not None})
            message.update(user=user_id, is_ephemeral=True)
            self.ephemerals.append(message)
            return message

    def find_ephemeral(self, channel_id: str | None, ts: str | None) -> dict[str, Any] | None:
        """A stored ephemeral message by channel and ts."""
        with self.lock:
            return next(
                (e for e in self.ephemerals if e["ts"] == ts and e["channel"] == channel_id), None
            )

    def mint_trigger(
        self, user_id: str, ttl: float, trigger: str, view_id: str | None = None
    ) -> str:
        """Register a trigger id for an interaction by `user_id`, valid for `ttl` seconds."""
        with self.lock:
            self.triggers[trigger] = Trigger(
                user_id=user_id, expires_at=time.monotonic() + ttl, view_id=view_id
            )
            return trigger

"""Read-side and fault-knob API of SlackEmulator, kept apart from its lifecycle code.

Everything returned is a deep copy taken under the workspace lock, so tests can inspect and mutate
results freely while the bot keeps calling the emulator from other threads.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable
from typing import Any

from bot.emulator.faults import Faults, Hold
from bot.emulator.tiers import HistoryTier
from bot.emulator.views import ViewStore
from bot.emulator.webapi import ApiCall
from bot.emulator.workspace import Workspace


class EmulatorQueries:
    """Mixin: inspection of calls, messages, ephemerals, responses, views; fault injection."""

    workspace: Workspace
    faults: Faults
    history_tier: HistoryTier
    _calls: list[ApiCall]
    reset_oauth: Callable[[], None]  # OAuthInstalls' (declared only: SlackEmulator's MRO finds the method)

    def record_call(self, call: ApiCall) -> None:
        """Append to the call log (used by the dispatcher)."""
        with self.workspace.lock:
            self._calls.append(call)

    @property
    def calls(self) -> list[ApiCall]:
        """Every Web API call so far, oldest first (a snapshot)."""
        with self.workspace.lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[ApiCall]:
        """The calls of one Web API method, oldest first."""
        return [c for c in self.calls if c.method == method]

    def refuse(self, origin: str, problems: Iterable[str]) -> None:
        """Note answers Slack would refuse in silence: the bot hears nothing, the user sees an error."""
        with self.workspace.lock:
            self.workspace.refusals.extend(f"{origin}: {p}" for p in problems)

    @property
    def refusals(self) -> list[str]:
        """Every answer so far that Slack would have refused (empty when the bot behaved)."""
        with self.workspace.lock:
            return list(self.workspace.refusals)

    def reset_calls(self) -> None:
        """Forget the call log (state such as messages is kept)."""
        with self.workspace.lock:
            self._calls.clear()

    def reset(self) -> None:
        """Forget everything that happened (calls, messages, ephemerals, responses, views, faults)
        but keep the people and conversations, so one emulator can serve many tests."""
        ws = self.workspace
        with ws.lock:
            self._calls.clear()
            for channel_messages in ws.messages.values():
                channel_messages.clear()
            ws.ephemerals.clear()
            ws.responses.clear()
            ws.refusals.clear()
            ws.triggers.clear()
            ws.hooks.clear()
            ws.views = ViewStore(ws.views.meta)
            self.faults.release_all()
            self.faults = Faults()
            self.history_tier.reset()
            self.bot_token_revoked = False
        self.reset_oauth()

    def messages(self, channel_id: str, thread_ts: str | None = None) -> list[dict[str, Any]]:
        """Stored messages oldest first: channel-level ones, or one thread's replies (no parent)."""
        ws = self.workspace
        with ws.lock:
            found = (
                ws.top_level(channel_id) if thread_ts is None else ws.replies(channel_id, thread_ts)
            )
            return copy.deepcopy(found)

    def ephemerals(
        self, channel_id: str | None = None, user: str | None = None
    ) -> list[dict[str, Any]]:
        """Ephemeral messages (chat.postEphemeral and response_url posts), optionally filtered."""
        with self.workspace.lock:
            return copy.deepcopy(
                [
                    e
                    for e in self.workspace.ephemerals
                    if (channel_id is None or e["channel"] == channel_id)
                    and (user is None or e["user"] == user)
                ]
            )

    @property
    def responses(self) -> list[dict[str, Any]]:
        """Posts to response_url endpoints: {"url", "body", "at", "channel", "ts", "ephemeral"}."""
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.responses)

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        """Open views (modals and home tabs) by id, as Slack returns them."""
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.views.views)

    def home_views(self, user_id: str) -> dict[str, Any] | None:
        """The user's published App Home view, or None."""
        store = self.workspace.views
        with self.workspace.lock:
            view = store.views.get(store.home.get(user_id, ""))
            return copy.deepcopy(view) if view else None

    def revoke_bot_token(self, revoked: bool = True) -> None:
        """The app is uninstalled (or its token revoked): bot-token calls answer token_revoked until undone."""
        self.bot_token_revoked = revoked

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        error: str | None = None,
    ) -> None:
        """Fail the next `count` calls of `method`: 429 + Retry-After, a 5xx or ok:false `error`."""
        self.faults.fail_next(method, status, retry_after, count, error)

    def hold_next(self, method: str, handled: bool = True) -> Hold:
        """Hold the next call of `method`: carried out (or not, `handled=False`), its answer withheld
        until the returned Hold is released, so a test can kill the caller at that very step."""
        return self.faults.hold_next(method, handled)

    def set_fault_rate(
        self, rate: float, seed: int = 0, kinds: Iterable[str] = ("429", "500", "slow")
    ) -> None:
        """Fail a random (seeded) share of all Web API calls; "slow" answers after 1-2 s."""
        self.faults.set_rate(rate, seed, tuple(kinds))

    def enforce_rate_limits(self, per_channel_per_sec: float | None = 1.0, burst: int = 3) -> None:
        """Throttle chat.postMessage per channel like Slack (~1/s, short bursts); None disables."""
        self.faults.enforce(per_channel_per_sec, burst)

    def wait_for(
        self, predicate: Callable[[], Any], timeout: float = 5.0, interval: float = 0.02
    ) -> bool:
        """Poll `predicate` until truthy or `timeout` passes; returns whether it became truthy."""
        deadline = time.monotonic() + timeout
        while True:
            if predicate():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)

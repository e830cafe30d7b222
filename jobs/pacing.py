"""Client-side pacing of posts per channel: about one a second after a short burst, as Slack asks.

Slack limits chat.postMessage per channel (bot.runtime.SlackPace) and answers 429 + Retry-After
beyond. A sweep spreads its posts to one channel itself rather than making Slack refuse them: a
token bucket per channel, charged when Slack answered a post (never earlier than Slack counted
it, so our bucket is never fuller than Slack's). A 429 that still comes (another worker posting
to the channel, Slack's own accounting) holds the channel for its Retry-After.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.runtime import SlackPace


class Pacer:
    """When the next post to each channel may go; one sweep's conductor owns it (not thread-safe)."""

    def __init__(self, pace: SlackPace, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_sec, self.burst, self.clock = pace.per_channel_per_sec, pace.burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, as of)
        self._held: dict[str, float] = {}  # channel -> no post before this instant (Retry-After)

    def ready_at(self, channel: str) -> float:
        """The earliest instant (on `clock`) the next post to `channel` may go."""
        held = self._held.get(channel, float("-inf"))
        if channel not in self._buckets:
            return held
        tokens, at = self._buckets[channel]
        return max(held, at + max(0.0, 1.0 - tokens) / self.per_sec)

    def spent(self, channel: str, at: float) -> None:
        """Count one post to `channel`, answered by Slack at `at`."""
        tokens, last = self._buckets.get(channel, (float(self.burst), at))
        tokens = min(float(self.burst), tokens + max(0.0, at - last) * self.per_sec)
        self._buckets[channel] = (tokens - 1.0, max(at, last))

    def hold(self, channel: str, seconds: float) -> None:
        """Honour Slack's Retry-After: nothing to `channel` for `seconds` from now."""
        self._held[channel] = max(self._held.get(channel, float("-inf")), self.clock() + seconds)

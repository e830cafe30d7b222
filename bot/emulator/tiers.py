"""The rate tier Slack gives conversations.history and conversations.replies.

Since Slack's 2025 rate-limit change, apps that are not in the Slack Marketplace get these two
methods at one request a minute (per method and app), with at most 15 messages a page; the
older Tier 3 allowed about 50 a minute and `limit` up to 999 (the Web API spec,
slack-api-specs/web-api/slack_web_openapi_v2.json). The emulator enforces the 2025 tier unless a
test or the sandbox switches to the older one.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

HISTORY_METHODS = ("conversations.history", "conversations.replies")
TIERS = {
    # name: (largest page, seconds between calls per method)
    "2025": (15, 60.0),
    "legacy": (999, 0.0),
}


class HistoryTier:
    """Page size and per-method pacing of the history reads; `clock` may follow a test's own time."""

    def __init__(self, name: str = "2025", clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self.clock = clock
        self._last: dict[str, float] = {}
        self.use(name)

    def use(self, name: str) -> None:
        """Switch tiers ("2025" or "legacy"); forgets earlier calls."""
        if name not in TIERS:
            raise ValueError(f"unknown history tier {name!r}; one of {sorted(TIERS)}")
        with self._lock:
            self.name = name
            self.max_page, self.interval = TIERS[name]
            self._last = {}

    def reset(self) -> None:
        """Forget earlier calls (a fresh minute for every method)."""
        with self._lock:
            self._last = {}

    def retry_after(self, method: str) -> int | None:
        """Seconds to wait if calling `method` now is over the tier, else None (the call counts)."""
        if method not in HISTORY_METHODS or not self.interval:
            return None
        with self._lock:
            now = self.clock()
            last = self._last.get(method)
            if last is not None and now - last < self.interval:
                return max(1, math.ceil(self.interval - (now - last)))
            self._last[method] = now
            return None

"""The sandbox's movable clock: real time plus an offset that "jump to" moves forward.

The bot and the jobs read it through Runtime.clock, so a jumped week is a week for everything the
bot decides. The emulator stamps messages with real time, so the clock also remembers when each
offset was in force: `at(ts)` turns a message's real ts back into the sandbox time it was sent at.
"""

from __future__ import annotations

import bisect
import threading
import time
from datetime import UTC, datetime, timedelta


class SandboxClock:
    """Callable like bot.runtime.utc_now; thread-safe; never moves backwards."""

    def __init__(self, start: datetime | None = None) -> None:
        now = time.time()
        offset = 0.0 if start is None else start.timestamp() - now
        self._lock = threading.Lock()
        self._since: list[float] = [0.0]  # real epoch seconds from which each offset applies
        self._offsets: list[float] = [offset]

    def __call__(self) -> datetime:
        with self._lock:
            return datetime.fromtimestamp(time.time() + self._offsets[-1], UTC)

    def set(self, instant: datetime) -> datetime:
        """Move to `instant` (ignored if it is in the sandbox's past); returns the new now."""
        with self._lock:
            real = time.time()
            offset = instant.timestamp() - real
            if offset > self._offsets[-1]:
                self._since.append(real)
                self._offsets.append(offset)
            return datetime.fromtimestamp(real + self._offsets[-1], UTC)

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta`."""
        return self.set(self() + delta)

    def at(self, real_ts: float) -> datetime:
        """The sandbox time at real epoch `real_ts` (e.g. a Slack message ts)."""
        with self._lock:
            index = max(bisect.bisect_right(self._since, real_ts) - 1, 0)
            return datetime.fromtimestamp(real_ts + self._offsets[index], UTC)

"""Injected failures: scripted (fail_next), random (fault rate), chat.postMessage rate limits and holds.

Slack answers overload with HTTP 429 + Retry-After and occasionally with 5xx; the bot's retry
handlers must cope. These knobs let tests provoke exactly that, deterministically when seeded.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field

SERVER_ERRORS = {
    500: "fatal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "request_timeout",
}


@dataclass
class Fault:
    """What to do instead of (or before) handling a call."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    delay: float = 0.0  # "slow": sleep, then answer normally

    @property
    def answers(self) -> bool:
        """True when the fault replaces the real answer (anything but a plain slowdown)."""
        return self.error is not None or self.status != 200


@dataclass
class Hold:
    """A held call: Slack carries it out (or not), then keeps the caller waiting until `release`.

    What a bot sees when it dies mid-call: `handled=True` is "Slack did it, the answer never
    arrived", `handled=False` is "the request never reached Slack". `reached` is set once the call
    is in, so a test can kill the caller at exactly that step.
    """

    handled: bool = True
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        """Let the held call answer (to a caller that is usually dead by now)."""
        self.released.set()


# A hold nobody releases still ends, so a forgotten one never keeps a server thread forever.
HOLD_LIMIT = 60.0


@dataclass
class _Scripted:
    fault: Fault
    remaining: int


class Faults:
    """Thread-safe registry of pending faults and token buckets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scripted: dict[str, list[_Scripted]] = {}
        self._rate = 0.0
        self._rng = random.Random(0)
        self._kinds: tuple[str, ...] = ()
        self._per_sec: float | None = None
        self._burst = 0
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, last refill)
        self._holds: dict[str, list[Hold]] = {}
        self._every_hold: list[Hold] = []

    def fail_next(
        self, method: str, status: int, retry_after: int, count: int, error: str | None
    ) -> None:
        """Queue `count` failures for the next calls of `method`."""
        if error is not None:
            fault = Fault(status=status if status != 429 else 200, error=error)
        elif status == 429:
            fault = Fault(status=429, error="ratelimited", retry_after=retry_after)
        else:
            fault = Fault(status=status, error=SERVER_ERRORS.get(status, "internal_error"))
        with self._lock:
            self._scripted.setdefault(method, []).append(_Scripted(fault, count))

    def hold_next(self, method: str, handled: bool = True) -> Hold:
        """Hold the next call of `method` (see Hold)."""
        hold = Hold(handled=handled)
        with self._lock:
            self._holds.setdefault(method, []).append(hold)
            self._every_hold.append(hold)
        return hold

    def take_hold(self, method: str) -> Hold | None:
        """The hold for this call of `method`, if one is queued."""
        with self._lock:
            queue = self._holds.get(method)
            return queue.pop(0) if queue else None

    def release_all(self) -> None:
        """Release every hold, taken or not (the emulator is being reset or stopped)."""
        with self._lock:
            holds, self._holds, self._every_hold = self._every_hold, {}, []
        for hold in holds:
            hold.release()

    def set_rate(self, rate: float, seed: int, kinds: tuple[str, ...]) -> None:
        """Fail a random share `rate` of calls with one of `kinds` ("429", "500", "503", "slow")."""
        with self._lock:
            self._rate, self._rng, self._kinds = rate, random.Random(seed), tuple(kinds)

    def enforce(self, per_sec: float | None, burst: int) -> None:
        """Per-channel token bucket for chat.postMessage (None or 0 disables it)."""
        with self._lock:
            self._per_sec, self._burst, self._buckets = (per_sec or None), burst, {}

    def take(self, method: str) -> Fault | None:
        """The fault for this call, if any: scripted first, then random."""
        with self._lock:
            queue = self._scripted.get(method)
            if queue:
                head = queue[0]
                head.remaining -= 1
                if head.remaining <= 0:
                    queue.pop(0)
                return head.fault
            if self._rate <= 0 or not self._kinds or self._rng.random() >= self._rate:
                return None
            kind = self._rng.choice(self._kinds)
            if kind == "slow":
                return Fault(delay=1.0 + self._rng.random())
            if kind == "429":
                return Fault(status=429, error="ratelimited", retry_after=1)
            status = int(kind)
            return Fault(status=status, error=SERVER_ERRORS.get(status, "internal_error"))

    def throttle(self, channel: str) -> int | None:
        """Retry-After seconds if posting to `channel` now exceeds its bucket, else None."""
        with self._lock:
            if not self._per_sec:
                return None
            now = time.monotonic()
            tokens, last = self._buckets.get(channel, (float(self._burst), now))
            tokens = min(float(self._burst), tokens + (now - last) * self._per_sec)
            if tokens >= 1.0:
                self._buckets[channel] = (tokens - 1.0, now)
                return None
            self._buckets[channel] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self._per_sec))

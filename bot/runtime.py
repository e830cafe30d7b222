"""What a running Tandem process holds: settings, the database and the clock, built once in main()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db.session import make_engine, make_session_factory


def utc_now() -> datetime:
    """The real clock; everything else takes `now` as an argument."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class SlackPace:
    """How fast Slack lets an app post to one channel: about one message a second, after a short burst.

    Slack documents chat.postMessage at one message per second per channel with short bursts
    allowed, and names no burst size; three back to back are well inside it. Sweeps pace their posts
    to this (jobs.pacing); a simulated week in tests, against an emulator that enforces no limit,
    may lift it like it speeds up the clock.
    """

    per_channel_per_sec: float = 1.0
    burst: int = 3


@dataclass
class Runtime:
    """Shared by listeners and jobs; passed down, never a module-level global."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = field(default=utc_now)
    pace: SlackPace = field(default_factory=SlackPace)
    # OAuth mode: the installation store (bot.slack.installations.store_for builds it once per process).
    installations: Any = None

    @classmethod
    def build(cls, settings: Settings, clock: Callable[[], datetime] = utc_now) -> Runtime:
        """Open the configured database and wrap it with the settings."""
        engine = make_engine(settings.database_url)
        return cls(settings, engine, make_session_factory(engine), clock)

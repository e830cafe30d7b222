"""What a running Tandem process holds: settings, the database and the clock, built once in main()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.db.session import make_engine, make_session_factory


def utc_now() -> datetime:
    """The real clock; everything else takes `now` as an argument."""
    return datetime.now(UTC)


@dataclass
class Runtime:
    """Shared by listeners and jobs; passed down, never a module-level global."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = field(default=utc_now)

    @classmethod
    def build(cls, settings: Settings, clock: Callable[[], datetime] = utc_now) -> Runtime:
        """Open the configured database and wrap it with the settings."""
        engine = make_engine(settings.database_url)
        return cls(settings, engine, make_session_factory(engine), clock)

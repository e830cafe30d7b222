"""One sandbox world: the emulator, the real bot behind its HTTP endpoint, the database, the clock.

Everything the page shows is made by the same code that serves real Slack: the bot gets the
emulator's URL through Settings.slack_api_url and is reached only through signed requests.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import Settings
from bot.db import migrate
from bot.emulator import SlackDriver, SlackEmulator
from bot.runtime import Runtime
from bot.sandbox.botserver import BotServer
from bot.sandbox.clock import SandboxClock
from bot.sandbox.seed import BOT_TOKEN, SIGNING_SECRET, seed
from bot.slack.app import create_app, make_client
from bot.web import create_wsgi
from jobs import build_scheduler

logger = logging.getLogger(__name__)


def remove_database(path: Path) -> None:
    """Delete the SQLite file and its WAL companions, so a start is a start from the seed."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


class SandboxInstance:
    """Started with start(), ended with stop(); Reset builds a new one instead of scrubbing."""

    def __init__(
        self, db_path: Path, start_at: datetime | None = None, scheduler: bool = True
    ) -> None:
        self.db_path = db_path
        self.clock = SandboxClock(start_at)
        self.jump_lock = threading.Lock()  # one time jump at a time
        self.progress: set[str] = set()  # the first-run checklist's steps done so far
        self.seen: dict[str, float] = {}  # DM id -> latest message ts its reader had on screen
        self.modal_errors: dict[str, dict[str, str]] = {}  # Slack's client shows these inline
        self._with_scheduler = scheduler
        self.scheduler: BackgroundScheduler | None = None

    def start(self) -> SandboxInstance:
        """Seed the emulator, migrate a fresh database and serve the bot; returns self."""
        self.emulator = SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start()
        seed(self.emulator)
        remove_database(self.db_path)
        url = f"sqlite:///{self.db_path}"
        migrate.upgrade(url)
        settings = Settings(
            slack_bot_token=self.emulator.bot_token,
            slack_signing_secret=self.emulator.signing_secret,
            slack_api_url=self.emulator.api_url,
            database_url=url,
            log_level=logging.getLevelName(logging.getLogger().level),
        )
        self.runtime = Runtime.build(settings, clock=self.clock)
        self.client = make_client(self.runtime)
        app = create_app(self.runtime, self.client)
        self.bot = BotServer(create_wsgi(app, self.runtime.engine)).start()
        self.driver = SlackDriver(
            self.emulator,
            bot_url=f"{self.bot.url}/slack/events",
            signing_secret=self.emulator.signing_secret,
        )
        if self._with_scheduler:
            self.scheduler = build_scheduler(self.runtime, self.client)
            self.scheduler.start()
        logger.info("sandbox bot on %s, Slack emulator on %s", self.bot.url, self.emulator.api_url)
        return self

    def stop(self) -> None:
        """Stop the scheduler, the bot and the emulator, and close the database."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
        self.bot.stop()
        self.emulator.stop()
        self.runtime.engine.dispose()

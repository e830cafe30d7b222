"""The fault tier: the real Bolt app in-process (threaded WSGI) against the emulator and a real database.

In-process keeps hundreds of requests fast; `tests/e2e` already covers the same app under gunicorn.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from sqlalchemy import update

from bot.db.models import Contractor, Engagement, Person
from bot.db.session import transaction
from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime
from bot.slack.app import create_app
from bot.web import create_wsgi
from tests.jobs.conftest import BYSTANDER, MARIA, OWNER, PROJECT, add_engagement
from tests.support.duties import migrated_runtime

SECRET = "faults-signing-secret"


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


class ThreadedServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@dataclass
class Bot:
    """A served app: its runtime, URL and the driver that speaks to it as Slack."""

    runtime: Runtime
    url: str
    slack: SlackDriver
    server: ThreadedServer


def new_emulator() -> SlackEmulator:
    """An emulator with the owner, the contractor, a bystander and the project channel."""
    emulator = SlackEmulator(bot_token="xoxb-test", signing_secret=SECRET).start()
    emulator.add_user(OWNER, real_name="Olivia Owner", tz="Europe/London")
    emulator.add_user(MARIA, real_name="Maria Freelancer", tz="Asia/Manila")
    emulator.add_user(BYSTANDER, real_name="Bob Bystander", tz="America/New_York")
    emulator.add_channel(PROJECT, name="proj-site", members=[OWNER, MARIA, BYSTANDER])
    return emulator


def serve(runtime: Runtime, emulator: SlackEmulator) -> Bot:
    """Serve create_app(runtime) on a free port in this process."""
    runtime.settings = replace(runtime.settings, slack_signing_secret=SECRET)
    server = make_server("127.0.0.1", 0, create_wsgi(create_app(runtime), runtime.engine),
                         server_class=ThreadedServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    return Bot(runtime, url, SlackDriver(emulator, bot_url=url + "/slack/events", signing_secret=SECRET), server)


def shut(bot: Bot) -> None:
    """Stop serving and release the database."""
    bot.server.shutdown()
    bot.server.server_close()
    bot.runtime.engine.dispose()


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    emulator = new_emulator()
    yield emulator
    emulator.stop()


def live_runtime(url: str, emulator: SlackEmulator) -> Runtime:
    """A runtime on a migrated database with the real clock and one engagement running since a week."""
    from bot.runtime import utc_now

    runtime = migrated_runtime(url, utc_now, emulator.api_url)  # type: ignore[arg-type]
    [engagement_id] = add_engagement(runtime, days="12345")
    with transaction(runtime.sessions) as session:
        engagement = session.get_one(Engagement, engagement_id)
        engagement.start_on, engagement.deadline = date.today() - timedelta(days=7), date.today() + timedelta(days=60)
        for model in (Person, Contractor, Engagement):  # the builders' "T1" becomes the emulator's team
            session.execute(update(model).values(team_id=emulator.team_id))
    return runtime


@pytest.fixture
def bot(tmp_path, emulator: SlackEmulator) -> Iterator[Bot]:  # type: ignore[no-untyped-def]
    """The app over SQLite with one engagement in PROJECT (owner OWNER, contractor MARIA)."""
    served = serve(live_runtime(f"sqlite:///{tmp_path / 'tandem.db'}", emulator), emulator)
    yield served
    shut(served)

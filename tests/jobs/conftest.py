"""Sweeps against a migrated database (SQLite and PostgreSQL) and the Slack emulator; Slack is all that is replaced."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_sdk import WebClient

from bot.db.models import Engagement, Payment
from bot.db.session import transaction
from bot.domain.roster import people
from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime
from bot.slack.app import make_client
from tests.support.duties import Clock, engagement, migrated_runtime, person

OWNER, MARIA, BYSTANDER, PROJECT = "U0OWNER", "U0MARIA", "U0BYSTAND", "C0PROJECT"
SECRET = "jobs-signing-secret"


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    # The same workspace id as the rows built by tests.support.duties, so buttons find their people.
    emu = SlackEmulator(bot_token="xoxb-test", signing_secret=SECRET, team_id="T1").start()
    emu.add_user(OWNER, real_name="Olivia Owner", tz="Europe/London")
    emu.add_user(MARIA, real_name="Maria Freelancer", tz="Asia/Manila")
    emu.add_user(BYSTANDER, real_name="Bob Bystander", tz="America/New_York")
    emu.add_channel(PROJECT, name="proj-site", members=[OWNER, MARIA, BYSTANDER])
    yield emu
    emu.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 3, 1, tzinfo=UTC))


@pytest.fixture
def runtime(empty_database_url: str, emulator: SlackEmulator, clock: Clock) -> Iterator[Runtime]:
    runtime = migrated_runtime(empty_database_url, clock, emulator.api_url)
    # Slack's history tier (one read a minute) counts in the time these tests move by hand.
    emulator.history_tier.clock = lambda: clock.now.timestamp()
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def client(runtime: Runtime) -> WebClient:
    """The bot's own client (honours Retry-After twice, then gives up), pointed at the emulator."""
    return make_client(runtime)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def slack(runtime: Runtime, emulator: SlackEmulator) -> Iterator[SlackDriver]:
    """The Bolt app served over HTTP in-process, driven by signed requests from the emulator."""
    from dataclasses import replace

    from bot.slack.app import create_app
    from bot.web import create_wsgi

    runtime.settings = replace(runtime.settings, slack_signing_secret=SECRET)
    server: WSGIServer = make_server("127.0.0.1", 0, create_wsgi(create_app(runtime), runtime.engine),
                                     handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SlackDriver(emulator, bot_url=f"http://127.0.0.1:{server.server_port}/slack/events", signing_secret=SECRET)
    server.shutdown()
    server.server_close()


def add_engagement(runtime: Runtime, *, days: str = "14", at: time = time(10), sla_hours: int = 4,
                   count: int = 1, first: int = 0) -> list[int]:
    """An owner in London and `count` Manila contractors' engagements, each in its own channel."""
    with runtime.sessions() as session:
        owner = people.get(session, team_id="T1", user_id=OWNER) or person(OWNER, "Europe/London")
    items = []
    for index in range(first, first + count):
        user = MARIA if index == 0 else f"U0C{index:04d}"
        channel = PROJECT if index == 0 else f"C0P{index:04d}"
        items.append(engagement(person(user, "Asia/Manila", country="PH"), owner, days=days, at=at,
                                sla_hours=sla_hours, channel_id=channel, start_on=date(2027, 1, 1)))
    with transaction(runtime.sessions) as session:
        owner = session.merge(owner)
        for item in items:
            item.id, item.owner = None, owner  # type: ignore[assignment]
            session.add(item)
        session.flush()
        return [item.id for item in items]


def add_payment(runtime: Runtime, engagement_id: int, due_on: date, number: int = 1) -> int:
    """A 500.00 USD payment due on a date."""
    now = datetime(2027, 1, 1, tzinfo=UTC)
    with transaction(runtime.sessions) as session:
        payment = Payment(engagement_id=engagement_id, number=number, amount_minor=50000, currency="USD",
                          due_on=due_on, reference="INV-1", status="due", created_by=OWNER,
                          created_at=now, updated_at=now)
        session.add(payment)
        session.flush()
        return payment.id


def engagement_row(runtime: Runtime, engagement_id: int) -> Engagement:
    with runtime.sessions() as session:
        return session.get_one(Engagement, engagement_id)

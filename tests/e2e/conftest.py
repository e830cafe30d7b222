"""The end-to-end tier: `tandem serve` as a real process, Slack replaced by the emulator.

One server per database kind for the whole session; each test starts from empty tables and a
fresh emulator record, and talks to the bot only through signed HTTP requests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import delete

from bot.db.models import Base
from bot.db.session import make_engine
from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from tests.conftest import fresh_postgres_database
from tests.support.postgres import free_port

SIGNING_SECRET = "e2e-signing-secret"
BOT_TOKEN = "xoxb-e2e-token"
OWNER, MARIA, DEV, BYSTANDER = "U0OWNER", "U0MARIA", "U0DEV", "U0BYSTAND"
PROJECT, AGENCY, LOUNGE = "C0PROJECT", "C0AGENCY", "C0LOUNGE"
AGENCY_ORG = "T0AGENCYORG"  # Dev's own organisation: Dev reaches us through the Slack Connect channel C0AGENCY
AGENCY_PAL = "U0AGENCYPAL"  # Dev's colleague at the agency, in C0AGENCY too, contractor of nothing


def seed(emulator: SlackEmulator) -> None:
    """The people and channels every test can count on."""
    emulator.add_user(OWNER, name="olivia", real_name="Olivia Owner", tz="Europe/London")
    emulator.add_user(MARIA, name="maria", real_name="Maria Freelancer", tz="America/Bogota")
    emulator.add_user(DEV, name="dev", real_name="Dev Agency", tz="Asia/Manila", is_restricted=True,
                      team_id=AGENCY_ORG)
    emulator.add_user(AGENCY_PAL, name="pat", real_name="Pat Agency", tz="Asia/Manila", team_id=AGENCY_ORG)
    emulator.add_user(BYSTANDER, name="bob", real_name="Bob Bystander", tz="America/New_York")
    emulator.add_channel(PROJECT, name="proj-site", members=[OWNER, MARIA, BYSTANDER])
    emulator.add_channel(AGENCY, name="agency-shared", is_shared=True, members=[OWNER, DEV, AGENCY_PAL])
    emulator.add_channel(LOUNGE, name="lounge", members=[OWNER, MARIA, DEV, BYSTANDER])


@pytest.fixture(scope="session")
def emulator() -> Iterator[SlackEmulator]:
    emu = SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start()
    seed(emu)
    yield emu
    emu.stop()


@dataclass
class BotServer:
    """A running `tandem serve` and the database it uses."""

    url: str
    database_url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_server(database_url: str, emulator: SlackEmulator, workdir: Path,
                 extra_env: dict[str, str] | None = None, extra_args: tuple[str, ...] = ()) -> BotServer:
    """Start `tandem serve` on a free port and wait until /healthz answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update({
        "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": emulator.api_url, "DATABASE_URL": database_url, "LOG_LEVEL": "INFO",
        "TANDEM_DEFAULT_TIMEZONE": "UTC",
    } | (extra_env or {}))
    log = workdir / f"serve-{port}.log"
    with log.open("wb") as output:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-scheduler",
             *extra_args],
            cwd=workdir, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tandem serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return BotServer(url, database_url, process, log)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"tandem serve did not become healthy:\n{log.read_text()}")


def stop_server(server: BotServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def bot(request: pytest.FixtureRequest, emulator: SlackEmulator,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    workdir = tmp_path_factory.mktemp(f"bot-{request.param}")
    if request.param == "sqlite":
        database_url = f"sqlite:///{workdir / 'tandem.db'}"
    else:
        database_url = fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
    server = start_server(database_url, emulator, workdir)
    yield server
    stop_server(server)


def empty_tables(database_url: str) -> None:
    """Delete every row, children first, keeping the schema and alembic's version."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))
    engine.dispose()


@pytest.fixture
def slack(bot: BotServer, emulator: SlackEmulator) -> Iterator[SlackDriver]:
    """A driver speaking to the bot as Slack would, over a clean database and emulator record.

    Afterwards, nothing the bot answered may be what Slack refuses in silence (an ack message with
    invalid blocks, a response_action view Slack rejects): the user would have seen an error.
    """
    empty_tables(bot.database_url)
    emulator.reset()
    yield SlackDriver(emulator, bot_url=bot.url + "/slack/events", signing_secret=SIGNING_SECRET)
    assert emulator.refusals == [], "Slack would have refused these answers"


@pytest.fixture
def duties(bot: BotServer, emulator: SlackEmulator):  # type: ignore[no-untyped-def]
    """The scheduled duties run in-process on the served bot's database (see tests/e2e/jobs_helpers.py)."""
    from tests.e2e.jobs_helpers import Duties

    runner = Duties(bot, emulator)
    yield runner
    runner.runtime.engine.dispose()

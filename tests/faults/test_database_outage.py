"""The database goes away for a while: the bot keeps answering ("try again") and recovers by itself."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.emulator.server import SlackEmulator
from tests.faults.conftest import Bot, live_runtime, serve, shut
from tests.faults.pgserver import StoppableServer
from tests.jobs.conftest import OWNER, PROJECT
from tests.support.postgres import find_bindir


@pytest.fixture
def pg() -> Iterator[StoppableServer]:
    if find_bindir() is None:
        pytest.skip("no PostgreSQL binaries")
    server = StoppableServer()
    yield server
    server.close()


@pytest.fixture
def pg_bot(pg: StoppableServer, emulator: SlackEmulator) -> Iterator[Bot]:
    served = serve(live_runtime(pg.url, emulator), emulator)
    yield served
    shut(served)


def health(bot: Bot) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_commands_answer_try_again_while_the_database_is_down_and_work_after(pg: StoppableServer,
                                                                           pg_bot: Bot) -> None:
    slack = pg_bot.slack
    assert "Status board" in slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).text
    pg.stop()
    for command, text in [("/checkin", "status"), ("/task", "list"), ("/task", "add Survive the outage")]:
        reply = slack.slash(command, text, user=OWNER, channel=PROJECT)
        assert reply.status == 200 and not reply.timed_out
        assert "try again" in reply.text and reply.ephemeral, reply.text
    assert health(pg_bot)[0] == 503
    pg.start()
    assert health(pg_bot) == (200, {"ok": True, "database": "ok"})
    added = slack.slash("/task", "add Survive the outage", user=OWNER, channel=PROJECT).wait()
    assert "Added task *1*" in added.text  # the refused attempt stored nothing
    assert "Survive the outage" in slack.slash("/task", "list", user=OWNER, channel=PROJECT).text

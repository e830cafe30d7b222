"""Socket Mode end to end: `tandem serve` with an app token connects to the emulator's WebSocket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.emulator.driver import SlackDriver
from tests.e2e.conftest import MARIA, OWNER, PROJECT, BotServer, empty_tables, start_server, stop_server
from tests.e2e.helpers import in_days


@pytest.fixture
def socket_bot(emulator, tmp_path) -> Iterator[BotServer]:  # type: ignore[no-untyped-def]
    emulator.reset()
    server = start_server(f"sqlite:///{tmp_path / 'socket.db'}", emulator, tmp_path,
                          {"SLACK_APP_TOKEN": emulator.app_token, "SLACK_SIGNING_SECRET": ""})
    assert emulator.socket.wait_connected(timeout=15), server.log.read_text()
    yield server
    stop_server(server)
    emulator.socket.close_connections()


def test_commands_work_over_socket_mode(socket_bot: BotServer, emulator) -> None:
    empty_tables(socket_bot.database_url)
    slack = SlackDriver(emulator, mode="socket")
    reply = slack.slash("/kickoff", f'<@{MARIA}|maria> "Website" due {in_days(20)} budget=900 USD '
                        'objectives="Faster" deliverables="Homepage"', user=OWNER, channel=PROJECT).wait()
    assert "USD 900.00" in reply.text
    assert "Kickoff: Website" in str(emulator.messages(PROJECT)[-1]["blocks"])
    checkin = slack.slash("/checkin", "on-track 10% started", user=MARIA, channel=PROJECT).wait()
    assert "check-in is saved" in checkin.text
    helped = slack.slash("/task", "help", user=OWNER, channel=PROJECT)
    assert "/task add" in helped.text

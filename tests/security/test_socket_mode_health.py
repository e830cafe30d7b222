"""Socket Mode's health port: slow clients cannot stall it, and it never reaches Bolt.

It was a single-threaded wsgiref server (one client sending half a request held it), serving the
whole app: Bolt does not verify signatures in Socket Mode, so an unsigned POST /slack/events on the
health port ran a command.
"""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import BotServer, start_server, stop_server
from tests.security.serving import FORM, address, emulator, post_raw, request_head  # noqa: F401 - fixtures


@pytest.fixture(scope="module")
def socket_bot(emulator, tmp_path_factory) -> Iterator[BotServer]:  # noqa: F811
    workdir = tmp_path_factory.mktemp("socket")
    server = start_server(f"sqlite:///{workdir / 'socket.db'}", emulator, workdir,
                          {"SLACK_APP_TOKEN": emulator.app_token, "SLACK_SIGNING_SECRET": ""})
    assert emulator.socket.wait_connected(timeout=15), server.log.read_text()
    yield server
    stop_server(server)
    emulator.socket.close_connections()


def test_health_answers_while_clients_hold_half_requests(socket_bot: BotServer) -> None:
    stalled = [socket.create_connection(address(socket_bot), timeout=5) for _ in range(10)]
    try:
        for sock in stalled:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        started = time.monotonic()
        with urllib.request.urlopen(socket_bot.url + "/healthz", timeout=3) as response:
            assert response.status == 200
        assert time.monotonic() - started < 2
    finally:
        for sock in stalled:
            sock.close()


def test_the_health_port_serves_nothing_but_health(socket_bot: BotServer) -> None:
    body = b"command=%2Ftask&text=help&user_id=U0OWNER&channel_id=C0PROJECT&team_id=T0TANDEM"
    assert post_raw(socket_bot, body, {"Content-Type": FORM}) == 404
    with socket.create_connection(address(socket_bot), timeout=5) as sock:
        sock.sendall(request_head("/healthz", "POST", {"Content-Length": "0"}))
        assert sock.recv(64).split(b" ")[1] == b"405"

"""The emulator speaks HTTP/1.1 as Slack does: a client's connection stays open for its next calls."""

from __future__ import annotations

import json
from http.client import HTTPConnection
from urllib.parse import urlsplit

from bot.emulator import SlackEmulator

AUTH = {"Authorization": "Bearer xoxb-test", "Content-Type": "application/x-www-form-urlencoded"}


def connect(emu: SlackEmulator) -> HTTPConnection:
    url = urlsplit(emu.api_url)
    return HTTPConnection(url.hostname or "", url.port, timeout=5)


def test_two_calls_on_one_connection_each_get_their_answer() -> None:
    with SlackEmulator() as emu:
        connection = connect(emu)
        answers = []
        for _ in range(2):
            connection.request("POST", "/api/auth.test", b"", AUTH)
            response = connection.getresponse()
            answers.append((response.status, response.version, response.will_close, json.loads(response.read())))
            sock = connection.sock
        assert [(status, version, closing) for status, version, closing, _ in answers] == [(200, 11, False)] * 2
        assert all(body["ok"] and body["user_id"] == "U0TANDEMBOT" for *_, body in answers)
        assert connection.sock is sock is not None  # no reconnection between the two
        connection.close()


def test_a_client_that_asks_to_close_gets_the_connection_closed() -> None:
    with SlackEmulator() as emu:
        connection = connect(emu)
        connection.request("POST", "/api/auth.test", b"", {**AUTH, "Connection": "close"})
        response = connection.getresponse()
        assert response.will_close and json.loads(response.read())["ok"]
        connection.close()


def test_stopping_the_emulator_closes_the_connections_it_kept() -> None:
    emu = SlackEmulator().start()
    connection = connect(emu)
    connection.request("POST", "/api/auth.test", b"", AUTH)
    connection.getresponse().read()
    assert connection.sock is not None
    emu.stop()
    assert connection.sock.recv(1) == b""  # end of stream: the server's end is closed
    connection.close()

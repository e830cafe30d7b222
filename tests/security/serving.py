"""A real `tandem serve` for the security tests, and raw-socket helpers to misbehave at it.

Fixtures live here rather than in a conftest (imported by the test modules that use them), so each
module gets its own server and log, and the log growth of one test is not another's.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.emulator.driver import SlackDriver
from bot.emulator.server import SlackEmulator
from bot.emulator.signing import signed_headers
from tests.e2e.conftest import BOT_TOKEN, SIGNING_SECRET, BotServer, empty_tables, seed, start_server, stop_server

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def emulator() -> Iterator[SlackEmulator]:
    emu = SlackEmulator(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET).start()
    seed(emu)
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def bot(emulator: SlackEmulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:
    """`tandem serve` on SQLite with its defaults (one worker, 8 threads)."""
    workdir = tmp_path_factory.mktemp("security")
    server = start_server(f"sqlite:///{workdir / 'tandem.db'}", emulator, workdir)
    yield server
    stop_server(server)


@pytest.fixture
def slack(bot: BotServer, emulator: SlackEmulator) -> SlackDriver:
    empty_tables(bot.database_url)
    emulator.reset()
    return SlackDriver(emulator, bot_url=bot.url + "/slack/events", signing_secret=SIGNING_SECRET, timeout=10)


def address(bot: BotServer) -> tuple[str, int]:
    host, port = bot.url.removeprefix("http://").split(":")
    return host, int(port)


def request_head(path: str = "/slack/events", method: str = "POST", headers: dict[str, str] | None = None) -> bytes:
    """A request line and headers, ending with the blank line; no body."""
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def read_status(sock: socket.socket, timeout: float) -> int:
    """The status code of the response on `sock`, waiting at most `timeout` seconds for its first line."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while b"\r\n" not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


def post_raw(bot: BotServer, body: bytes, headers: dict[str, str], timeout: float = 5.0) -> int:
    """POST `body` with exactly `headers` (plus Content-Length) and return the status."""
    with socket.create_connection(address(bot), timeout=timeout) as sock:
        sock.sendall(request_head(headers=headers | {"Content-Length": str(len(body))}) + body)
        return read_status(sock, timeout)


def signed(body: str, content_type: str = FORM, **kwargs: int) -> dict[str, str]:
    return signed_headers(SIGNING_SECRET, body, content_type, **kwargs)


def log_size(bot: BotServer) -> int:
    return bot.log.stat().st_size


def log_since(bot: BotServer, offset: int) -> str:
    with Path(bot.log).open("rb") as log:
        log.seek(offset)
        return log.read().decode("utf-8", "replace")

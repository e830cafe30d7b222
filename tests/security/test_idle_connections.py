"""Connections that never finish their request's head must not hold the server's descriptors for ever.

A socket that sends nothing, or a header line now and then (slowloris), was kept open until the
client left: each costs a file descriptor, and a service runs with a limit (systemd's default soft
limit is 1,024). A few hundred such sockets from one machine, and the worker could accept nothing
more (EMFILE): /healthz and Slack's requests went unanswered for as long as the client liked.
Here the server runs with a limit of 256 descriptors and 300 such clients connect.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import resource
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest

from bot import asgi
from bot.asgi import Admission
from bot.server import Acceptor
from tests.e2e import conftest as e2e
from tests.e2e.conftest import BotServer, start_server, stop_server
from tests.security.serving import address, emulator  # noqa: F401 - the fixture

DESCRIPTORS = 256
CLIENTS = 300  # more than the server has descriptors


def _limit_descriptors() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (DESCRIPTORS, DESCRIPTORS))


@pytest.fixture(scope="module")
def bot(emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServer]:  # noqa: F811
    """`tandem serve` on SQLite, its processes limited to DESCRIPTORS open files."""
    workdir = tmp_path_factory.mktemp("idle")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(e2e.subprocess, "Popen", functools.partial(subprocess.Popen, preexec_fn=_limit_descriptors))
        server = start_server(f"sqlite:///{workdir / 'tandem.db'}", emulator, workdir)
    yield server
    stop_server(server)


def healthy(bot: BotServer) -> bool:  # noqa: F811
    try:
        with urllib.request.urlopen(bot.url + "/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def closed_by_server(sock: socket.socket) -> bool:
    sock.settimeout(0.1)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


HALF_A_HEAD = b"POST /slack/events HTTP/1.1\r\nHost: x\r\n"  # and then nothing: the blank line never comes


@pytest.mark.parametrize("sends", [b"", HALF_A_HEAD], ids=["silent", "head-unfinished"])
def test_clients_that_never_finish_their_head_are_let_go(bot, sends: bytes) -> None:  # noqa: F811
    clients = []
    try:
        for _ in range(CLIENTS):
            sock = socket.create_connection(address(bot), timeout=5)
            sock.sendall(sends)
            clients.append(sock)
        time.sleep(1.0)
        # Those accepted are let go after the head's deadline, then those still queued, then /healthz.
        deadline = time.monotonic() + 2 * getattr(asgi, "HEAD_TIMEOUT", 10.0) + 10
        while time.monotonic() < deadline and not healthy(bot):
            time.sleep(0.5)
        assert healthy(bot), "the server answered nothing while the clients held their sockets"
        assert any(closed_by_server(sock) for sock in clients)  # let go, not refused outright
    finally:
        for sock in clients:
            sock.close()


def test_a_full_acceptor_looks_again_when_its_silent_connections_stop_counting() -> None:
    """Its retry timer could fire a hair before the connections accepted stopped counting: it found no room,
    set no new timer, and accepted nothing more until a request left the pool, which silent ones never do."""
    loop = asyncio.new_event_loop()
    now = [0.0]
    admission = Admission(1, clock=lambda: now[0])
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        acceptor = Acceptor(loop, listener, asyncio.Protocol, admission, logging.getLogger(__name__))  # type: ignore[arg-type]
        acceptor.pause()
        admission.accepted()  # one connection not yet heard from: full
        acceptor.resume()
        assert not acceptor.reading and acceptor.timer is not None
        now[0] = 1.0  # it stopped counting
        acceptor.timer.cancel()
        acceptor._retry()
        assert acceptor.reading
        acceptor.close()
    finally:
        listener.close()
        loop.close()

"""Issue 12, door 2: clients that send a body slowly must not stall `tandem serve`.

Under gthread, 8 connections that sent headers announcing 100,000 bytes and then a byte now and then
held all 8 threads: /healthz and signed commands timed out for as long as the bytes kept coming.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest

from bot import asgi
from tests.e2e.conftest import OWNER, PROJECT
from tests.security.serving import FORM, address, bot, emulator, request_head, slack  # noqa: F401

SLOW_CLIENTS = 40  # more than the worker's 8 threads, and the 32 the issue asks for
TRICKLE_EVERY = 0.5  # seconds between bytes; each stays well under the server's 10 s for a whole body


@pytest.fixture
def tricklers(bot) -> Iterator[list[socket.socket]]:  # noqa: F811 - the fixture imported above
    """SLOW_CLIENTS connections that announced 100,000 bytes and send one byte every TRICKLE_EVERY."""
    head = request_head(headers={"Content-Type": FORM, "Content-Length": "100000",
                                 "X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"})
    sockets = []
    for _ in range(SLOW_CLIENTS):
        sock = socket.create_connection(address(bot), timeout=5)
        sock.sendall(head + b"t")
        sockets.append(sock)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(TRICKLE_EVERY):
            for sock in sockets:
                try:
                    sock.send(b"x")
                except OSError:
                    pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    yield sockets
    stop.set()
    thread.join()
    for sock in sockets:
        sock.close()


def test_health_and_signed_commands_answer_while_forty_clients_trickle(bot, slack, tricklers) -> None:  # noqa: F811
    time.sleep(1.0)  # every slow connection is accepted and its request under way
    for _ in range(3):
        started = time.monotonic()
        with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as response:
            assert response.status == 200
        assert time.monotonic() - started < 2.0
        reply = slack.slash("/task", "list", user=OWNER, channel=PROJECT)
        assert reply.status == 200
        assert reply.elapsed < 3.0
        time.sleep(TRICKLE_EVERY)
    # The slow clients are still connected and being served slowly, not refused or dropped.
    for sock in tricklers:
        sock.setblocking(False)
        with pytest.raises(BlockingIOError):
            sock.recv(1)


def test_a_body_that_never_finishes_gets_408_and_one_line(monkeypatch, caplog) -> None:
    """The front's own deadline for a whole body (10 s in service; shortened here)."""
    monkeypatch.setattr(asgi, "BODY_TIMEOUT", 0.2)
    front = asgi.TandemASGI(None, None, signing_secret="s", threads=1)  # type: ignore[arg-type]
    sent: list[dict] = []

    async def receive() -> dict:
        await asyncio.sleep(0.05)
        return {"type": "http.request", "body": b"x", "more_body": True}  # a byte at a time, forever

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/slack/events",
             "headers": [(b"content-length", b"100000"), (b"x-slack-signature", b"v0=00"),
                         (b"x-slack-request-timestamp", str(int(time.time())).encode())], "query_string": b""}
    started = time.monotonic()
    asyncio.run(front(scope, receive, send))
    assert time.monotonic() - started < 1.0
    assert sent[0]["status"] == 408
    lines = [record.getMessage() for record in caplog.records]
    assert lines == ["refused POST '/slack/events': body not received in time (0 bytes)"]

"""Issue 12: a body over 1 MB is refused with 413 before it is read.

Before, nothing limited a body: four unsigned 400 MB POSTs at once took a worker to 1.8 GB.
"""

from __future__ import annotations

import socket
import time

from bot.slack.gate import MAX_BODY
from tests.security.serving import (  # noqa: F401 - fixtures
    FORM,
    address,
    bot,
    emulator,
    log_since,
    log_size,
    read_status,
    request_head,
    signed,
)


def test_announced_200_mb_gets_413_without_sending_the_body(bot) -> None:  # noqa: F811
    offset = log_size(bot)
    with socket.create_connection(address(bot), timeout=5) as sock:
        sock.sendall(request_head(headers={"Content-Type": FORM, "Content-Length": str(200_000_000)} | signed("")))
        assert read_status(sock, timeout=3) == 413
    assert len(log_since(bot, offset).strip().splitlines()) == 1


def test_a_chunked_body_past_1_mb_gets_413(bot) -> None:  # noqa: F811
    chunk = b"a=" + b"b" * (64 * 1024 - 2)
    with socket.create_connection(address(bot), timeout=5) as sock:
        sock.sendall(request_head(headers={"Content-Type": FORM, "Transfer-Encoding": "chunked"} | signed("")))
        sent = 0
        while sent <= MAX_BODY:  # just past the limit, then the last chunk: no Content-Length anywhere
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        sock.sendall(b"0\r\n\r\n")
        assert read_status(sock, timeout=5) == 413


def test_a_body_just_under_the_limit_is_read_and_judged(bot) -> None:  # noqa: F811
    """The limit refuses only what is over it: a big body with a wrong signature is read, and gets 401."""
    body = b"a=" + b"b" * (MAX_BODY - 10)
    wrong = signed("a=b")  # a fresh timestamp, and a signature over other bytes
    offset = log_size(bot)
    with socket.create_connection(address(bot), timeout=5) as sock:
        sock.sendall(request_head(headers={"Content-Type": FORM, "Content-Length": str(len(body))} | wrong) + body)
        assert read_status(sock, timeout=5) == 401
    assert "bad signature" in log_since(bot, offset)


def test_body_limit_holds_for_several_clients_at_once(bot) -> None:  # noqa: F811
    started = time.monotonic()
    sockets = [socket.create_connection(address(bot), timeout=5) for _ in range(8)]
    try:
        for sock in sockets:
            sock.sendall(request_head(headers={"Content-Type": FORM, "Content-Length": str(400_000_000)}))
        assert [read_status(sock, timeout=3) for sock in sockets] == [413] * 8
    finally:
        for sock in sockets:
            sock.close()
    assert time.monotonic() - started < 3

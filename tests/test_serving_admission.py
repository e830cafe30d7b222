"""`tandem serve`'s workers accept a connection only while they have room for its request (bot/server.py).

With gunicorn's own asgi worker each connection went to whichever worker's event loop won the race to
accept it: on 2 cores with 32 requests in flight one worker held 5 and the other 27 at times, and
benchmark 1's p99 was twice its p50. These drive the acceptor on a real listening socket.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import asgi, server
from bot.asgi import Admission
from bot.server import Acceptor


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_admission_counts_requests_on_the_pool_and_connections_not_yet_heard_from() -> None:
    clock = Clock()
    admission = Admission(2, clock=clock)
    assert admission.has_room()
    admission.accepted()
    admission.accepted()
    assert not admission.has_room()  # two connections accepted, neither has sent its request yet
    admission.arrived()
    assert admission.has_room()
    admission.busy = 1  # that request waits for or holds a thread
    assert not admission.has_room()
    clock.now += asgi.FRESH_FOR + 0.01  # the other connection is slow: it stops counting
    assert admission.has_room()
    assert admission.waiting_connections() == 0


class Recorded(asyncio.Protocol):
    def __init__(self, made: list[str], name: str) -> None:
        self.made, self.name = made, name

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        del transport  # only that it came
        self.made.append(self.name)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.create_server(("127.0.0.1", 0), backlog=64)
    yield sock
    sock.close()


class Log:
    def error(self, *args: object) -> None:
        raise AssertionError(args)

    def debug(self, *args: object) -> None:
        pass


def connect(listener: socket.socket, count: int) -> list[socket.socket]:
    return [socket.create_connection(listener.getsockname(), timeout=5) for _ in range(count)]


async def settle(seconds: float = 0.2) -> None:
    await asyncio.sleep(seconds)


def test_a_full_worker_leaves_connections_to_the_one_with_room(listener: socket.socket) -> None:
    """Two workers on one listening socket (a dup each, as after fork): the full one takes none."""
    made: list[str] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        full, free = Admission(1), Admission(100)
        full.busy = 1
        acceptors = [Acceptor(loop, listener.dup(), lambda: Recorded(made, "full"), full, Log()),  # type: ignore[arg-type]
                     Acceptor(loop, listener.dup(), lambda: Recorded(made, "free"), free, Log())]  # type: ignore[arg-type]
        clients = connect(listener, 10)
        await settle()
        for acceptor in acceptors:
            acceptor.close()
            acceptor.sock.close()
        for client in clients:
            client.close()

    asyncio.run(scenario())
    assert made == ["free"] * 10


def test_a_connection_waits_in_the_queue_until_a_request_leaves_the_pool(listener: socket.socket) -> None:
    made: list[str] = []
    release = threading.Event()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        admission = Admission(1)
        pool = ThreadPoolExecutor(1)
        running = asyncio.ensure_future(admission.run(pool, release.wait, 5))
        await settle(0.05)
        acceptor = Acceptor(loop, listener.dup(), lambda: Recorded(made, "worker"), admission, Log())  # type: ignore[arg-type]
        clients = connect(listener, 1)
        await settle()
        waited = list(made)
        release.set()
        await running
        await settle()
        made.append(f"then {waited}")
        acceptor.close()
        acceptor.sock.close()
        pool.shutdown()
        for client in clients:
            client.close()

    asyncio.run(scenario())
    assert made == ["worker", "then []"]


def test_a_silent_connection_stops_holding_back_the_next_one(listener: socket.socket, monkeypatch) -> None:
    """A client that connects and says nothing counts for FRESH_FOR, then the next one is taken."""
    monkeypatch.setattr(asgi, "FRESH_FOR", 0.3)
    monkeypatch.setattr(server, "FRESH_FOR", 0.3)
    made: list[str] = []

    async def scenario() -> list[int]:
        loop = asyncio.get_running_loop()
        admission = Admission(1)
        acceptor = Acceptor(loop, listener.dup(), lambda: Recorded(made, "worker"), admission, Log())  # type: ignore[arg-type]
        clients = connect(listener, 1)  # silent: accepted, then it counts against the limit
        await settle(0.1)
        seen = [len(made)]
        clients += connect(listener, 1)
        await settle(0.1)
        seen.append(len(made))  # still held back by the silent one
        await settle(0.4)
        seen.append(len(made))  # the silent one stopped counting: the second is taken
        acceptor.close()
        acceptor.sock.close()
        for client in clients:
            client.close()
        return seen

    assert asyncio.run(scenario()) == [1, 1, 2]

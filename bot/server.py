"""Production serving: gunicorn's asgi worker over bot.asgi, or Socket Mode with a health port."""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from gunicorn.app.base import BaseApplication
from gunicorn.asgi.protocol import ASGIProtocol
from gunicorn.workers.gasgi import ASGIWorker
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.asgi import FRESH_FOR, HEAD_TIMEOUT, Admission, TandemASGI
from bot.observability import metrics
from bot.observability.logs import gunicorn_logconfig
from bot.runtime import Runtime
from bot.slack.app import create_app
from bot.web import create_health_wsgi

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter
    from gunicorn.glogging import Logger as GLogger
    from gunicorn.workers.base import Worker

    from jobs.leader import Leadership

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeOptions:
    """How `tandem serve` runs."""

    host: str = "0.0.0.0"
    port: int = 3000
    workers: int = 1
    threads: int = 8
    scheduler: bool = True


class TandemServer(BaseApplication):
    """gunicorn, configured in code; each worker builds its own app (threads do not survive fork).

    The worker is gunicorn's own `asgi` worker (`TandemWorker` below only changes when it accepts): one
    event loop per process reads requests, so a client that sends its body slowly costs a socket, not
    a thread (see bot/asgi.py). `--threads` sizes each worker's pool for Bolt's dispatch instead of
    gthread's connection threads.
    """

    def __init__(self, runtime: Runtime, options: ServeOptions) -> None:
        self.runtime, self.options = runtime, options
        super().__init__()

    def load_config(self) -> None:
        options = self.options
        self.cfg.set("bind", f"{options.host}:{options.port}")
        self.cfg.set("workers", options.workers)
        self.cfg.set("worker_class", TandemWorker)
        self.cfg.set("asgi_lifespan", "off")  # TandemWorker runs no lifespan
        self.cfg.set("timeout", 60)
        # Slack opens a connection per request and closes it after the answer: an idle connection
        # kept open only holds a socket.
        self.cfg.set("keepalive", 0)
        self.cfg.set("accesslog", None)
        # gunicorn >= 25 opens a control socket at one path under $HOME for every instance; two
        # `tandem serve` on one host would take it from each other, and nothing here uses it.
        self.cfg.set("control_socket_disable", True)
        self.cfg.set("loglevel", self.runtime.settings.log_level.lower())
        if self.runtime.settings.log_format == "json":
            self.cfg.set("logconfig_dict", gunicorn_logconfig(self.runtime.settings.log_level))
        self.cfg.set("post_worker_init", self._post_worker_init)
        self.cfg.set("worker_exit", self._worker_exit)
        self.cfg.set("child_exit", lambda server, worker: metrics.worker_exited(worker.pid))

    def load(self) -> TandemASGI:
        runtime = self.runtime
        runtime.engine.dispose(close=False)  # never share the master's connections with a fork
        asgi = TandemASGI(create_app(runtime), runtime.engine,
                          signing_secret=runtime.settings.slack_signing_secret, threads=self.options.threads)
        # What exists now (modules, mappers, prebuilt statements, the app) lives as long as the worker;
        # frozen, the collector's full passes skip it instead of holding the GIL ~80 ms to scan it all,
        # which stalled every request in flight in the worker.
        gc.freeze()
        return asgi

    def _post_worker_init(self, worker: Worker) -> None:
        if self.options.scheduler:
            self.leadership = start_scheduler(self.runtime)

    def _worker_exit(self, server: Arbiter, worker: Worker) -> None:
        leadership = getattr(self, "leadership", None)
        if leadership is not None:  # a leader that stops hands over at once, not at the next retry
            leadership.close()


class TandemWorker(ASGIWorker):
    """gunicorn's asgi worker that accepts a connection only while the app has room for its request.

    gunicorn's own worker accepts every connection the moment it can. With two workers, each
    connection went to whichever event loop won the race, not to the worker with fewer requests: on
    2 cores with 32 requests in flight, one worker held 5 and the other 27 at times, and a request
    that landed in the long queue waited 3-4 times as long (benchmark 1's p99 was twice its p50).
    Here a worker takes a connection only while `Admission` (bot/asgi.py) has room; the others wait
    in the listening socket's queue, first come first served, for the first worker with room.
    Connections that are slow to send their request stop counting after FRESH_FOR, so slow clients
    still cost a socket each, not the server's attention.
    """

    async def _serve(self) -> None:
        admission = getattr(self.asgi, "admission", None)
        if not isinstance(admission, Admission) or self.cfg.is_ssl or self.loop is None:
            await super()._serve()  # type: ignore[misc]  # (private in the stubs) TLS, or another app
            return
        # gunicorn's listeners wrap the socket (`.sock`); the stubs call them sockets.
        self.servers = [Acceptor(self.loop, getattr(listener, "sock", listener),  # type: ignore[misc]  # stands in for Server
                                 lambda: HeadDeadline(self), admission, self.log)
                        for listener in self.sockets]
        try:
            while self.alive:  # the heartbeat of gunicorn's own _serve
                self.notify()
                if self.ppid != os.getppid():
                    self.log.info("Parent changed, shutting down: %s", self)
                    break
                await asyncio.sleep(1.0)
        except asyncio.CancelledError:
            pass
        await self._shutdown()  # type: ignore[attr-defined]  # gunicorn's own, private in the stubs


class HeadDeadline(ASGIProtocol):
    """gunicorn's HTTP protocol with a deadline for the request's head: HEAD_TIMEOUT after the accept.

    gunicorn's asgi worker waits for a connection's first request for as long as the client keeps
    the socket open; keep-alive's timer starts only after a first answer. A client that connects and
    says nothing, or sends a header line now and then, held a file descriptor until it left: a few
    hundred of them, and the worker could accept nothing more (EMFILE), so /healthz and Slack's
    requests went unanswered. Only the asyncio Protocol callbacks are overridden; the body has its
    own deadline (BODY_TIMEOUT, in bot/asgi.py).
    """

    _head_timer: asyncio.TimerHandle | None = None
    _head_tail = b""  # the last bytes seen, so a blank line split across two reads is found

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._head_timer = asyncio.get_running_loop().call_later(HEAD_TIMEOUT, self._head_late, transport)

    def data_received(self, data: bytes) -> None:
        if self._head_timer is not None:
            seen = self._head_tail + data
            if b"\r\n\r\n" in seen or b"\n\n" in seen:  # the head is whole: the ASGI front takes over
                self._stop_head_timer()
            else:
                self._head_tail = seen[-3:]
        super().data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self, transport: asyncio.BaseTransport) -> None:
        self._head_timer = None
        logger.debug("closed a connection whose request head did not arrive within %.0f s", HEAD_TIMEOUT)
        transport.close()


class Acceptor:
    """Accept from one listening socket while `admission` has room; stand in for the asyncio Server
    gunicorn's worker closes on shutdown."""

    def __init__(self, loop: asyncio.AbstractEventLoop, sock: socket.socket, protocol: Callable[[], asyncio.Protocol],
                 admission: Admission, log: GLogger) -> None:
        self.loop, self.sock, self.protocol, self.admission, self.log = loop, sock, protocol, admission, log
        sock.setblocking(False)
        self.serving, self.reading = True, False
        self.timer: asyncio.TimerHandle | None = None
        admission.on_room(self.resume)
        self.resume()

    def resume(self) -> None:
        if not self.serving or self.reading:
            return
        if self.admission.has_room():
            self.loop.add_reader(self.sock.fileno(), self.accept)
            self.reading = True
        elif self.admission.waiting_connections() and self.timer is None:
            # Still full of connections not yet heard from (a timer can fire a hair before they stop
            # counting): look again, or the acceptor waits for a request to leave, and silent ones never do.
            self.timer = self.loop.call_later(FRESH_FOR, self._retry)

    def pause(self, retry_in: float | None = None) -> None:
        if self.reading:
            self.loop.remove_reader(self.sock.fileno())
            self.reading = False
        if retry_in is not None and self.serving and self.timer is None:
            self.timer = self.loop.call_later(retry_in, self._retry)

    def _retry(self) -> None:
        self.timer = None
        self.resume()

    def accept(self) -> None:
        while self.admission.has_room():
            try:
                conn, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return  # another worker took it, or none is waiting
            except ConnectionAbortedError:
                continue
            except OSError as error:
                if error.errno not in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    raise
                # Out of descriptors or memory: try again in a second, as asyncio's own server does.
                self.log.error("could not accept a connection (%s); trying again in 1 s", error)
                self.pause(retry_in=1.0)
                return
            self.admission.accepted()
            conn.setblocking(False)
            if conn.family in (socket.AF_INET, socket.AF_INET6):
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.loop.create_task(self._connect(conn))
        # Full: a request leaving the pool resumes; connections that never speak stop counting by FRESH_FOR.
        self.pause(retry_in=FRESH_FOR if self.admission.waiting_connections() else None)

    async def _connect(self, conn: socket.socket) -> None:
        try:
            await self.loop.connect_accepted_socket(self.protocol, sock=conn)
        except OSError as error:  # the client left already
            self.log.debug("accepted connection lost before it was served: %s", error)
            conn.close()

    def close(self) -> None:
        self.serving = False
        self.pause()
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    async def wait_closed(self) -> None:
        """Nothing to wait for: the connections already accepted are gunicorn's to wait for."""


def start_scheduler(runtime: Runtime) -> Leadership:
    """Offer to run the scheduled duties in this process: every worker offers, one leads (jobs.leader)."""
    from bot.slack.app import make_client
    from jobs import build_scheduler
    from jobs.leader import Leadership, lock_for

    client = make_client(runtime, for_deliveries=True)
    scheduler = None

    def lead() -> None:
        nonlocal scheduler
        scheduler = build_scheduler(runtime, client)  # a fresh one each time: the first runs come at once
        scheduler.start()

    def follow() -> None:
        nonlocal scheduler
        if scheduler is not None:
            scheduler.shutdown(wait=False)
            scheduler = None

    return Leadership(lock_for(runtime.engine), lead, follow).begin()


def serve_http(runtime: Runtime, options: ServeOptions) -> None:
    """Serve Slack's HTTP requests until stopped."""
    TandemServer(runtime, options).run()


class _QuietHandler(WSGIRequestHandler):
    timeout = 5  # seconds a health client may take to send its request before its socket is closed

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        logger.debug(format, *args)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    """A thread per health client, so one that stalls holds only its own thread, never the port."""

    daemon_threads = True


def serve_socket_mode(runtime: Runtime, options: ServeOptions) -> None:
    """Connect to Slack over Socket Mode; /healthz still answers on the port for orchestrators."""
    app = create_app(runtime)
    handler = SocketModeHandler(app, runtime.settings.slack_app_token)
    if options.scheduler:
        start_scheduler(runtime)
    # Only /healthz: Bolt does not verify signatures in Socket Mode, so a POST to /slack/events on
    # this port must not reach it.
    health = make_server(options.host, options.port, create_health_wsgi(runtime.engine),
                         server_class=_ThreadingServer, handler_class=_QuietHandler)
    threading.Thread(target=health.serve_forever, name="healthz", daemon=True).start()
    logger.info("Socket Mode connected; health on http://%s:%s/healthz", options.host, options.port)
    handler.start()

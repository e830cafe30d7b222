"""Production serving: gunicorn's asgi worker over bot.asgi, or Socket Mode with a health port."""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from gunicorn.app.base import BaseApplication
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.asgi import TandemASGI
from bot.observability import metrics
from bot.observability.logs import gunicorn_logconfig
from bot.runtime import Runtime
from bot.slack.app import create_app
from bot.web import create_health_wsgi

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeOptions:
    """How `tandem serve` runs."""

    host: str = "0.0.0.0"
    port: int = 3000
    workers: int = 1
    threads: int = 8
    scheduler: bool = True


class TandemServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured in code; each worker builds its own app (threads do not survive fork).

    The worker is gunicorn's own `asgi` worker: one event loop per process reads requests, so a
    client that sends its body slowly costs a socket, not a thread (see bot/asgi.py). `--threads`
    sizes each worker's pool for Bolt's dispatch instead of gthread's connection threads.
    """

    def __init__(self, runtime: Runtime, options: ServeOptions) -> None:
        self.runtime, self.options = runtime, options
        super().__init__()

    def load_config(self) -> None:
        options = self.options
        self.cfg.set("bind", f"{options.host}:{options.port}")
        self.cfg.set("workers", options.workers)
        self.cfg.set("worker_class", "asgi")
        self.cfg.set("asgi_lifespan", "off")
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

    def load(self):  # type: ignore[no-untyped-def]
        runtime = self.runtime
        runtime.engine.dispose(close=False)  # never share the master's connections with a fork
        asgi = TandemASGI(create_app(runtime), runtime.engine,
                          signing_secret=runtime.settings.slack_signing_secret, threads=self.options.threads)
        # What exists now (modules, mappers, prebuilt statements, the app) lives as long as the worker;
        # frozen, the collector's full passes skip it instead of holding the GIL ~80 ms to scan it all,
        # which stalled every request in flight in the worker.
        gc.freeze()
        return asgi

    def _post_worker_init(self, worker) -> None:  # type: ignore[no-untyped-def]
        if self.options.scheduler:
            self.leadership = start_scheduler(self.runtime)

    def _worker_exit(self, server, worker) -> None:  # type: ignore[no-untyped-def]
        leadership = getattr(self, "leadership", None)
        if leadership is not None:  # a leader that stops hands over at once, not at the next retry
            leadership.close()


def start_scheduler(runtime: Runtime):  # type: ignore[no-untyped-def]
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

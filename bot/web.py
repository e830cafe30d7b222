"""WSGI applications: the health (and metrics) port of Socket Mode, and Bolt over WSGI for in-process harnesses.

`tandem serve` over HTTP uses bot.asgi (signature checked before parsing, bodies read on an event
loop); `create_wsgi` serves the sandbox and tests that run the bot inside their own process.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from sqlalchemy import Engine

from bot.db.session import ping
from bot.observability import metrics
from bot.slack.request_body import bolt_request

logger = logging.getLogger(__name__)

StartResponse = Callable[..., Any]


def create_wsgi(app: App, engine: Engine) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Route /healthz ourselves and everything else through Bolt's WSGI adapter."""
    slack = FormSafeRequestHandler(app, path="/slack/events")

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            return healthz(engine, start_response)
        if environ.get("PATH_INFO") == "/metrics":
            return metrics_page(engine, start_response)
        return slack(environ, start_response)

    return wsgi


def create_health_wsgi(engine: Engine) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """Only GET /healthz and /metrics; everything else 404 (Socket Mode's port must not reach Bolt unverified)."""

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path not in ("/healthz", "/metrics"):
            start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", "2")])
            return [b"{}"]
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")])
            return [b""]
        return healthz(engine, start_response) if path == "/healthz" else metrics_page(engine, start_response)

    return wsgi


class FormSafeRequestHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, building each request with `bolt_request` (forms that mention "payload")."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.dispatch(bolt_request(request.get_body(), request.query_string, request.get_headers()))


def healthz(engine: Engine, start_response: StartResponse) -> Iterable[bytes]:
    """200 when the database answers, 503 (with the reason) when it does not."""
    try:
        ping(engine)
        status, body = "200 OK", {"ok": True, "database": "ok"}
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy
        logger.warning("health check failed: %s", error)
        status, body = "503 Service Unavailable", {"ok": False, "database": type(error).__name__}
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def metrics_page(engine: Engine, start_response: StartResponse) -> Iterable[bytes]:
    """Prometheus' text format: this process's metrics and the database's gauges (bot.observability.metrics)."""
    payload = metrics.exposition(engine)
    start_response("200 OK", [("Content-Type", metrics.CONTENT_TYPE), ("Content-Length", str(len(payload)))])
    return [payload]

"""The sandbox's own HTTP API and the static page: GET /api/state, POST /api/<gesture>.

A plain http.server is enough for one browser on localhost and keeps the sandbox free of web
framework dependencies; the page talks JSON, the bot is reached only through SlackDriver.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from bot.emulator import DriverError
from bot.sandbox import actions
from bot.sandbox.instance import SandboxInstance
from bot.sandbox.state import build_state

if TYPE_CHECKING:
    from bot.sandbox.server import Sandbox

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
}
Route = Callable[[SandboxInstance, dict[str, Any]], dict[str, Any]]

ROUTES: dict[str, Route] = {
    "/api/send": lambda s, b: actions.send(
        s, b["user"], b["channel"], b.get("text", ""), b.get("thread_ts")
    ),
    "/api/click": lambda s, b: actions.click(s, b["user"], b),
    "/api/submit": lambda s, b: actions.submit(s, b["user"], b["view_id"], b.get("values") or {}),
    "/api/close": lambda s, b: actions.close(s, b["user"], b["view_id"]),
    "/api/home": lambda s, b: actions.open_home(s, b["user"]),
    "/api/jump": lambda s, b: actions.jump(s, b["user"], b["preset"], b.get("at")),
}


class SandboxHTTPServer(ThreadingHTTPServer):
    """Knows its Sandbox, so handlers always act on the current instance (Reset swaps it)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        super().__init__(address, SandboxHandler)
        self.sandbox = sandbox


class SandboxHandler(BaseHTTPRequestHandler):
    """Routes the page's requests."""

    server: SandboxHTTPServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        url = urlsplit(self.path)
        if url.path == "/api/state":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            state = build_state(
                self.server.sandbox.instance,
                query.get("user", ""),
                query.get("channel", ""),
                query.get("thread") or None,
            )
            self._json(200, state)
        elif url.path in ("/", "/index.html"):
            self._file(STATIC / "index.html")
        elif url.path.startswith("/static/"):
            self._file(STATIC / url.path.removeprefix("/static/"))
        else:
            self._json(404, {"ok": False, "error": "not found"})

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        try:
            if path == "/api/reset":
                self.server.sandbox.reset()
                self._json(200, {"ok": True})
            elif path in ROUTES:
                self._json(200, ROUTES[path](self.server.sandbox.instance, body))
            else:
                self._json(404, {"ok": False, "error": "not found"})
        except (DriverError, KeyError, ValueError) as error:
            # What a real Slack client would not let the person do: say so on the page.
            logger.info("refused %s: %s", path, error)
            self._json(400, {"ok": False, "error": str(error)})

    def _file(self, path: Path) -> None:
        resolved = path.resolve()
        if STATIC.resolve() not in resolved.parents or not resolved.is_file():
            self._json(404, {"ok": False, "error": "not found"})
            return
        self._send(
            200, TYPES.get(resolved.suffix, "application/octet-stream"), resolved.read_bytes()
        )

    def _json(self, status: int, body: Any) -> None:
        self._send(status, "application/json", json.dumps(body).encode())

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        logger.debug("page http: " + format, *args)

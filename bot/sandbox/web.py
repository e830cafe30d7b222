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
from bot.sandbox import actions, timetravel
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
        if not self._from_this_page(post=False):
            return
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
        if not self._from_this_page(post=True):
            return
        path = urlsplit(self.path).path
        body = self._body()
        if body is None:
            return
        try:
            if path == "/api/reset":
                self.server.sandbox.reset()
                self._json(200, {"ok": True})
            elif path in ROUTES:
                self._json(200, ROUTES[path](self.server.sandbox.instance, body))
            else:
                self._json(404, {"ok": False, "error": "not found"})
        except (DriverError, KeyError, ValueError, TypeError, AttributeError) as error:
            # What a real Slack client would not let the person do: say so on the page.
            logger.info("refused %s: %s", path, error)
            past = isinstance(error, timetravel.PastMoment)  # the page offers Reset beside it
            self._json(400, {"ok": False, "error": str(error), "offer_reset": past})

    def _own_hosts(self) -> set[str]:
        """`host:port` spellings of this server on loopback: the only names the page uses."""
        port = self.server.server_address[1]
        return {f"{name}:{port}" for name in ("localhost", "127.0.0.1", "[::1]")}

    def _from_this_page(self, post: bool) -> bool:
        """Refuse (403) what the sandbox's own page on localhost would not send.

        The sandbox runs commands as any seeded person, so a web page elsewhere must not reach
        it: a foreign `Host` is DNS rebinding, a foreign `Origin` a cross-site request; a POST
        without `Origin` (not a browser's) must at least be JSON, which a cross-site form or a
        `text/plain` "simple request" cannot be.
        """
        own = self._own_hosts()
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in own:
            return self._refuse("this sandbox answers only on localhost")
        origin = self.headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin.strip().lower())
            if parts.scheme != "http" or parts.netloc not in own:
                return self._refuse("cross-origin requests are refused")
        elif post:
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type != "application/json":
                return self._refuse("POST needs Content-Type: application/json")
        return True

    def _refuse(self, message: str) -> bool:
        logger.warning("refused %s %s: %s", self.command, self.path, message)
        self._json(403, {"ok": False, "error": message})
        return False

    def _body(self) -> dict[str, Any] | None:
        """The JSON object posted, or None after answering 400 (a bad body is the caller's)."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0:
                raise ValueError("negative Content-Length")
            body = json.loads(self.rfile.read(length) or b"{}")
        except (ValueError, UnicodeDecodeError) as error:
            logger.info("bad body for %s: %s", self.path, error)
            self._json(400, {"ok": False, "error": "the body must be a JSON object"})
            return None
        if not isinstance(body, dict):
            self._json(400, {"ok": False, "error": "the body must be a JSON object"})
            return None
        return body

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

"""The emulator's HTTP side: /api/<method> (Web API) and /response/<id> (response_url hooks).

Bodies are parsed like Slack parses them: form-urlencoded, JSON (token only via the Authorization
header, "missing_charset" warning without a charset) or multipart; JSON-string fields such as
blocks/view/metadata in form bodies are decoded so handlers see objects either way.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from bot.emulator import hooks
from bot.emulator.webapi import ApiResult, dispatch

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

logger = logging.getLogger(__name__)
JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "unfurls")
# How long a kept-alive connection may sit idle before the emulator closes it.
KEEP_ALIVE_S = 60.0


def _flat(pairs: dict[str, list[str]]) -> dict[str, Any]:
    return {k: v[-1] for k, v in pairs.items()}


def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    args: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            payload = part.get_payload(decode=True)  # bytes for a leaf part, None when empty
            args[str(name)] = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return args


def parse_api_request(
    query: str, raw: bytes, content_type: str, authorization: str | None
) -> tuple[dict[str, Any], str | None, list[str], str | None]:
    """(args, token, warnings, parse error) for one Web API request."""
    args = _flat(parse_qs(query, keep_blank_values=True))
    warnings: list[str] = []
    error = None
    ctype = content_type.lower()
    if raw and ctype.startswith("application/json"):
        if "charset" not in ctype:
            warnings.append("missing_charset")
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        if isinstance(body, dict):
            args.update(body)
        else:
            error = "invalid_json"
        args.pop("token", None)  # Slack never reads a token from a JSON body
    elif raw and ctype.startswith("multipart/form-data"):
        args.update(_multipart(raw, content_type))
    elif raw:
        if "charset" in ctype:
            warnings.append("superfluous_charset")
        args.update(_flat(parse_qs(raw.decode("utf-8", errors="replace"), keep_blank_values=True)))
    token = args.pop("token", None) or None
    if authorization and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip() or None
    elif authorization and authorization.lower().startswith("basic "):  # oauth.v2.access: the app's id:secret
        try:
            client_id, _, client_secret = base64.b64decode(authorization[6:].strip()).decode("utf-8").partition(":")
        except ValueError:
            client_id = client_secret = ""
        args.setdefault("client_id", client_id)
        args.setdefault("client_secret", client_secret)
    for key in JSON_FIELDS:
        if isinstance(args.get(key), str) and args[key]:
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                pass  # handlers turn an undecodable string into Slack's *_format errors
    return args, token, warnings, error


class EmulatorHandler(BaseHTTPRequestHandler):
    """One connection to the emulator (HTTP/1.1: kept alive for the client's next requests, as Slack keeps
    it); `server.emulator` is the owning SlackEmulator."""

    server: EmulatorHTTPServer
    server_version = "Apache"
    sys_version = ""
    protocol_version = "HTTP/1.1"  # every answer has a Content-Length (_send), so the connection can stay
    timeout = KEEP_ALIVE_S  # an idle kept-alive connection is closed, as a load balancer closes it
    wbufsize = -1  # status line, headers and body leave in one write, flushed after each request

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Access log to logging (debug), not stderr."""
        logger.debug("%s %s", self.address_string(), format % args)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):  # not read here: the connection cannot be reused after it
            self.close_connection = True
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:  # the client asked for it (urllib does), or the body cannot be delimited
            self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _api(self, name: str, query: str, raw: bytes) -> None:
        emu = self.server.emulator
        args, token, warnings, error = parse_api_request(
            query, raw, self.headers.get("Content-Type", ""), self.headers.get("Authorization")
        )
        if error:
            result = ApiResult(200, {"ok": False, "error": error})
        else:
            result = dispatch(emu, name, args, token, warnings)
        payload = json.dumps(result.body).encode()
        self._send(result.status, payload, "application/json; charset=utf-8", result.headers)

    def _route(self, raw: bytes) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/api/"):
            self._api(parts.path[len("/api/") :], parts.query, raw)
        elif parts.path.startswith("/response/") and self.command == "POST":
            status, text = hooks.handle_post(
                self.server.emulator,
                parts.path[len("/response/") :],
                raw,
                self.headers.get("Content-Type", ""),
            )
            self._send(status, text.encode(), "text/html")
        else:
            self._send(404, b"Not Found", "text/plain")

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        """Web API calls and response_url posts."""
        self._route(self._body())

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        """Web API calls with query-string arguments."""
        self._route(b"")


class EmulatorHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its emulator; handler threads are daemons."""

    daemon_threads = True
    # socketserver's default backlog of 5 drops the SYNs of a client posting from a few threads
    # at once, and each dropped SYN costs that call a 1 s retransmit: Slack has no such stall.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], emulator: SlackEmulator) -> None:
        super().__init__(address, EmulatorHandler)
        self.emulator = emulator
        self._open: set[socket.socket] = set()  # accepted connections not yet closed
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection (the emulator stops): a client's kept-alive socket sees it closed."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed meanwhile

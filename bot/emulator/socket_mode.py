"""Socket Mode over a real WebSocket, speaking Slack's envelope protocol.

apps.connections.open hands out one-time ws:// URLs (ticket in the query). On connect the server
sends Slack's "hello"; deliveries are envelopes {envelope_id, type, payload,
accepts_response_payload...} and the app acks each with {"envelope_id", "payload"?}, which
Slack expects within 3 s.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

logger = logging.getLogger(__name__)
DEBUG_HOST = "applink-emulator-1"


@dataclass(frozen=True)
class Ack:
    """The app's acknowledgement of one envelope."""

    envelope_id: str
    payload: dict[str, Any] | None
    elapsed: float


class SocketModeServer:
    """Serves Socket Mode connections and delivers envelopes to the most recent one."""

    def __init__(self, emulator: SlackEmulator, host: str = "127.0.0.1") -> None:
        self._emu = emulator
        self._host = host
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._connections: list[ServerConnection] = []
        self._pending: dict[str, Future[dict[str, Any]]] = {}
        self.acks: list[dict[str, Any]] = []
        self.accepted = 0  # connections ever opened (reconnects included)
        self.url = ""

    def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 and return the ws:// base URL."""
        self._server = serve(
            self._handle, self._host, port, process_request=self._check_ticket, close_timeout=2
        )
        bound = self._server.socket.getsockname()[1]
        self.url = f"ws://{self._host}:{bound}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="emu-socket-mode", daemon=True
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Close every connection (code 1001, as Slack does on redeploys) and the listener."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        """Reject the handshake unless the URL carries a ticket apps.connections.open issued."""
        parts = urlsplit(request.path)
        ticket = parse_qs(parts.query).get("ticket", [""])[0]
        ws = self._emu.workspace
        with ws.lock:
            valid = parts.path.rstrip("/") == "/link" and ticket in ws.tickets
            ws.tickets.discard(ticket)
        if not valid:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid_ticket\n")
        return None

    def _handle(self, connection: ServerConnection) -> None:
        with self._lock:
            self._connections.append(connection)
            self.accepted += 1
            count = len(self._connections)
        hello = {
            "type": "hello",
            "num_connections": count,
            "debug_info": {
                "host": DEBUG_HOST,
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self._emu.app_id},
        }
        try:
            connection.send(json.dumps(hello))
            for raw in connection:
                self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._connections.remove(connection)

    def _on_message(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            logger.warning("socket mode: ignoring non-JSON frame %r", raw[:200])
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        with self._lock:
            self.acks.append(message)
            future = self._pending.pop(envelope_id or "", None)
        if future is not None:
            future.set_result(message)
        else:
            logger.warning("socket mode: ack for unknown envelope %s", envelope_id)

    @property
    def connection_count(self) -> int:
        """How many Socket Mode connections are open."""
        with self._lock:
            return len(self._connections)

    def wait_connected(self, timeout: float = 5.0) -> bool:
        """Wait until at least one app connection is open."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.connection_count:
                return True
            time.sleep(0.02)
        return bool(self.connection_count)

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        accepts_response_payload: bool,
        extra: dict[str, Any] | None = None,
        timeout: float = 10.0,
    ) -> Ack:
        """Send one envelope and wait for its ack; TimeoutError if none arrives in `timeout`."""
        if not self.wait_connected(timeout):
            raise TimeoutError("no Socket Mode connection to deliver to")
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            **(extra or {}),
        }
        future: Future[dict[str, Any]] = Future()
        with self._lock:
            self._pending[envelope_id] = future
            connection = self._connections[-1]
        started = time.monotonic()
        connection.send(json.dumps(envelope))
        try:
            ack = future.result(timeout=timeout)
        except FutureTimeout:
            with self._lock:
                self._pending.pop(envelope_id, None)
            raise TimeoutError(
                f"no ack for envelope {envelope_id} ({kind}) within {timeout}s"
            ) from None
        return Ack(envelope_id, ack.get("payload"), time.monotonic() - started)

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask every client to reconnect, as Slack does before recycling a connection."""
        message = json.dumps(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": DEBUG_HOST}}
        )
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.send(message)
            except ConnectionClosed:
                pass

    def close_connections(self, code: int = 1001, reason: str = "") -> None:
        """Close every connection from the server side, as Slack does when it goes away.

        slack_sdk's built-in client only notices its own close after a 3 s socket timeout; a
        server-side close frame wakes it at once, which keeps test teardown fast.
        """
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close(code, reason)

"""Serve the real bot's WSGI app on a local port, so the page's requests take the signed HTTP path.

wsgiref is in the standard library and is enough for one person clicking; the threading mix-in
lets a listener call back into the bot (e.g. a modal submission) while another request is open.
"""

from __future__ import annotations

import logging
import socketserver
import threading
from collections.abc import Callable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

logger = logging.getLogger(__name__)


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """One thread per request; daemon threads so a stuck request never blocks shutdown."""

    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    """Route wsgiref's per-request stderr lines to debug logging."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        logger.debug("bot http: " + format, *args)


class BotServer:
    """The bot's WSGI app on 127.0.0.1:<port> (0 picks a free one), served from a daemon thread."""

    def __init__(self, wsgi: Callable[..., Any], port: int = 0) -> None:
        self._server = make_server(
            "127.0.0.1", port, wsgi, server_class=ThreadingWSGIServer, handler_class=QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.1,), name="sandbox-bot", daemon=True
        )

    def start(self) -> BotServer:
        """Start serving; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

"""The Sandbox: one sandbox instance behind the page's HTTP server, replaced whole on Reset."""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from pathlib import Path

from bot.sandbox.instance import SandboxInstance
from bot.sandbox.web import SandboxHTTPServer

logger = logging.getLogger(__name__)
DB_FILE = "tandem-sandbox.db"


class Sandbox:
    """`tandem sandbox` in one object; tests start it on free ports (port=0)."""

    def __init__(
        self,
        port: int = 3000,
        db_path: Path | None = None,
        start_at: datetime | None = None,
        scheduler: bool = True,
        host: str = "127.0.0.1",
    ) -> None:
        self.db_path = db_path or Path.cwd() / DB_FILE
        self._start_at, self._scheduler = start_at, scheduler
        self._address = (host, port)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def _new_instance(self) -> SandboxInstance:
        return SandboxInstance(self.db_path, self._start_at, self._scheduler).start()

    def start(self) -> Sandbox:
        """Start the world and the page's server; returns self."""
        self.instance = self._new_instance()
        self.http = SandboxHTTPServer(self._address, self)
        self._thread = threading.Thread(
            target=self.http.serve_forever, args=(0.1,), name="sandbox-page", daemon=True
        )
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        """Where the page is served."""
        host, port = self.http.server_address[:2]
        if isinstance(host, bytes | bytearray):  # socketserver's address type allows it; a TCP server's is text
            host = host.decode()
        return f"http://{'localhost' if host == '127.0.0.1' else host}:{port}/"

    def reset(self) -> None:
        """Start again from the seed: a new emulator, a new database, the clock back at start."""
        with self._lock:
            self.instance.stop()
            self.instance = self._new_instance()
        logger.info("sandbox reset")

    def stop(self) -> None:
        """Stop the page server and the world."""
        self.http.shutdown()
        self.http.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.instance.stop()

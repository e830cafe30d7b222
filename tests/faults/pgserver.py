"""A private PostgreSQL server the test may stop and start again (tests/support/postgres keeps its own running)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.postgres import _as_postgres, find_bindir, free_port


class StoppableServer:
    """initdb once, then start()/stop() at will on the same port and data."""

    def __init__(self) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise FileNotFoundError("no PostgreSQL binaries")
        self.bindir, self.port = bindir, free_port()
        self.root = Path(tempfile.mkdtemp(prefix="tandem-pg-outage-"))
        self.data, self.sockets = self.root / "data", self.root / "sock"
        self.sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sockets, "postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "tandem")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/tandem"

    def _run(self, tool: str, *args: object) -> None:
        subprocess.run(_as_postgres([str(self.bindir / tool), *map(str, args)]), check=True, capture_output=True)

    def start(self) -> None:
        self._run("pg_ctl", "-D", self.data, "-l", self.root / "server.log", "-w", "-t", "60", "start", "-o",
                  f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off")

    def stop(self) -> None:
        """Stop at once, dropping every connection (what a crash or failover looks like to the bot)."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def close(self) -> None:
        subprocess.run(_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

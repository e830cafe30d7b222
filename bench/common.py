"""What every benchmark shares: a database to seed, the emulator, `tandem` subprocesses, tables, RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.seed import Shape, seed
from bot.db import migrate
from bot.db.session import make_engine
from bot.emulator.process import EmulatorProcess
from bot.emulator.server import SlackEmulator

SECRET, TOKEN = "bench-signing-secret", "xoxb-bench"


@contextmanager
def database(kind: str, shape: Shape) -> Iterator[str]:
    """A migrated, seeded database URL (a private PostgreSQL server, or a SQLite file)."""
    if kind == "postgresql":
        from tests.conftest import fresh_postgres_database
        from tests.support.postgres import postgres_server

        with postgres_server() as server:
            url = fresh_postgres_database(server)
            _prepare(url, shape)
            yield url
    else:
        with tempfile.TemporaryDirectory(prefix="tandem-bench-") as root:
            url = f"sqlite:///{Path(root) / 'bench.db'}"
            _prepare(url, shape)
            yield url


def _prepare(url: str, shape: Shape) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    seed(engine, shape)
    engine.dispose()


@contextmanager
def emulator(own_process: bool = False) -> Iterator[SlackEmulator]:
    """The emulator in this process, or (own_process) in a child process, as a remote Slack would be:
    then it does not compete with the benchmark for this interpreter's lock, only for the cores."""
    emu = (EmulatorProcess if own_process else SlackEmulator)(bot_token=TOKEN, signing_secret=SECRET).start()
    try:
        yield emu  # type: ignore[misc]  # an EmulatorProcess answers the SlackEmulator calls it names
    finally:
        emu.stop()


def tandem_env(url: str, emu: SlackEmulator) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    return env | {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": emu.api_url,
                  "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "TANDEM_DEFAULT_TIMEZONE": "UTC"}


def start(args: Sequence[str], env: dict[str, str], health_url: str | None = None) -> subprocess.Popen[bytes]:
    """Start a process (output discarded); wait for its /healthz when given."""
    process = subprocess.Popen(list(args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while health_url and time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{args} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(health_url, timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)
    if health_url:
        stop(process)
        raise RuntimeError(f"{args} did not become healthy")
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def peak_rss_mb(pid: int) -> dict[int, float]:
    """VmHWM (peak resident set) of a process and each of its children, in MB."""
    found = {}
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for each in [pid, *map(int, children.read_text().split() if children.exists() else [])]:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                found[each] = int(line.split()[1]) / 1024
    return found


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, printed and kept for the summary."""
    cells = [[str(c) for c in header]] + [[f"{c:.1f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(cells[0], widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells[1:]]
    return "\n".join(lines)

"""The arena cap is applied where glibc is, and an operator's own MALLOC_ARENA_MAX is left alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import malloc


def test_glibc_takes_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert malloc.limit_arenas() is True  # these machines (and CI) run glibc


def test_an_operators_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert malloc.limit_arenas() is False


def test_the_tandem_command_caps_arenas_before_it_runs_anything() -> None:
    probe = ("import sys; from unittest import mock; from bot import cli; from bot.cli import malloc;"
             "calls = [];"
             "mock.patch.object(malloc, 'limit_arenas', lambda: calls.append(1) or True).start();"
             "cli.main(['jobs', 'run-due', '--dry-run', '--now', '2027-03-08T09:00:00+00:00']);"
             "print(len(calls))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                         env={"DATABASE_URL": "sqlite://", "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip().splitlines()[-1] == "1", out.stderr[-2000:]

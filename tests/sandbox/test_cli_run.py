"""`tandem sandbox` as `make run` starts it: says what it does, prints the URL once the page
answers, and stops cleanly on Ctrl-C and on SIGTERM, also when started in the background."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest


def _ignore_sigint() -> None:
    """What a shell does to a background job (`tandem sandbox &`): SIGINT ignored from the start."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_sandbox_prints_its_url_once_it_answers_and_stops_on_the_signal(
    tmp_path: Path, stop_with: signal.Signals
) -> None:
    root = str(Path(__file__).resolve().parents[2])  # this checkout's bot, whatever is installed
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": root}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox", "--port", "0"],
        cwd=tmp_path,  # its database goes to the working directory
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_ignore_sigint,  # noqa: PLW1509 - the point of the test
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "starting" in first, first  # a sign of life before the slow part
        ready = process.stdout.readline()
        assert "ready" in ready, ready
        url = ready.split("ready: ")[1].split()[0]
        with urllib.request.urlopen(url, timeout=10) as response:  # it answers when announced
            assert response.status == 200
        process.send_signal(stop_with)
        assert process.wait(timeout=20) == 0
        rest = process.stdout.read()
        assert "stopped" in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()

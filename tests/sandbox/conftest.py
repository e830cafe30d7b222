"""A sandbox started in-process on free ports, with its own database and a fixed start instant."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.sandbox import Sandbox

# A Monday, 09:00 in London: Maria's first check-in slot (10:00 in Bogota) is later the same day.
START = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """One sandbox per test module; the live scheduler is off so only jumps move time."""
    db_path = tmp_path_factory.mktemp("sandbox") / "tandem-sandbox.db"
    running = Sandbox(port=0, db_path=db_path, start_at=START, scheduler=False).start()
    yield running
    running.stop()


class PageApi:
    """The sandbox API as the page calls it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def state(self, user: str, channel: str = "", thread: str = "") -> dict[str, Any]:
        """GET /api/state for one person."""
        url = f"{self.base_url}api/state?user={user}&channel={channel}&thread={thread}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def post(self, path: str, **body: Any) -> tuple[int, dict[str, Any]]:
        """POST /api/<path>; returns the status and the JSON answer."""
        request = urllib.request.Request(
            f"{self.base_url}api/{path}",
            json.dumps(body).encode(),
            {"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())


@pytest.fixture
def api(sandbox: Sandbox) -> PageApi:
    """The page's view of a sandbox started from its seed."""
    sandbox.reset()
    return PageApi(sandbox.url)

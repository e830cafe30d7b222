"""GET /metrics on the real server: counts move by exactly what was sent, whichever worker answers."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.emulator.driver import SlackDriver
from tests.e2e.conftest import OWNER, PROJECT, SIGNING_SECRET, BotServer, start_server, stop_server

WORKERS = 2
SCRAPES = 8  # enough that, with keep-alive off, both workers answer some (each scrape is a new connection)


@pytest.fixture(scope="module")
def two_workers(emulator, tmp_path_factory) -> Iterator[BotServer]:  # type: ignore[no-untyped-def]
    workdir = tmp_path_factory.mktemp("metrics")
    server = start_server(f"sqlite:///{workdir / 'metrics.db'}", emulator, workdir,
                          extra_args=("--workers", str(WORKERS)))
    yield server
    stop_server(server)


def scrape(server: BotServer) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(server.url + "/metrics", timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def sample(samples: dict, name: str, **labels: str) -> float:  # type: ignore[type-arg]
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_count_exactly_what_was_sent_across_workers(two_workers: BotServer, emulator) -> None:
    slack = SlackDriver(emulator, bot_url=two_workers.url + "/slack/events", signing_secret=SIGNING_SECRET)
    before = scrape(two_workers)
    assert sample(before, "tandem_database_up") == 1
    commands, refused = 6, 2
    for _ in range(commands):
        assert slack.slash("/task", "help", user=OWNER, channel=PROJECT).status == 200
    for _ in range(refused):
        assert slack.slash("/task", "help", user=OWNER, channel=PROJECT, signature="v0=" + "0" * 64).status == 401
    expected = {"commands ok": commands, "commands timed": commands, "refused": refused, "errors": 0}
    # A request is counted when its listener returns, which over HTTP is after the ack Slack got (and the
    # 200 seen here): give the last listeners a moment, then every scrape, whichever worker answers it, agrees.
    deadline = time.monotonic() + 10
    while moved(before, scrape(two_workers)) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    for _ in range(SCRAPES):
        after = scrape(two_workers)
        assert moved(before, after) == expected
        assert sample(after, "tandem_workspaces_token_refused") == 0


def moved(before: dict, after: dict) -> dict[str, float]:  # type: ignore[type-arg]
    """What the requests between two scrapes added to the request counters (and every error so far)."""
    return {
        "commands ok": sample(after, "tandem_requests_total", kind="command", outcome="ok")
        - sample(before, "tandem_requests_total", kind="command", outcome="ok"),
        "commands timed": sample(after, "tandem_request_duration_seconds_count", kind="command")
        - sample(before, "tandem_request_duration_seconds_count", kind="command"),
        "refused": sample(after, "tandem_requests_total", kind="unknown", outcome="refused")
        - sample(before, "tandem_requests_total", kind="unknown", outcome="refused"),
        "errors": sum(v for (name, labels), v in after.items()
                      if name == "tandem_requests_total" and ("outcome", "error") in labels),
    }


def test_every_family_the_readme_names_is_scraped_before_anything_happened_to_it(two_workers: BotServer) -> None:
    """Each metric of README's *Watching it run* table has its `# TYPE` line whichever worker answers,
    also those with labels that nothing has counted yet (no scheduler runs here: no delivery, no sweep)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("### Watching it run", 1)[1].split("\n\n", 3)[2]
    named = set(re.findall(r"`(tandem_[a-z_]+)", table))
    assert {"tandem_deliveries_total", "tandem_sweep_failures_total", "tandem_database_up"} <= named
    for _ in range(SCRAPES):
        with urllib.request.urlopen(two_workers.url + "/metrics", timeout=10) as response:
            text = response.read().decode()
        typed = set(re.findall(r"^# TYPE (\S+) ", text, re.M))
        assert named - typed == set()
        text_string_to_metric_families(text)  # and the whole answer parses


def test_metrics_and_healthz_are_the_only_unsigned_requests(bot: BotServer) -> None:
    with urllib.request.urlopen(bot.url + "/metrics", timeout=5) as response:  # unsigned, answered
        assert response.status == 200
    for path, method, status in (("/metrics", "POST", 405), ("/slack/events", "GET", 405), ("/other", "GET", 404)):
        request = urllib.request.Request(bot.url + path, method=method, data=b"" if method == "POST" else None)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        refused.value.close()
        assert refused.value.code == status


def test_the_served_log_has_no_alembic_info_or_bolt_token_notice(two_workers: BotServer) -> None:
    log = two_workers.log.read_text()
    assert "Booting worker" in log or "Listening at" in log  # the log is the server's
    assert "will be unused" not in log and "will be ignored" not in log
    assert "alembic.runtime.migration" not in log


@pytest.fixture
def socket_mode(emulator, tmp_path) -> Iterator[BotServer]:  # type: ignore[no-untyped-def]
    emulator.reset()
    server = start_server(f"sqlite:///{tmp_path / 'socket.db'}", emulator, tmp_path,
                          {"SLACK_APP_TOKEN": emulator.app_token, "SLACK_SIGNING_SECRET": ""})
    assert emulator.socket.wait_connected(timeout=15), server.log.read_text()
    yield server
    stop_server(server)
    emulator.socket.close_connections()


def test_socket_modes_health_port_serves_metrics(socket_mode: BotServer, emulator) -> None:
    before = scrape(socket_mode)
    slack = SlackDriver(emulator, mode="socket")
    for _ in range(3):
        assert "/task add" in slack.slash("/task", "help", user=OWNER, channel=PROJECT).text
    after = scrape(socket_mode)
    assert sample(after, "tandem_requests_total", kind="command", outcome="ok") \
        - sample(before, "tandem_requests_total", kind="command", outcome="ok") == 3
    with pytest.raises(urllib.error.HTTPError) as refused:  # the port still reaches nothing else
        urllib.request.urlopen(socket_mode.url + "/slack/events", data=b"{}", timeout=5)
    refused.value.close()
    assert refused.value.code == 404

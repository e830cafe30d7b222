"""The sandbox answers only its own page: no cross-site POSTs, no DNS rebinding, no tracebacks.

Driven over a real socket with http.client so every header (Host, Origin, Content-Type) is the
attacker's choice, as a browser on another site or a rebinding DNS name would send it.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.sandbox import Sandbox
from bot.sandbox.seed import OWNER, PROJECT

START = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    running = Sandbox(
        port=0,
        db_path=tmp_path_factory.mktemp("sandbox") / "tandem-sandbox.db",
        start_at=START,
        scheduler=False,
    ).start()
    yield running
    running.stop()


def raw(
    sandbox: Sandbox, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> tuple[int, bytes]:
    """One request with exactly these headers (http.client adds Host only if we don't)."""
    port = sandbox.http.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def port(sandbox: Sandbox) -> int:
    return int(sandbox.http.server_address[1])


def messages(sandbox: Sandbox) -> int:
    """How many messages the owner sees in the project channel (read with a good request)."""
    status, data = raw(
        sandbox,
        "GET",
        f"/api/state?user={OWNER.id}&channel={PROJECT}",
        None,
        {"Host": f"localhost:{port(sandbox)}"},
    )
    assert status == 200
    return len(json.loads(data)["messages"])


def send_body(text: str = "hello from elsewhere") -> bytes:
    return json.dumps({"user": OWNER.id, "channel": PROJECT, "text": text}).encode()


def test_a_cross_site_text_plain_post_is_refused_and_sends_nothing(sandbox: Sandbox) -> None:
    sandbox.reset()
    before = messages(sandbox)
    status, data = raw(
        sandbox,
        "POST",
        "/api/send",
        send_body(),
        {
            "Host": f"localhost:{port(sandbox)}",
            "Origin": "https://evil.example",
            "Content-Type": "text/plain",
        },
    )
    assert status == 403 and json.loads(data)["ok"] is False
    assert messages(sandbox) == before


def test_a_cross_site_json_post_is_refused_too(sandbox: Sandbox) -> None:
    sandbox.reset()
    before = messages(sandbox)
    status, _ = raw(
        sandbox,
        "POST",
        "/api/send",
        send_body(),
        {
            "Host": f"localhost:{port(sandbox)}",
            "Origin": f"http://localhost:{port(sandbox) + 1}",  # another local port is another site
            "Content-Type": "application/json",
        },
    )
    assert status == 403 and messages(sandbox) == before


def test_a_post_without_origin_must_be_json(sandbox: Sandbox) -> None:
    sandbox.reset()
    before = messages(sandbox)
    status, _ = raw(
        sandbox,
        "POST",
        "/api/send",
        send_body(),
        {"Host": f"127.0.0.1:{port(sandbox)}", "Content-Type": "text/plain"},
    )
    assert status == 403 and messages(sandbox) == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_rebound_host_name_is_refused(sandbox: Sandbox, method: str) -> None:
    sandbox.reset()
    before = messages(sandbox)
    evil = f"rebind.evil.example:{port(sandbox)}"
    if method == "GET":
        status, _ = raw(sandbox, "GET", f"/api/state?user={OWNER.id}", None, {"Host": evil})
    else:
        status, _ = raw(
            sandbox,
            "POST",
            "/api/send",
            send_body(),
            {"Host": evil, "Origin": f"http://{evil}", "Content-Type": "application/json"},
        )
    assert status == 403 and messages(sandbox) == before


@pytest.mark.parametrize(
    "body", [b"{not json", b"[1, 2]", b"\xff\xfe", b'{"user": 5, "channel": 6, "text": 7}']
)
def test_a_malformed_body_gets_400_not_a_dropped_connection(sandbox: Sandbox, body: bytes) -> None:
    status, data = raw(
        sandbox,
        "POST",
        "/api/send",
        body,
        {"Host": f"localhost:{port(sandbox)}", "Content-Type": "application/json"},
    )
    assert status == 400 and json.loads(data)["ok"] is False


def test_the_pages_own_requests_still_work(sandbox: Sandbox) -> None:
    sandbox.reset()
    before = messages(sandbox)
    for host in ("localhost", "127.0.0.1"):
        status, data = raw(
            sandbox,
            "POST",
            "/api/send",
            send_body(f"hello via {host}"),
            {
                "Host": f"{host}:{port(sandbox)}",
                "Origin": f"http://{host}:{port(sandbox)}",
                "Content-Type": "application/json",
            },
        )
        assert status == 200 and json.loads(data)["ok"], data
    assert messages(sandbox) == before + 2

"""The gate's rules, with a clock of our own: what passes to Bolt and what is refused, and why."""

from __future__ import annotations

import hashlib
import hmac
import logging

import pytest
from slack_bolt import App, BoltRequest

from bot.slack.gate import Gate, quiet_bolt_logger

SECRET = "gate-secret"
NOW = 1_800_000_000
MARK = "ZQXJGATE"


def sign(body: bytes, timestamp: int) -> str:
    """Slack's scheme, written out here rather than taken from the code under test."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()


def headers(body: bytes, timestamp: int = NOW, content_type: str = "application/x-www-form-urlencoded") -> dict:
    return {"x-slack-request-timestamp": str(timestamp), "x-slack-signature": sign(body, timestamp),
            "content-type": content_type}


GATE = Gate(SECRET, clock=lambda: NOW)


def test_a_signed_form_with_non_ascii_text_passes_as_text() -> None:
    body = "command=%2Ftask&text=caf%C3%A9 ✓".encode()
    text, refusal = GATE.check(body, headers(body))
    assert refusal is None and text == body.decode()


@pytest.mark.parametrize(("age", "ok"), [(0, True), (300, True), (-300, True), (301, False), (-301, False)])
def test_the_window_is_five_minutes_either_way(age: int, ok: bool) -> None:
    body = b"text=x"
    _, refusal = GATE.check(body, headers(body, NOW - age))
    assert (refusal is None) is ok
    if not ok:
        assert refusal is not None and (refusal.status, refusal.reason) == (401, "stale timestamp")


def test_a_signature_over_other_bytes_is_refused() -> None:
    body = b"text=x"
    _, refusal = GATE.check(body + b"y", headers(body))
    assert refusal is not None and (refusal.status, refusal.reason) == (401, "bad signature")


def test_bolts_own_refusal_logs_no_body(caplog: pytest.LogCaptureFixture) -> None:
    """Should Bolt's second check refuse (at the edge of the window), its INFO line loses the body."""
    app = App(signing_secret=SECRET, token="xoxb-test", token_verification_enabled=False,
              logger=quiet_bolt_logger(logging.getLogger("tests.security.bolt")))
    caplog.set_level(logging.DEBUG)
    body = f"command=%2Ftask&text={MARK}"
    response = app.dispatch(BoltRequest(body=body, headers={"x-slack-request-timestamp": "1",
                                                            "x-slack-signature": "v0=00",
                                                            "content-type": "application/x-www-form-urlencoded"}))
    assert response.status == 401
    assert "Bolt refused a request signature" in caplog.text
    assert MARK not in caplog.text

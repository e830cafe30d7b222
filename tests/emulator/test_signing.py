"""Request signing against Slack's documented known-answer vector and slack_sdk's verifier."""

from __future__ import annotations

import json
from pathlib import Path

from slack_sdk.signature import Clock, SignatureVerifier

from bot.emulator import signature
from bot.emulator.signing import signed_headers

REFERENCE = Path("/work/shared/slack-reference/payloads/signature_known_answer.json")
VECTOR = {
    "signing_secret": "8f742231b10e8888abcd99yyyzzz85a5",
    "x_slack_request_timestamp": "1531420618",
    "body": (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    ),
    "x_slack_signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
}


class PinnedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_known_answer_vector() -> None:
    vector = json.loads(REFERENCE.read_text()) if REFERENCE.exists() else VECTOR
    assert vector["body"] == VECTOR["body"]
    expected = vector["x_slack_signature"]
    assert (
        signature(vector["signing_secret"], vector["x_slack_request_timestamp"], vector["body"])
        == expected
    )
    assert (
        signature(
            vector["signing_secret"], vector["x_slack_request_timestamp"], vector["body"] + "x"
        )
        != expected
    )


def test_slack_sdk_verifier_agrees_only_inside_the_time_window() -> None:
    ts, body = VECTOR["x_slack_request_timestamp"], VECTOR["body"]
    pinned = SignatureVerifier(VECTOR["signing_secret"], clock=PinnedClock(float(ts)))
    assert pinned.is_valid(body=body, timestamp=ts, signature=VECTOR["x_slack_signature"])
    assert not SignatureVerifier(VECTOR["signing_secret"]).is_valid(
        body, ts, VECTOR["x_slack_signature"]
    )


def test_signed_headers_pass_and_broken_ones_fail_verification() -> None:
    verifier = SignatureVerifier("secret")
    body = "payload=%7B%7D"
    assert verifier.is_valid_request(
        body, signed_headers("secret", body, "application/x-www-form-urlencoded")
    )
    assert not verifier.is_valid_request(
        body, signed_headers("secret", body, "x", forced_signature="bad")
    )
    assert not verifier.is_valid_request(
        body, signed_headers("secret", body, "x", timestamp_offset=-600)
    )
    assert not verifier.is_valid_request(body, signed_headers("other", body, "x"))

"""The Bolt patches run only on the Bolt and slack-sdk they were verified against, and are still needed there.

bot/slack/bolt_compat.py leans on Bolt's internals; a Bolt release may move them (the patches break)
or fix what they work around (the patches are dead weight). The first tests fail loudly when another
version is installed or pinned; the canaries fail when Bolt no longer has the fault a patch covers.
"""

from __future__ import annotations

import ast
import logging
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from packaging.version import Version
from slack_bolt import App, BoltRequest
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.listener import thread_runner
from slack_sdk import WebClient

from bot.slack import bolt_compat
from tests.support import lockfile

ROOT = Path(__file__).resolve().parents[2]
RE_VERIFY = ("Read each patch in bot/slack/bolt_compat.py against the new release, run tests/slack and tests/e2e, "
             "then set VERIFIED there (and pin the same versions with `make lock`).")


@pytest.mark.parametrize("name", sorted(bolt_compat.VERIFIED))
def test_the_installed_version_is_the_one_the_patches_were_verified_against(name: str) -> None:
    installed, verified = metadata.version(name), bolt_compat.VERIFIED[name]
    assert installed == verified, (
        f"{name} {installed} is installed, but bot/slack/bolt_compat.py was verified against {name} {verified} "
        f"only. Install requirements.lock (`make install`), or: {RE_VERIFY}")


@pytest.mark.parametrize("name", sorted(bolt_compat.VERIFIED))
def test_the_lock_pins_the_verified_version(name: str) -> None:
    pinned, verified = lockfile.pinned_version(name), Version(bolt_compat.VERIFIED[name])
    assert pinned == verified, (
        f"requirements.lock pins {name} {pinned}, but bot/slack/bolt_compat.py was verified against {name} "
        f"{verified} only. {RE_VERIFY}")


def test_a_running_app_says_when_bolt_is_not_the_verified_version(monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(bolt_compat.VERIFIED, "slack-bolt", "1.0.0")
    assert bolt_compat.unverified() == {"slack-bolt": (metadata.version("slack-bolt"), "1.0.0")}
    with caplog.at_level(logging.WARNING, logger="bot.slack.bolt_compat"):
        bolt_compat.install(bare_app())
    assert f"slack-bolt {metadata.version('slack-bolt')} is installed" in caplog.text
    assert "slack-sdk" not in caplog.text


FENCED = {  # Bolt's modules that are not its public surface (or that the patches lean on)
    "slack_bolt.request.internals", "slack_bolt.listener.thread_runner", "slack_bolt.logger.messages",
    "slack_bolt.context.ack", "slack_bolt.adapter.wsgi.http_request",
}


def test_no_module_outside_the_fence_reaches_into_bolt() -> None:
    outside = []
    for path in sorted([*ROOT.glob("bot/**/*.py"), *ROOT.glob("jobs/**/*.py")]):
        if path.name == "bolt_compat.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            outside += [f"{path.relative_to(ROOT)} imports {name}" for name in names if name in FENCED]
            if isinstance(node, ast.Attribute) and node.attr in {"_listener_runner", "_response"}:
                outside.append(f"{path.relative_to(ROOT)} touches .{node.attr}")
    assert outside == []


# Canaries: Bolt as it ships still has each fault a patch works around. When one fails, Bolt fixed it:
# drop that patch from bot/slack/bolt_compat.py instead of carrying it on.

def bare_app() -> App:
    return App(client=WebClient(base_url="http://127.0.0.1:9/api/"), request_verification_enabled=False,
               authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-test",
                                                     bot_user_id="UB", bot_id="B1"))


def slash(text: str) -> str:
    return urlencode({"command": "/x", "text": text, "team_id": "T1", "user_id": "U1", "channel_id": "C1",
                      "response_url": "http://127.0.0.1:9/r"})


FORM: dict[str, str | Sequence[str]] = {"content-type": ["application/x-www-form-urlencoded"]}


def test_canary_bolt_still_reads_a_form_that_mentions_payload_as_empty() -> None:
    """Patch 2 (bolt_request)."""
    assert BoltRequest(body=slash("add Fix the payload parser"), headers=FORM).body == {}
    assert bolt_compat.bolt_request(slash("add Fix the payload parser"), None, FORM).body["command"] == "/x"


def test_canary_bolts_runner_still_polls_and_loses_an_answer_when_the_listener_fails_after_ack(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch 1 (SignallingListenerRunner): Bolt's request thread is made to look late, as under load."""
    real_time = thread_runner.time
    naps: list[float] = []

    class LateLooks:
        time = staticmethod(real_time.time)

        @staticmethod
        def sleep(seconds: float) -> None:
            naps.append(seconds)
            real_time.sleep(0.2)  # the listener acks and fails before the request thread looks

    monkeypatch.setattr(thread_runner, "time", LateLooks)

    def fails_after_ack(ack: Any) -> None:
        real_time.sleep(0.05)  # the request thread has had its first look, and sleeps
        ack("done")
        raise RuntimeError("after ack")

    def answer(app: App) -> tuple[int, str]:
        app.command("/x")(fails_after_ack)
        app.error(lambda error: None)
        app._listeners[-1].ack_timeout = 1  # noqa: SLF001 - not the 3 s Slack allows: a quicker canary
        started = time.monotonic()
        response = app.dispatch(BoltRequest(body=slash("hi"), headers=FORM))
        assert time.monotonic() - started < 2
        return response.status, response.body

    assert answer(bare_app())[0] == 404  # Bolt's runner: the ack was overwritten, Slack gets nothing
    assert naps, "Bolt's own runner no longer polls"
    patched = bare_app()
    bolt_compat.install(patched)
    naps.clear()
    assert answer(patched) == (200, "done")
    assert naps == []

"""A contractor's thread reply read leniently: a status if it starts with one, the words kept as written."""

from __future__ import annotations

import pytest

from bot.slack.listeners.events.messages import lenient_report


@pytest.mark.parametrize(("text", "status", "done"), [
    ("At risk: waiting for the copy", "at_risk", "waiting for the copy"),
    ("on track, homepage finished", "on_track", "homepage finished"),
    ("Blocked - no access to the server", "blocked", "no access to the server"),
    ("ok 80% homepage | next: contact page", "on_track", "homepage"),
    ("At the moment I'm on the homepage", "on_track", "At the moment I'm on the homepage"),
    ("Finished the homepage", "on_track", "Finished the homepage"),
    ("at risk", "at_risk", "at risk"),
    ("", "on_track", "(no details)"),
])
def test_thread_replies(text: str, status: str, done: str) -> None:
    report = lenient_report(text)
    assert (report.status, report.done) == (status, done)


def test_a_reply_the_strict_grammar_refuses_is_kept_as_written() -> None:
    report = lenient_report("blocked waiting | later: maybe")
    assert (report.status, report.done) == ("blocked", "waiting | later: maybe")

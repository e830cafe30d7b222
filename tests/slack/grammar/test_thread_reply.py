"""A reply in a prompt's thread: a check-in when it carries one (or is the slot's first), else a note."""

from __future__ import annotations

import pytest

from bot.slack.grammar.thread_reply import as_checkin, kind_of, read


@pytest.mark.parametrize(("text", "status", "progress", "done", "blockers"), [
    ("At risk: waiting for the copy", "at_risk", None, "waiting for the copy", ""),
    ("on track, homepage finished", "on_track", None, "homepage finished", ""),
    ("Blocked - no access to the server", "blocked", None, "no access to the server", ""),
    ("ok 80% homepage | next: contact page", "on_track", 80, "homepage", ""),
    ("blocked 40% homepage halfway | blocked: need the logo files", "blocked", 40, "homepage halfway",
     "need the logo files"),
    ("blocked: need the logo files", "blocked", None, "", "need the logo files"),
    ("homepage about 40% done", "no_status", 40, "homepage about 40% done", ""),
    ("done: homepage | next: footer", "no_status", None, "homepage", ""),
    ("at risk", "at_risk", None, "at risk", ""),
    ("green 50% homepage", "on_track", 50, "homepage", ""),
])
def test_replies_that_carry_a_checkin(text, status, progress, done, blockers) -> None:
    report = read(text)
    assert report is not None
    assert (report.status, report.progress, report.done, report.blockers) == (status, progress, done, blockers)


@pytest.mark.parametrize("text", ["ok thanks!", "OK, thanks", "lorem ipsum", "thanks!", "green light from me",
                                  "red is a nicer colour", "Finished the homepage", "", "see you at 10"])
def test_chatter_carries_no_checkin(text: str) -> None:
    assert read(text) is None


def test_chatter_after_a_checkin_is_a_note_and_content_is_a_checkin() -> None:
    assert kind_of("ok thanks!", slot_has_checkin=True) == "note"
    assert kind_of("lorem ipsum", slot_has_checkin=True) == "note"
    assert kind_of("on track 60% header", slot_has_checkin=True) == "checkin"
    assert kind_of("45% now", slot_has_checkin=True) == "checkin"
    assert kind_of("next: the footer", slot_has_checkin=True) == "checkin"


def test_the_first_reply_is_the_checkin_and_free_text_gives_no_status() -> None:
    assert kind_of("lorem ipsum", slot_has_checkin=False) == "checkin"
    assert (as_checkin("Finished the homepage").status, as_checkin("Finished the homepage").done) == (
        "no_status", "Finished the homepage")
    assert as_checkin("ok thanks!").status == "no_status"  # never a guessed "on track"
    assert as_checkin("").done == "(no details)"


def test_a_reply_the_strict_grammar_refuses_is_kept_as_written() -> None:
    report = as_checkin("blocked waiting | later: maybe")
    assert (report.status, report.done) == ("blocked", "waiting | later: maybe")

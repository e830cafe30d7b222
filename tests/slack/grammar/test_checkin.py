"""The /checkin text grammar: statuses as people type them, progress, labelled parts, hours worked."""

from __future__ import annotations

import pytest

from bot.slack.grammar.checkin import parse
from bot.text.errors import ParseError


@pytest.mark.parametrize(("text", "status"), [
    ("on-track Finished mockups", "on_track"), ("On Track Finished mockups", "on_track"),
    ("on track Finished mockups", "on_track"), ("at risk Waiting on copy", "at_risk"),
    ("AT-RISK Waiting on copy", "at_risk"), ("green shipped it", "on_track"),
    ("blocked no access | next: ask", "blocked"),
])
def test_statuses_as_people_type_them(text: str, status: str) -> None:
    command = parse(text)
    assert command.action == "report" and command.report is not None and command.report.status == status
    assert command.report.done in {"Finished mockups", "Waiting on copy", "shipped it", "no access"}


def test_progress_parts_and_hours() -> None:
    report = parse("on track 60% Finished mockups | next: copy | blocked: brand assets | hours: 3h30").report
    assert report is not None
    assert (report.progress, report.done, report.next, report.blockers, report.minutes_worked) == (
        60, "Finished mockups", "copy", "brand assets", 210)


def test_on_and_at_alone_are_not_statuses() -> None:
    for text in ("on Finished mockups", "at home today", "on", "track 60%"):
        with pytest.raises(ParseError) as refused:
            parse(text)
        assert "on-track, at-risk or blocked" in refused.value.message


@pytest.mark.parametrize("text", ["on-track 101% too much", "blocked x | later: y", "ok did | hours: 25",
                                  "ok did | next: a | next: b", "ok did | hours: lots"])
def test_bad_parts_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(ParseError) as refused:
        parse(text)
    assert "/checkin on-track 60%" in refused.value.example


@pytest.mark.parametrize(("text", "action"), [("", "form"), ("edit", "form"), ("status", "status"),
                                              ("Board", "status"), ("help", "help")])
def test_subcommands(text: str, action: str) -> None:
    assert parse(text).action == action

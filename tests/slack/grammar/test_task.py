"""The /task grammar: every sub-command, and errors that name the problem with an example."""

from __future__ import annotations

from datetime import date

import pytest

from bot.slack.grammar.task import TaskCommand, action_of, parse
from bot.text.errors import ParseError

TODAY = date(2026, 11, 2)  # a Monday
MARIA = "<@U0MARIA|maria>"


def test_empty_text_opens_the_form_and_words_route() -> None:
    assert parse("  ", today=TODAY) == TaskCommand("modal")
    assert parse("help", today=TODAY) == TaskCommand("help")
    assert parse("LIST", today=TODAY) == TaskCommand("list")


@pytest.mark.parametrize(("text", "action"), [
    ("", "modal"), ("LIST", "list"), ("help", "help"), ('add "Logo" due friday', "add"), ("done 2", "done"),
    ("block 2 waiting", "block"), ("submit 1 <https://x.example|x>", "submit"),
])
def test_the_action_is_read_without_the_arguments(text: str, action: str) -> None:
    assert action_of(text) == action


def test_only_add_needs_the_speakers_day() -> None:
    assert parse("done 2", today=None) == TaskCommand("done", number=2)
    assert parse("submit 1 <https://x.example|x>", today=None) == TaskCommand("submit", number=1,
                                                                               link="https://x.example")
    with pytest.raises(TypeError):
        parse('add "Logo" due friday', today=None)


@pytest.mark.parametrize("text", ["frobnicate 3", "list mine"])
def test_the_action_refuses_what_parse_refuses(text: str) -> None:
    with pytest.raises(ParseError) as refused:
        action_of(text)
    with pytest.raises(ParseError) as parsed:
        parse(text, today=TODAY)
    assert (refused.value.message, refused.value.example) == (parsed.value.message, parsed.value.example)


@pytest.mark.parametrize(("text", "expected"), [
    ('add "Homepage design"', TaskCommand("add", title="Homepage design")),
    ('add "Homepage design" due friday @x'.replace("@x", MARIA),
     TaskCommand("add", title="Homepage design", due_on=date(2026, 11, 6), assignee_id="U0MARIA")),
    (f"add Homepage design {MARIA} due 2026-12-05",
     TaskCommand("add", title="Homepage design", due_on=date(2026, 12, 5), assignee_id="U0MARIA")),
    ("add “Curly quotes” due in 3 days", TaskCommand("add", title="Curly quotes", due_on=date(2026, 11, 5))),
    ('add "Pay due diligence" due next friday',
     TaskCommand("add", title="Pay due diligence", due_on=date(2026, 11, 13))),
])
def test_add(text: str, expected: TaskCommand) -> None:
    assert parse(text, today=TODAY) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("add", "title"),
    (f"add {MARIA}", "title"),
    ('add "x" due', "needs a date"),
    ('add "x" due someday', "couldn't read the date"),
    ('add "x" due 2026-11-01', "in the past"),
    ('add "x" due friday extra', "don't understand"),
    (f'add "x" {MARIA} {MARIA}', "don't understand"),
    ('add "unclosed', "quote"),
    ("add " + "x" * 201, "under 200"),
    ("remove 3", "don't know"),
    ("list everything", "takes nothing"),
    ("done", "task number"),
    ("done three", "task number"),
    ("done 3 now", "don't understand"),
    ("block 3", "what blocks"),
    ("block x waiting", "task number"),
])
def test_bad_input_names_the_problem_and_shows_an_example(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as raised:
        parse(text, today=TODAY)
    assert raised.value.example and raised.value.example.startswith("/task")


def test_done_and_block_keep_the_reason_as_typed() -> None:
    assert parse("done #3", today=TODAY) == TaskCommand("done", number=3)
    assert parse('block 3 waiting for "brand" assets', today=TODAY) == TaskCommand(
        "block", number=3, reason='waiting for "brand" assets')

"""The /thanks grammar: a mention, then the reason exactly as typed."""

from __future__ import annotations

import pytest

from bot.slack.grammar.thanks import ThanksCommand, parse
from bot.text.errors import ParseError


def test_help_shows_help_and_empty_text_opens_the_form() -> None:
    assert parse("") == ThanksCommand("modal")
    assert parse(" Help ") == ThanksCommand("help")


@pytest.mark.parametrize(("text", "user", "reason"), [
    ("<@U0MARIA|maria> for shipping the homepage", "U0MARIA", "for shipping the homepage"),
    ("<@U0MARIA> great work on “the launch”!", "U0MARIA", "great work on “the launch”!"),
    ("<@U0MARIA|Maria Gomez>   for the\nlogo", "U0MARIA", "for the\nlogo"),
    ("<@U0MARIA> for <!channel> stuff", "U0MARIA", "for <!channel> stuff"),
])
def test_mention_and_reason(text: str, user: str, reason: str) -> None:
    assert parse(text) == ThanksCommand("thank", user_id=user, reason=reason)


@pytest.mark.parametrize(("text", "message"), [
    ("maria for the logo", "mentioned with @"),
    ("<!channel> for the logo", "mentioned with @"),
    ("<@U0MARIA>", "what you are thanking"),
    ("<@U0MARIA> for ", "what you are thanking"),
    ("<@U0MARIA> " + "x" * 1001, "under 1000"),
])
def test_bad_input(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as raised:
        parse(text)
    assert raised.value.example == "/thanks @maria for shipping the homepage"

"""ParseError carries a friendly message and an optional example."""

from __future__ import annotations

import pytest

from bot.text.errors import ParseError, shown


def test_parse_error_keeps_message_and_example():
    error = ParseError("I couldn't read the date “31/12”.", "2026-12-20")
    assert error.message == "I couldn't read the date “31/12”."
    assert error.example == "2026-12-20"
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_parse_error_example_is_optional():
    assert ParseError("Nope.").example is None


@pytest.mark.parametrize(
    ("fragment", "limit", "expected"),
    [
        ("31/12", 40, "“31/12”"),
        ("a\nb   c", 40, "“a b c”"),
        ("x" * 50, 10, "“xxxxxxxxx…”"),
    ],
)
def test_shown_quotes_one_short_line(fragment, limit, expected):
    assert shown(fragment, limit) == expected

"""Pieces of slash-command grammar shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from bot.text.dates import take_date
from bot.text.errors import ParseError
from bot.text.tokens import parse_mention

CURRENCY_KEYS = ("budget", "rate", "pay")
DATE_HINT = "Write dates like {today+14}, tomorrow, friday or in 3 days."
T = TypeVar("T")


def merge_currency(tokens: list[str]) -> list[str]:
    """Join `budget=2000 USD` / `rate=35/h USD` into one token so key=value parsing sees both."""
    merged: list[str] = []
    for token in tokens:
        previous = merged[-1] if merged else ""
        key = previous.split("=", 1)[0].lower() if "=" in previous else ""
        if key in CURRENCY_KEYS and len(token) == 3 and token.isalpha() and " " not in previous:
            merged[-1] = f"{previous} {token.upper()}"
        else:
            merged.append(token)
    return merged


def require_mention(token: str | None, example: str) -> str:
    """A Slack user id from an escaped mention, or an error showing how to mention someone."""
    user_id = parse_mention(token) if token else None
    if user_id is None and token and token.startswith("@") and len(token) > 1:
        # Slack turns a picked person into a mention; "@name" left as text matched nobody it knows.
        raise ParseError(f"I couldn't find {token[:40]} in this workspace: type @ and pick the person "
                         "from Slack's list (they must be a member, not an app or a deactivated account).", example)
    if user_id is None:
        shown = f"“{token}”" if token else "nobody"
        raise ParseError(f"I expected a person mentioned with @, but got {shown}.", example)
    return user_id


def first_word(text: str) -> tuple[str, str]:
    """Split a command's text into its lower-cased sub-command and the rest."""
    stripped = text.strip()
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()


def parse_number(word: str, example: str, noun: str = "task") -> int:
    """'3' or '#3' -> 3; anything else names the problem."""
    digits = word.removeprefix("#")
    if not digits.isdigit() or not 0 < int(digits) < 1_000_000:
        shown = f"“{word[:20]}”" if word else "nothing"
        raise ParseError(f"I expected a {noun} number like 3, but got {shown}.", example)
    return int(digits)


def take_due(tokens: list[str], start: int, today: date, example: str) -> tuple[date, int]:
    """The date after `due`, with this command's example when it can't be read."""
    return with_example(lambda: take_date(tokens, start, today=today), example, DATE_HINT)


def with_example(parse: Callable[[], T], example: str, hint: str = "") -> T:
    """Run a shared parser, swapping its generic example for this command's."""
    try:
        return parse()
    except ParseError as error:
        raise ParseError(f"{error.message} {hint}".strip(), example) from None


def subcommand(text: str, command: str, known: tuple[str, ...], example: str) -> tuple[str, str]:
    """Split `/command action rest`; '' means the form. Unknown actions and `help`/`list` with
    trailing words are refused here, once for every command that has sub-commands."""
    action, rest = first_word(text)
    if action and action not in known:
        raise ParseError(f"I don't know “{command} {action[:30]}”. Try one of: {', '.join(known)}.", example)
    if action in ("help", "list") and rest:
        raise ParseError(f"`{command} {action}` takes nothing after it.", f"{command} list")
    return action, rest

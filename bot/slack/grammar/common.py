"""Pieces of slash-command grammar shared by several commands."""

from __future__ import annotations

from bot.text.errors import ParseError
from bot.text.tokens import parse_mention

CURRENCY_KEYS = ("budget", "rate", "pay")


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
    if user_id is None:
        shown = f"“{token}”" if token else "nobody"
        raise ParseError(f"I expected a person mentioned with @, but got {shown}.", example)
    return user_id


def first_word(text: str) -> tuple[str, str]:
    """Split a command's text into its lower-cased sub-command and the rest."""
    stripped = text.strip()
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()

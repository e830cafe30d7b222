"""Split slash-command text into words and `key=value` options, the way people type them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.text.errors import ParseError, shown

# Quote characters by family: people type straight quotes, macOS and Slack turn them into curly
# ones, sometimes only half of them, so any member of a family closes a quote opened by any other.
DOUBLE_QUOTES = frozenset('"“”„')
SINGLE_QUOTES = frozenset("'‘’")
QUOTE_EXAMPLE = 'company="Acme Studio"'

_KEY_VALUE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)=(.*)", re.DOTALL)
_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>")


def tokenize(text: str) -> list[str]:
    """Words split on whitespace; a quoted part ("…", '…', “…”, ‘…’) is one word, even after =."""
    tokens: list[str] = []
    current: list[str] = []
    in_token = False  # an empty quoted string "" is still a word
    may_open = True  # quotes and <…> open a word, follow `=`, or follow another quoted part
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            if in_token:
                tokens.append("".join(current))
                current, in_token = [], False
            may_open = True
            i += 1
        elif may_open and (char in DOUBLE_QUOTES or char in SINGLE_QUOTES):
            end = _closing(text, i)
            current.append(text[i + 1 : end])
            in_token, may_open = True, True
            i = end + 1
        elif (
            may_open
            and char == "<"
            and (close := text.find(">", i)) != -1
            and "<" not in text[i + 1 : close]
        ):
            # Slack's escaped mentions and links (<@U1|name>, <https://x|label>) are one word.
            current.append(text[i : close + 1])
            in_token, may_open = True, False
            i = close + 1
        else:
            current.append(char)
            in_token, may_open = True, char == "="
            i += 1
    if in_token:
        tokens.append("".join(current))
    return tokens


def _closing(text: str, start: int) -> int:
    """Index of the quote closing the one at `start`; an apostrophe inside '…' doesn't close it."""
    if text[start] in DOUBLE_QUOTES:
        for index in range(start + 1, len(text)):
            if text[index] in DOUBLE_QUOTES:
                return index
    else:
        for index in range(start + 1, len(text)):
            if text[index] in SINGLE_QUOTES and (
                index + 1 == len(text) or text[index + 1].isspace()
            ):
                return index
    raise ParseError(
        f"The quote that starts at {shown(text[start:], 24)} is never closed.",
        QUOTE_EXAMPLE,
    )


@dataclass
class Args:
    """A command's words sorted into plain words, known `key=value` options and known flags."""

    positional: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def split_args(
    tokens: Iterable[str], *, keys: Iterable[str], flags: Iterable[str] = frozenset()
) -> Args:
    """Sort tokens by the command's declared keys and flags; a mistyped key is an error."""
    known_keys = {key.lower(): key for key in keys}
    known_flags = {flag.lower(): flag for flag in flags}
    args = Args()
    for token in tokens:
        match = _KEY_VALUE.fullmatch(token)
        if match:
            typed, value = match.group(1), match.group(2)
            key = known_keys.get(typed.lower())
            if key is None:
                raise ParseError(
                    f"I don't know the option {shown(typed + '=')}. {_known(known_keys)}"
                )
            if key in args.options:
                raise ParseError(f"The option “{key}=” is given twice; keep one.")
            if not value.strip():
                raise ParseError(f"The option “{key}=” needs a value after the =.", f'{key}="…"')
            args.options[key] = value
        elif token.lower() in known_flags:
            args.flags.add(known_flags[token.lower()])
        else:
            args.positional.append(token)
    return args


def _known(known_keys: dict[str, str]) -> str:
    """The sentence listing what a command does accept."""
    if not known_keys:
        return "This command takes no key=value options."
    return "I understand: " + ", ".join(f"{key}=" for key in sorted(known_keys.values())) + "."


def parse_mention(token: str) -> str | None:
    """The user id in Slack's escaped mention (<@U123|name>), so commands name people reliably."""
    match = _USER_MENTION.fullmatch(token.strip()) if isinstance(token, str) else None
    return match.group(1) if match else None



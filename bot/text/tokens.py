"""Split slash-command text into words, honouring the quotes people (and their phones) type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.text.errors import ParseError

# Phones and macOS turn "..." into curly quotes; each opener accepts the closers listed.
CLOSERS = {'"': '"', "'": "'", "\u201c": "\u201d\u201c", "\u201d": "\u201d\u201c", "\u2018": "\u2019\u2018",
           "\u2019": "\u2019\u2018"}
USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
CHANNEL_MENTION = re.compile(r"^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$")


def tokenize(text: str) -> list[str]:
    """Split on whitespace; a quoted phrase (also after `key=`) stays one token without its quotes.

    A quote opens only at the start of a word or right after `=`, so apostrophes (Maria's) stay text.
    """
    tokens: list[str] = []
    current: list[str] = []
    closers: str | None = None
    started = False
    for char in text:
        if closers is not None:
            if char in closers:
                closers = None
            else:
                current.append(char)
        elif char in CLOSERS and (not started or current[-1:] == ["="]):
            closers, started = CLOSERS[char], True
        elif char.isspace():
            if started:
                tokens.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
            started = True
    if closers is not None:
        raise ParseError("A quote is not closed; check your quotation marks.", '/task add "Homepage design"')
    if started:
        tokens.append("".join(current))
    return tokens


@dataclass
class Args:
    """Words split into plain positionals, known `key=value` options and bare flags."""

    positional: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def split_args(tokens: list[str], *, keys: set[str], flags: set[str] = frozenset()) -> Args:  # type: ignore[assignment]
    """Sort tokens into options, flags and positionals; unknown or repeated keys are errors."""
    args = Args()
    for token in tokens:
        key, eq, value = token.partition("=")
        lowered = key.lower()
        if eq and lowered.isidentifier():
            if lowered not in keys:
                known = ", ".join(sorted(keys)) or "none"
                raise ParseError(f"I don't know the option “{key[:30]}=”. Options here: {known}.")
            if lowered in args.options:
                raise ParseError(f"“{lowered}=” is given twice.")
            args.options[lowered] = value.strip()
        elif token.lower() in flags:
            args.flags.add(token.lower())
        else:
            args.positional.append(token)
    return args


def parse_mention(token: str) -> str | None:
    """The user id in Slack's escaped mention `<@U123|name>`, else None."""
    match = USER_MENTION.match(token.strip())
    return match.group(1) if match else None


def parse_channel_mention(token: str) -> str | None:
    """The channel id in `<#C123|name>`, else None."""
    match = CHANNEL_MENTION.match(token.strip())
    return match.group(1) if match else None

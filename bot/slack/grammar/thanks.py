"""The text grammar of /thanks: `@user for what they did`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.recognition.thanks import EXAMPLE
from bot.slack.grammar.common import require_mention
from bot.text.errors import ParseError

# The reason is kept exactly as typed (quotes and all), so only the mention is split off;
# an escaped mention's label may hold spaces (`<@U123|Maria Gomez>`).
LEADING_WORD = re.compile(r"\s*(<@[^>]*>|\S+)\s*(.*)", re.DOTALL)


@dataclass(frozen=True)
class ThanksCommand:
    """`help`, `modal`, or `thank` with who and what for."""

    action: str
    user_id: str | None = None
    reason: str = ""


def parse(text: str) -> ThanksCommand:
    """Read /thanks text; empty text opens the form, `help` shows how to use it."""
    stripped = text.strip()
    if not stripped:
        return ThanksCommand("modal")
    if stripped.lower() == "help":
        return ThanksCommand("help")
    match = LEADING_WORD.fullmatch(stripped)
    assert match is not None  # a non-empty stripped text always has a first word
    user_id = require_mention(match.group(1), EXAMPLE)
    reason = match.group(2).strip()
    if not reason or reason.lower() == "for":
        raise ParseError("Say what you are thanking them for.", EXAMPLE)
    if len(reason) > 1000:
        raise ParseError("Keep the thanks under 1000 characters.", EXAMPLE)
    return ThanksCommand("thank", user_id=user_id, reason=reason)

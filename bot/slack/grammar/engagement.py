"""The text grammar of /engagement: `observe @user`, `unobserve @user`, `observers`, `help`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.observers import EXAMPLE
from bot.slack.grammar.common import first_word, require_mention
from bot.text.errors import ParseError

SUBCOMMANDS = ("observe", "unobserve", "observers", "help")


@dataclass(frozen=True)
class EngagementCommand:
    """A parsed /engagement: the sub-command and the person it names, if any."""

    action: str
    user_id: str | None = None


def parse(text: str) -> EngagementCommand:
    """Read /engagement text; empty text is help (there is no form to open)."""
    action, rest = first_word(text)
    if not action or action == "help":
        return EngagementCommand("help")
    if action not in SUBCOMMANDS:
        raise ParseError(f"I don't know “/engagement {action[:30]}”. Try one of: {', '.join(SUBCOMMANDS)}.", EXAMPLE)
    if action == "observers":
        if rest:
            raise ParseError("`/engagement observers` takes nothing after it.", "/engagement observers")
        return EngagementCommand(action)
    words = rest.split()
    if len(words) != 1:
        raise ParseError(f"`/engagement {action}` takes one person, mentioned with @.", EXAMPLE)
    return EngagementCommand(action, require_mention(words[0], EXAMPLE))

"""The text grammar of /engagement: observers, and the engagement's life (edit, pause, resume, end, reopen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.engagement.lifecycle import EDIT_EXAMPLE, Edits
from bot.domain.engagement.observers import EXAMPLE
from bot.slack.grammar.common import first_word, merge_currency, require_mention, with_example
from bot.slack.grammar.kickoff import parse_checkins
from bot.text import schedule
from bot.text.dates import parse_date
from bot.text.errors import ParseError
from bot.text.money import parse_money
from bot.text.tokens import split_args, tokenize

SUBCOMMANDS = ("observe", "unobserve", "observers", "edit", "pause", "resume", "end", "reopen", "help")
EDIT_KEYS = {"deadline", "checkins", "sla", "budget", "title"}
END_EXAMPLE = "/engagement end the site shipped"


@dataclass(frozen=True)
class EngagementCommand:
    """A parsed /engagement: the sub-command, the person it names, the edits, or the words after it."""

    action: str
    user_id: str | None = None
    edits: Edits | None = None
    rest: str = ""


def parse(text: str, *, today: date | None = None) -> EngagementCommand:
    """Read /engagement text; empty text is help (there is no form to open)."""
    action, rest = first_word(text)
    if not action or action == "help":
        return EngagementCommand("help")
    if action not in SUBCOMMANDS:
        raise ParseError(f"I don't know “/engagement {action[:30]}”. Try one of: {', '.join(SUBCOMMANDS)}.", EXAMPLE)
    if action in ("observers", "pause", "resume", "reopen"):
        if rest:
            raise ParseError(f"`/engagement {action}` takes nothing after it.", f"/engagement {action}")
        return EngagementCommand(action)
    if action == "end":
        return EngagementCommand(action, rest=rest.strip()[:300])
    if action == "edit":
        return EngagementCommand(action, edits=parse_edits(rest, today=today or date.today()))
    words = rest.split()
    if len(words) != 1:
        raise ParseError(f"`/engagement {action}` takes one person, mentioned with @.", EXAMPLE)
    return EngagementCommand(action, require_mention(words[0], EXAMPLE))


def parse_edits(text: str, *, today: date) -> Edits:
    """`deadline=… checkins=… sla=… budget=… title=…`, each optional, at least one."""
    args = with_example(lambda: split_args(merge_currency(tokenize(text)), keys=EDIT_KEYS), EDIT_EXAMPLE)
    if args.positional:
        raise ParseError(f"I don't understand “{' '.join(args.positional)[:60]}”: give each change as key=value "
                         '(quote values with spaces, like deadline="in 3 weeks").', EDIT_EXAMPLE)
    options = args.options
    if not options:
        raise ParseError("Say what to change: deadline=, checkins=, sla=, budget= or title=.", EDIT_EXAMPLE)
    days, at = parse_checkins(options["checkins"]) if "checkins" in options else (None, None)
    budget = None
    if "budget" in options:
        amount, _, currency = options["budget"].partition(" ")
        budget = parse_money(amount, currency or None, default_currency=None)
    title = options["title"].strip() if "title" in options else None
    if title is not None and not title:
        raise ParseError("Give the engagement a title.", EDIT_EXAMPLE)
    return Edits(
        title=title,
        deadline=with_example(lambda: parse_date(options["deadline"], today=today), EDIT_EXAMPLE)
        if "deadline" in options else None,
        checkin_days=days, checkin_time=at,
        sla_hours=schedule.parse_duration_hours(options["sla"]) if "sla" in options else None,
        budget=budget,
    )

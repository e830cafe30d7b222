"""The text grammar of /contractor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.roster.contractors import WorkPattern
from bot.slack.grammar.common import first_word, merge_currency, require_mention, with_example
from bot.text import schedule
from bot.text.dates import parse_date_range
from bot.text.errors import ParseError
from bot.text.money import Money, parse_rate
from bot.text.tokens import split_args, tokenize

ADD_EXAMPLE = ("/contractor add @maria tz=America/Bogota hours=09:00-17:00 days=mon-fri country=CO rate=35/h USD "
               'company="Acme Studio"')
ADD_KEYS = {"tz", "hours", "days", "country", "rate", "company", "skills"}
SUBCOMMANDS = ("add", "list", "show", "vet", "away", "help")


@dataclass(frozen=True)
class AddContractor:
    """`/contractor add` with everything optional but the person."""

    user_id: str
    pattern: WorkPattern
    rate: tuple[Money, str] | None
    company: str
    skills: str


@dataclass(frozen=True)
class ContractorCommand:
    """A parsed /contractor: the sub-command and its arguments."""

    action: str
    user_id: str | None = None
    add: AddContractor | None = None
    item: str | None = None
    away: tuple[date, date] | None = None


def parse(text: str, *, today: date) -> ContractorCommand:
    """Read /contractor text; an empty text opens the form."""
    action, rest = first_word(text)
    if not action:
        return ContractorCommand("modal")
    if action not in SUBCOMMANDS:
        raise ParseError(f"I don't know “/contractor {action}”. Try one of: {', '.join(SUBCOMMANDS)}.", ADD_EXAMPLE)
    if action in ("help", "list"):
        return ContractorCommand(action)
    tokens = tokenize(rest)
    user_id = require_mention(tokens[0] if tokens else None, _example(action))
    if action == "add":
        return ContractorCommand(action, user_id, add=parse_add(user_id, tokens[1:]))
    if action == "show":
        return ContractorCommand(action, user_id)
    if action == "vet":
        if len(tokens) != 2:
            raise ParseError("Name one vetting item: references, portfolio, trial, nda or contract.", _example(action))
        return ContractorCommand(action, user_id, item=tokens[1].lower())
    if len(tokens) != 2:
        raise ParseError("Give the days off as a range.", _example(action))
    return ContractorCommand(action, user_id, away=parse_date_range(tokens[1], today=today))


def parse_add(user_id: str, tokens: list[str]) -> AddContractor:
    """The options of `/contractor add`, each validated."""
    args = with_example(lambda: split_args(merge_currency(tokens), keys=ADD_KEYS), ADD_EXAMPLE)
    if args.positional:
        raise ParseError(f"I don't understand “{' '.join(args.positional)}”.", ADD_EXAMPLE)
    options = args.options
    pattern = WorkPattern(
        tz=schedule.parse_timezone(options["tz"]) if "tz" in options else None,
        days=schedule.parse_days(options["days"]) if "days" in options else None,
        hours=schedule.parse_hours(options["hours"]) if "hours" in options else None,
        country=schedule.parse_country(options["country"]) if "country" in options else None,
    )
    rate = parse_rate(options["rate"]) if "rate" in options else None
    return AddContractor(user_id, pattern, rate, options.get("company", "").strip(), options.get("skills", "").strip())


def _example(action: str) -> str:
    return {
        "add": ADD_EXAMPLE,
        "show": "/contractor show @maria",
        "vet": "/contractor vet @maria nda",
        "away": "/contractor away @maria {today+17}..{today+26}",
    }[action]

"""The text grammar of /kickoff; anything short of a full plan opens the form pre-filled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from bot.domain.engagement.engagements import KICKOFF_EXAMPLE, MICROMANAGING
from bot.slack.grammar.common import merge_currency, require_mention, with_example
from bot.text import schedule
from bot.text.dates import take_date
from bot.text.errors import ParseError
from bot.text.money import Money, parse_money
from bot.text.tokens import parse_mention, split_args, tokenize

KEYS = {"budget", "checkins", "sla", "objectives", "deliverables", "contingency", "terms", "observers"}
CADENCE_EXAMPLE = "/kickoff @maria \"Site\" due {today+14} checkins=mon,thu@10:00"
# Words and shapes that ask for more than one check-in a day, in any form typed now or later.
_MANY_A_DAY = re.compile(r"\b(twice|thrice|hourly|times|x\s*/?\s*day|per\s+day|a\s+day|\d+\s*x)\b", re.IGNORECASE)
FLAGS = {"trial", "confidential"}


@dataclass
class KickoffDraft:
    """What the person typed, parsed; complete() says whether it can start without the form."""

    contractor_id: str | None = None
    title: str = ""
    deadline: date | None = None
    budget: Money | None = None
    checkin_days: tuple[int, ...] = (1, 4)
    checkin_time: time = time(10, 0)
    sla_hours: int = 24
    terms_days: int = 14
    trial: bool = False
    confidential: bool = False
    objectives: str = ""
    deliverables: str = ""
    contingency: str = ""
    observer_ids: tuple[str, ...] = ()
    help: bool = False

    def complete(self) -> bool:
        """Objectives and deliverables are required; without them the form asks for them."""
        return bool(self.contractor_id and self.title and self.deadline and self.objectives and self.deliverables)


def parse(text: str, *, today: date) -> KickoffDraft:
    """Read `/kickoff @user "Title" due DATE [options]`; empty text gives an empty draft."""
    stripped = text.strip()
    if stripped.lower() == "help":
        return KickoffDraft(help=True)
    if not stripped:
        return KickoffDraft()
    args = with_example(lambda: split_args(merge_currency(tokenize(stripped)), keys=KEYS, flags=FLAGS), KICKOFF_EXAMPLE)
    draft = KickoffDraft(trial="trial" in args.flags, confidential="confidential" in args.flags)
    _positional(draft, args.positional, today)
    _options(draft, args.options)
    return draft


def _positional(draft: KickoffDraft, words: list[str], today: date) -> None:
    draft.contractor_id = require_mention(words[0] if words else None, KICKOFF_EXAMPLE)
    lowered = [w.lower() for w in words]
    if "due" not in lowered:
        raise ParseError("A kickoff needs a deadline: add `due` and a date.", KICKOFF_EXAMPLE)
    due_at = lowered.index("due")
    draft.title = " ".join(words[1:due_at]).strip()
    if not draft.title:
        raise ParseError("Give the engagement a title, in quotes, before `due`.", KICKOFF_EXAMPLE)
    if len(draft.title) > 200:
        raise ParseError("Keep the title under 200 characters.", KICKOFF_EXAMPLE)
    if due_at + 1 >= len(words):
        raise ParseError("`due` needs a date after it.", KICKOFF_EXAMPLE)
    draft.deadline, end = take_date(words, due_at + 1, today=today)
    if end < len(words):
        raise ParseError(f"I don't understand “{' '.join(words[end:])}”.", KICKOFF_EXAMPLE)
    if draft.deadline < today:
        raise ParseError(f"The deadline {draft.deadline.isoformat()} is in the past.", KICKOFF_EXAMPLE)


def _options(draft: KickoffDraft, options: dict[str, str]) -> None:
    if "budget" in options:
        amount, _, currency = options["budget"].partition(" ")
        draft.budget = parse_money(amount, currency or None, default_currency=None)
    if "checkins" in options:
        draft.checkin_days, draft.checkin_time = parse_checkins(options["checkins"])
    if "observers" in options:
        draft.observer_ids = parse_observers(options["observers"])
    if "sla" in options:
        draft.sla_hours = schedule.parse_duration_hours(options["sla"])
    if "terms" in options:
        draft.terms_days = parse_terms(options["terms"])
    draft.objectives = options.get("objectives", "").strip()
    draft.deliverables = options.get("deliverables", "").strip()
    draft.contingency = options.get("contingency", "").strip()


MAX_TERMS_DAYS = 120


def parse_terms(value: str) -> int:
    """`net14` / `14` -> 14 days to pay after approval."""
    digits = value.lower().removeprefix("net").strip()
    if not digits.isdigit() or not 0 <= int(digits) <= MAX_TERMS_DAYS:
        raise ParseError(f"Payment terms “{value}” should look like net14 (0 to 120 days).", KICKOFF_EXAMPLE)
    return int(digits)


def parse_checkins(value: str) -> tuple[tuple[int, ...], time]:
    """`days@HH:MM`, refusing any cadence of more than one check-in a day with the reason.

    Two times (`mon@9:00,mon@15:00`, `mon@9:00&15:00`), a day listed twice (`mon,mon@10:00`,
    `mon-wed,tue@10:00`) and words like `twice` all ask for several check-ins on one day.
    """
    if value.count("@") > 1 or _MANY_A_DAY.search(value):
        raise ParseError(MICROMANAGING, CADENCE_EXAMPLE)
    days_text, at, clock_text = value.rpartition("@")
    if not at:
        spaced = re.fullmatch(r"(.+?)\s+(?:at\s+)?(\d.*)", value.strip(), re.IGNORECASE)
        days_text, clock_text = spaced.groups() if spaced else (value, "")
    if re.search(r"[,&+/;]|\band\b|\d\s+\d", clock_text.strip()) or _repeats_a_day(days_text):
        raise ParseError(MICROMANAGING, CADENCE_EXAMPLE)
    return schedule.parse_cadence(value)


def parse_observers(value: str) -> tuple[str, ...]:
    """`observers=@sam,@lee`: people who get the digest and see the board, never prompted."""
    words = [w for w in re.split(r"[,\s]+", value.strip()) if w]
    found = tuple(dict.fromkeys(parse_mention(w) or "" for w in words))
    if not words or "" in found:
        raise ParseError("List observers as mentions separated by commas, like observers=@sam,@lee.",
                         KICKOFF_EXAMPLE + " observers=@sam")
    return found


def _repeats_a_day(days_text: str) -> bool:
    """Whether a day list names some day twice (`mon,mon`, `mon-wed,tue`, `weekdays,fri`)."""
    seen: list[int] = []
    for part in (p for p in re.split(r"[,\s/+&]+|\band\b", days_text.lower()) if p):
        try:
            seen += schedule.parse_days(part)
        except ParseError:
            return False  # parse_cadence names the unreadable part
    return len(seen) != len(set(seen))

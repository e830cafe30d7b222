"""The text grammar of /checkin: `on-track 60% Did X | next: Y | blocked: Z | hours: 3.5`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.domain.checkin.checkins import CHECKIN_EXAMPLE, Report
from bot.slack.grammar.common import first_word
from bot.text.errors import ParseError

STATUS_WORDS = {
    "on-track": "on_track", "ontrack": "on_track", "on_track": "on_track", "ok": "on_track", "green": "on_track",
    "at-risk": "at_risk", "atrisk": "at_risk", "at_risk": "at_risk", "risk": "at_risk", "amber": "at_risk",
    "blocked": "blocked", "red": "blocked", "stuck": "blocked",
}
LABELS = {"next": "next", "blocked": "blockers", "blocker": "blockers", "blockers": "blockers",
          "hours": "hours", "done": "done"}
PERCENT = re.compile(r"^(\d{1,3})%$")


@dataclass(frozen=True)
class CheckinCommand:
    """`form` (open the form), `status` (the board), `help`, `unblock`, or `report` with a parsed Report."""

    action: str
    report: Report | None = None


def parse(text: str) -> CheckinCommand:
    """Read /checkin text."""
    head, rest = first_word(text)
    if head in ("", "form", "edit"):
        return CheckinCommand("form")
    if head in ("status", "board"):
        return CheckinCommand("status")
    if head == "help":
        return CheckinCommand("help")
    if head == "unblock":
        return CheckinCommand("unblock")
    status, rest = read_status(head, rest)
    if status is None:
        raise ParseError(f"Start with a status: on-track, at-risk or blocked (not “{head[:40]}”).", CHECKIN_EXAMPLE)
    return CheckinCommand("report", parse_report(status, rest))


def read_status(head: str, rest: str) -> tuple[str | None, str]:
    """The status the text starts with, and what follows it.

    People type "on track" as often as "on-track", and end the status with a colon or a comma
    ("At risk: waiting for copy"), in /checkin and even more in a thread reply.
    """
    head = head.lower().rstrip(AFTER_STATUS)
    if head in ("on", "at"):
        second, after = first_word(rest)
        joined = STATUS_WORDS.get(f"{head}-{second.rstrip(AFTER_STATUS)}")
        if joined is not None:
            return joined, after.lstrip(AFTER_STATUS + " ")
    return STATUS_WORDS.get(head), rest.lstrip(AFTER_STATUS + " ")


AFTER_STATUS = ":,.!;-–—"


def parse_report(status: str, rest: str) -> Report:
    """The progress and the `|`-separated parts after the status."""
    progress = None
    first, _, _ = rest.partition(" ")
    match = PERCENT.match(first)
    if match:
        progress = int(match.group(1))
        if progress > 100:
            raise ParseError("Progress is a percentage from 0 to 100.", CHECKIN_EXAMPLE)
        rest = rest[len(first):].strip()
    parts: dict[str, str] = {}
    for index, segment in enumerate(s.strip() for s in rest.split("|")):
        label, colon, value = segment.partition(":")
        key = LABELS.get(label.strip().lower()) if colon else None
        if key is None and index == 0:
            key, value = "done", segment
        elif key is None:
            raise ParseError(f"Label each part after `|` with next:, blocked: or hours: (“{segment[:40]}”).",
                             CHECKIN_EXAMPLE)
        if key in parts:
            raise ParseError(f"“{key}” is given twice.", CHECKIN_EXAMPLE)
        parts[key] = value.strip()
    return Report(
        status=status, progress=progress, done=parts.get("done", ""), next=parts.get("next", ""),
        blockers=parts.get("blockers", ""), minutes_worked=parse_hours_worked(parts.get("hours")),
    )


def parse_hours_worked(value: str | None) -> int | None:
    """'3.5' / '3.5h' / '3h30' -> minutes; no floats."""
    if not value:
        return None
    text = value.strip().lower().replace(",", ".")
    match = re.fullmatch(r"(\d{1,2})h(\d{1,2})m?", text)
    if match:
        return int(match.group(1)) * 60 + int(match.group(2))
    try:
        hours = Decimal(text.removesuffix("h").strip())
    except InvalidOperation:
        raise ParseError(f"I couldn't read hours worked “{value[:20]}”; write it like 3.5h.", CHECKIN_EXAMPLE) from None
    if not hours.is_finite() or not 0 <= hours <= 24:
        raise ParseError("Hours worked must be between 0 and 24.", CHECKIN_EXAMPLE)
    return int((hours * 60).to_integral_value())

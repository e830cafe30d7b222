"""How a reply in a check-in prompt's thread is read: a check-in, or a note on one.

People chat in threads ("ok thanks!", "lorem ipsum"); only a reply that carries check-in content
(a status word, a percentage, or a `done:` / `next:` / `blocked:` part) says anything about the
work, so only such a reply (or the slot's very first reply) may set a status. "ok", "green",
"amber" and "red" are everyday words as well as statuses: they count as a status only when a
percentage or a labelled part follows, so "ok thanks!" is chatter.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.domain.checkin.checkins import NO_STATUS, Report
from bot.slack.grammar import checkin as grammar
from bot.slack.grammar.common import first_word
from bot.text.errors import ParseError

AMBIGUOUS = frozenset({"ok", "green", "amber", "red"})
ANY_PERCENT = re.compile(r"(?<![\w.])(\d{1,3})\s?%")
LABELLED = re.compile(r"(?i)(?:^|[|\n]|\s)(?:done|next|blocked|blockers?)\s*:")
LEADING_BLOCKER = re.compile(r"(?i)^\s*blocke(?:d|rs?)\s*:\s*(.+)$", re.DOTALL)


def kind_of(text: str, *, slot_has_checkin: bool) -> Literal["checkin", "note"]:
    """A check-in when the slot has none yet or the reply carries check-in content; else a note."""
    return "checkin" if not slot_has_checkin or read(text) is not None else "note"


def read(text: str) -> Report | None:
    """The check-in a reply carries, or None when it carries no check-in content."""
    text = text.strip()
    if leading := LEADING_BLOCKER.match(text):  # "blocked: need the logo files" names the blocker
        said = _report("blocked", leading.group(1), text)
        return Report(status="blocked", progress=said.progress, next=said.next, minutes_worked=said.minutes_worked,
                      blockers=said.blockers or (said.done if said.done != text else leading.group(1).strip()))
    structured = bool(ANY_PERCENT.search(text) or LABELLED.search(text))
    head, rest = first_word(text)
    status, after = grammar.read_status(head, rest)
    if status is not None and head.lower().rstrip(grammar.AFTER_STATUS) in AMBIGUOUS and not structured:
        status = None
    if status is None and not structured:
        return None
    return _report(status or NO_STATUS, after if status else text, text)


def as_checkin(text: str) -> Report:
    """What a reply that is a check-in says; free text with no status is "no status given", never on track."""
    return read(text) or Report(status=NO_STATUS, done=text.strip() or "(no details)")


def _report(status: str, rest: str, whole: str) -> Report:
    """The grammar's reading of what follows the status; a thread reply is kept as written when it trips."""
    try:
        report = grammar.parse_report(status, rest)
    except ParseError:  # the grammar is strict for /checkin; a thread reply is kept as written
        report = Report(status=status, done=rest)
    progress = report.progress
    if progress is None and (found := ANY_PERCENT.search(whole)) and int(found.group(1)) <= 100:
        progress = int(found.group(1))  # "homepage about 40% done": a percentage anywhere is progress
    if not (report.done or report.next or report.blockers):
        return Report(status=status, progress=progress, done=whole)
    return Report(status=status, progress=progress, done=report.done, next=report.next,
                  blockers=report.blockers, minutes_worked=report.minutes_worked)

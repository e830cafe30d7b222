"""Ledger keys, built and read back in one place: `<kind>:<subject id>[:<part>…]`.

A key names one message for ever (the delivery ledger's primary key): every worker and every retry
must build the same one, and a few readers take keys apart again (which prompt a follow-up threads
under, which payment a digest carries, which engagement a key is about). Both directions live here,
so a key's shape is written once. The strings are stored: changing a shape orphans the keys already
in every database, so the shapes below never change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

# Kinds whose subject is an engagement id (others name a payment, submission, check-in, person, contractor).
CHECKIN, REMINDER, OWNER_ALERT, SNOOZE, SNOOZED = "checkin", "reminder", "owner-alert", "snooze", "snoozed"
DEADLINE, ONBOARDING, RISK, TRIAL, THANKS_NUDGE = "deadline", "onboarding", "risk", "trial", "thanks-nudge"
FEEDBACK, DEADLINE_REVIEW, CHANNEL_PROBLEM = "feedback", "deadline_review", "channel_problem"
PAYMENT, REVIEW, BLOCKER, BLOCKER_NOTICE = "payment", "review", "blocker", "blocker-notice"
DIGEST, OBSERVER_DIGEST, CAP = "digest", "digest-observer", "cap"
SNOOZE_DM = "snooze-dm"  # wraps the key of the owner's prompt it snoozes: `snooze-dm:<that key>`
# Kinds keyed by an engagement and one of its slot days (the contractor-local day of a check-in prompt).
SLOT_KINDS = frozenset({CHECKIN, REMINDER, OWNER_ALERT, SNOOZE, SNOOZED})
ENGAGEMENT_KINDS = SLOT_KINDS | {DEADLINE, ONBOARDING, RISK, TRIAL, THANKS_NUDGE, FEEDBACK, DEADLINE_REVIEW,
                                 CHANNEL_PROBLEM}


@dataclass(frozen=True, slots=True)
class LedgerKey:
    """A parsed key: its kind, the id it is about, and the rest (days, stamps, numbers) as written."""

    kind: str
    subject: int
    parts: tuple[str, ...] = ()

    def __str__(self) -> str:
        return ":".join((self.kind, str(self.subject), *self.parts))

    @property
    def day(self) -> date:
        """The ISO day a key's first part names (slot keys, deadline notes, payments, onboarding)."""
        return date.fromisoformat(self.parts[0])

    @property
    def engagement_id(self) -> int | None:
        """The engagement the key is about, when its subject is one."""
        return self.subject if self.kind in ENGAGEMENT_KINDS else None

    @classmethod
    def parse(cls, text: str) -> LedgerKey | None:
        """The key back from its text; None when it is not `<kind>:<number>[:…]` (a wrapped or foreign key)."""
        kind, _, rest = text.partition(":")
        subject, _, tail = rest.partition(":")
        if not kind or not subject.isdigit():
            return None
        return cls(kind, int(subject), tuple(tail.split(":")) if tail else ())


def subject_of(key: str) -> int:
    """The id a key of ours is about (`LedgerKey.parse(key).subject`), for readers of many keys of one kind:
    a tenth of the cost of parsing each. ValueError for a key without one."""
    return int(key.split(":", 2)[1])


def _key(kind: str, subject: int, *parts: object) -> str:
    """`LedgerKey(kind, subject, parts)`'s text, written without building one (sweeps make 100,000s a tick)."""
    return ":".join((kind, str(subject), *map(str, parts)))


def slot(kind: str, engagement_id: int, day: date) -> str:
    """`<kind>:<engagement>:<slot day>` for the check-in prompt (`checkin`) and what hangs on it."""
    assert kind in SLOT_KINDS, kind
    return _key(kind, engagement_id, day.isoformat())


def slots(kind: str, engagement_ids: Iterable[int], days: Sequence[date]) -> list[str]:
    """`slot(kind, e, d)` for every engagement and every day, engagement by engagement, days in order.

    The health rule asks the ledger about a board's engagements over a week of days (hundreds of
    keys per /checkin status): the same strings as `slot`, each day written out once, not per key.
    """
    assert kind in SLOT_KINDS, kind
    written = [day.isoformat() for day in days]
    return [f"{kind}:{engagement_id}:{day}" for engagement_id in engagement_ids for day in written]


def slot_of(key: str) -> tuple[int, date]:
    """(engagement id, slot day) of a slot key; ValueError for any other key."""
    parsed = LedgerKey.parse(key)
    if parsed is None or parsed.kind not in SLOT_KINDS or not parsed.parts:
        raise ValueError(f"not a slot key: {key!r}")
    return parsed.subject, parsed.day


def snoozed(engagement_id: int, day: date, until: datetime) -> str:
    """The nudge of a snoozed prompt, keyed by the snooze's end, so snoozing again nudges again."""
    return _key(SNOOZED, engagement_id, day.isoformat(), f"{until:%Y%m%dT%H%M}")


def snooze_dm(prompt_key: str) -> str:
    """The snooze of an owner's prompt (one per prompt)."""
    return f"{SNOOZE_DM}:{prompt_key}"


def snooze_dm_nudge(snooze_key: str, until: datetime) -> str:
    """The nudge of an owner's snoozed prompt, keyed by the snooze's end."""
    return f"{snooze_key}:{until:%Y%m%dT%H%M}"


def day_key(kind: str, subject: int, day: date) -> str:
    """`<kind>:<subject>:<ISO day>`: deadline notes, onboarding reminders, payment alerts, channel problems,
    digests (the owner's Monday), trial and deadline reviews (the deadline)."""
    return _key(kind, subject, day.isoformat())


def risk(engagement_id: int, today: date) -> str:
    """`risk:<engagement>:<owner-local YYYY-MM>`: one review a month."""
    return _key(RISK, engagement_id, f"{today:%Y-%m}")


def thanks_nudge(engagement_id: int, year: int, week: int) -> str:
    """`thanks-nudge:<engagement>:<ISO year>-W<week>`: one nudge a week."""
    return _key(THANKS_NUDGE, engagement_id, f"{year}-W{week:02d}")


def feedback_done(engagement_id: int, done_at: datetime) -> str:
    """The feedback prompt after a task was done."""
    return _key(FEEDBACK, engagement_id, "done", f"{done_at:%Y%m%dT%H%M%S}")


def feedback_every(engagement_id: int, day: date) -> str:
    """The periodic feedback prompt of an owner-local day."""
    return _key(FEEDBACK, engagement_id, "every", day.isoformat())


def feedback_reason(key: str) -> str:
    """'task', 'end' or 'period', read back from a feedback prompt's key."""
    parsed = LedgerKey.parse(key)
    kind = parsed.parts[0] if parsed is not None and parsed.parts else ""
    return {"done": "task", "end": "end"}.get(kind, "period")


def review(submission_id: int, number: int) -> str:
    """The `number`th review reminder of a submission."""
    return _key(REVIEW, submission_id, number)


def blocker(checkin_id: int, *, notice: bool = False) -> str:
    """The owner's alert about a blocker (or, with `notice`, the channel's notice)."""
    return _key(BLOCKER_NOTICE if notice else BLOCKER, checkin_id)


def cap(contractor_id: int, day: date, n: int) -> str:
    """The `n`th of a contractor's daily message allowance on their local `day`."""
    return _key(CAP, contractor_id, day.isoformat(), n)

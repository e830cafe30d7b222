"""Low noise: at most two scheduled messages a contractor-local day reach a contractor, race-free.

The cap is two ledger rows per contractor and day, `cap:<contractor>:<date>:1` and `...:2`. A
message takes one of them (INSERT ... ON CONFLICT DO NOTHING, the unique key is the lock) before
it is posted, so two workers racing can never spend three; counting rows instead would let both
see "one so far" and post. Each cap row names the message that spent it (`message_ts` holds the
key, or a digest of a long key), so a retried or concurrent delivery of the *same* message reuses
its row rather than spending the second one.

Check-in prompts count and keep priority: a contractor's prompts of the day may use every cap
row, while reminders and deadline notes only the rows left over after that day's prompts
(`first` = prompts + 1). A check-in prompt is never dropped: a contractor with three engagements
prompted on one day gets all three, each in its own engagement's channel (replies in its thread
and its buttons stay attributed to that engagement, and the owner sees it where the work is). The
prompts beyond the cap hold no row of their own; they count as one with the day's last prompt, so
the cap still holds two rows and nothing optional (reminder, deadline note) reaches them that day.
A snoozed prompt's nudge is not capped: the contractor asked for it.

A sweep spends the rows of all its messages at once (`take_all`, a handful of statements however
many messages), with the outcome taking them one by one in the sweep's order would give.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Delivery, Engagement
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import slots

logger = logging.getLogger(__name__)

DAILY_LIMIT = 2
DUTY = "daily_cap"


@dataclass(frozen=True)
class Cap:
    """Which contractor-day a message counts against, and the lowest cap row it may take."""

    contractor_id: int
    day: date
    first: int = 1
    # A check-in prompt: posted even when the day's rows are spent (it shares the last prompt's row).
    never_drop: bool = False

    def key(self, n: int) -> str:
        """`cap:<contractor>:<contractor-local date>:<n>`."""
        return ledger_keys.cap(self.contractor_id, self.day, n)


def ref(message_key: str) -> str:
    """What a cap row stores to name its message: the key itself, or a digest when it is too long."""
    return message_key if len(message_key) <= 32 else hashlib.sha256(message_key.encode()).hexdigest()[:32]


def take_all(session: Session, wanted: Sequence[tuple[Cap, ledger.Entry]], *, now: datetime) -> set[str]:
    """Spend a cap row on each message (or find the one it already holds); the keys of those that hold one.

    Round n offers row n to every message still without one whose cap allows it, in one INSERT ...
    ON CONFLICT DO NOTHING where the first message in order wins a row two of them want (as taking
    them one by one would). Each round reads its rows back: a row another worker spent on the same
    message is this message's row too, and a row it spent on another message is gone.
    """
    refs = {entry.key: ref(entry.key) for _, entry in wanted}
    held: set[str | None] = set()
    for batch in ledger.batches(refs.values()):
        held.update(session.scalars(select(Delivery.message_ts).where(Delivery.duty == DUTY,
                                                                      Delivery.message_ts.in_(batch))))
    holding = {key for key, mine in refs.items() if mine in held}
    for n in range(1, DAILY_LIMIT + 1):
        offered = [(cap, entry) for cap, entry in wanted if entry.key not in holding and max(cap.first, 1) <= n]
        if not offered:
            continue
        ledger.claim_all(session, [ledger.Entry(cap.key(n), DUTY, entry.team_id, None, now, refs[entry.key])
                                   for cap, entry in offered], now=now, status=ledger.SENT)
        spent: dict[str, str | None] = {}
        for batch in ledger.batches(cap.key(n) for cap, _ in offered):
            spent.update((key, ts) for key, ts in session.execute(select(Delivery.key, Delivery.message_ts)
                                                                  .where(Delivery.key.in_(batch))))
        holding.update(entry.key for cap, entry in offered if spent.get(cap.key(n)) == refs[entry.key])
    return holding


def prompts_on(engagements: Iterable[Engagement], contractor_id: int, day: date) -> int:
    """How many check-in prompts a contractor has on a local date, over all their active engagements."""
    return sum(1 for e in engagements if e.contractor_id == contractor_id and slots.is_slot_day(e, day))


def after_prompts(engagements: Iterable[Engagement], engagement: Engagement, day: date) -> Cap:
    """The cap of an optional message (reminder, deadline note): only rows the day's prompts leave."""
    contractor_id = engagement.contractor_id
    return Cap(contractor_id, day, prompts_on(engagements, contractor_id, day) + 1)


def take_or_drop_all(session: Session, wanted: Sequence[tuple[Cap, ledger.Entry]], *, now: datetime) -> set[str]:
    """Spend cap rows on many messages: the keys that may be posted; the others are dropped (closed as skipped).

    A `never_drop` message (a check-in prompt) left without a row is posted all the same: it is one
    of the day's prompts, counted with the one that took the last row.
    """
    holding = take_all(session, wanted, now=now)
    shared = [entry.key for cap, entry in wanted if cap.never_drop and entry.key not in holding]
    for key in shared:
        logger.info("%s posted on the day's last cap row: the contractor's prompts that day count as one", key)
    holding.update(shared)
    dropped = [entry for _, entry in wanted if entry.key not in holding]
    if dropped:
        ledger.claim_all(session, dropped, now=now, status=ledger.SKIPPED)
        ledger.finish_all_skipped(session, [entry.key for entry in dropped])
    for entry in dropped:
        logger.info("%s not posted: the contractor already had %d scheduled messages that day", entry.key,
                    DAILY_LIMIT)
    return holding

"""Low noise: at most two scheduled messages a contractor-local day reach a contractor, race-free.

The cap is two ledger rows per contractor and day, `cap:<contractor>:<date>:1` and `...:2`. A
message takes one of them (INSERT ... ON CONFLICT DO NOTHING, the unique key is the lock) before
it is posted, so two workers racing can never spend three; counting rows instead would let both
see "one so far" and post. Each cap row names the message that spent it (`message_ts` holds the
key, or a digest of a long key), so a retried or concurrent delivery of the *same* message reuses
its row rather than spending the second one.

Check-in prompts count and keep priority: a contractor's prompts of the day may use every cap
row, while reminders and deadline notes only the rows left over after that day's prompts
(`first` = prompts + 1). A third prompt on one day (three engagements) is dropped, as the cap says.
A snoozed prompt's nudge is not capped: the contractor asked for it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Delivery, Engagement
from bot.domain import ledger, slots

logger = logging.getLogger(__name__)

DAILY_LIMIT = 2
DUTY = "daily_cap"


@dataclass(frozen=True)
class Cap:
    """Which contractor-day a message counts against, and the lowest cap row it may take."""

    contractor_id: int
    day: date
    first: int = 1

    def key(self, n: int) -> str:
        """`cap:<contractor>:<contractor-local date>:<n>`."""
        return f"cap:{self.contractor_id}:{self.day.isoformat()}:{n}"


def ref(message_key: str) -> str:
    """What a cap row stores to name its message: the key itself, or a digest when it is too long."""
    return message_key if len(message_key) <= 32 else hashlib.sha256(message_key.encode()).hexdigest()[:32]


def take(session: Session, cap: Cap, *, message_key: str, team_id: str, now: datetime) -> bool:
    """Spend a cap row on a message (or find the one it already holds); False when the day is full."""
    mine = ref(message_key)
    held = session.scalar(select(Delivery.key).where(Delivery.duty == DUTY, Delivery.message_ts == mine))
    if held is not None:
        return True
    for n in range(max(cap.first, 1), DAILY_LIMIT + 1):
        if ledger.claim(session, key=cap.key(n), duty=DUTY, team_id=team_id, channel_id=None, due_at=now,
                        now=now, status=ledger.SENT, message_ts=mine):
            return True
        row = ledger.get(session, cap.key(n))
        if row is not None and row.message_ts == mine:
            return True
    return False


def prompts_on(engagements: Iterable[Engagement], contractor_id: int, day: date) -> int:
    """How many check-in prompts a contractor has on a local date, over all their active engagements."""
    return sum(1 for e in engagements if e.contractor_id == contractor_id and slots.is_slot_day(e, day))


def after_prompts(engagements: Iterable[Engagement], engagement: Engagement, day: date) -> Cap:
    """The cap of an optional message (reminder, deadline note): only rows the day's prompts leave."""
    contractor_id = engagement.contractor_id
    return Cap(contractor_id, day, prompts_on(engagements, contractor_id, day) + 1)


def take_or_drop(session: Session, cap: Cap, *, key: str, duty: str, team_id: str, channel_id: str | None,
                 due_at: datetime, now: datetime) -> bool:
    """Spend a cap row on the message; when the day is full, close its key as skipped (dropped, not deferred)."""
    if take(session, cap, message_key=key, team_id=team_id, now=now):
        return True
    if not ledger.skip(session, key=key, duty=duty, team_id=team_id, channel_id=channel_id, due_at=due_at, now=now):
        ledger.finish_skipped(session, key=key)
    logger.info("%s not posted: the contractor already had %d scheduled messages that day", key, DAILY_LIMIT)
    return False

"""The delivery ledger: every scheduled message is a row under a unique key, so it is posted once.

A sweep claims the key (INSERT, the unique constraint is the lock), then *begins an attempt*
(a compare-and-set on `attempts`) right before posting, and records the Slack `ts` after.
`attempts > 0` on a still-claimed row means an earlier attempt may have posted and then died,
so the next attempt must look for the message in Slack before posting again.

`claimed_at` is the process clock of the latest attempt (a lease), not the slot's time: a live
attempt is never taken over until its lease runs out. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Delivery

CLAIMED, SENT, SKIPPED, SCHEDULED = "claimed", "sent", "skipped", "scheduled"
# Longer than the slowest post (15 s timeout, a few retries honouring Retry-After).
LEASE = timedelta(minutes=2)
# A released attempt looks ancient, so the next sweep may take it at once.
RELEASED_AT = datetime(2000, 1, 1, tzinfo=UTC)


def _insert(session: Session, values: dict[str, object]) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on either database; True when the row is new."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(Delivery).values(**values)
                 .on_conflict_do_nothing(index_elements=["key"]).returning(Delivery.id))
    return session.execute(statement).scalar_one_or_none() is not None


def claim(session: Session, *, key: str, duty: str, team_id: str, channel_id: str | None,
          due_at: datetime, now: datetime, status: str = CLAIMED, message_ts: str | None = None) -> bool:
    """Take a key; False when any sweep (this one earlier, another worker) already has it."""
    return _insert(session, {
        "key": key, "duty": duty, "team_id": team_id, "channel_id": channel_id, "status": status,
        "attempts": 0, "due_at": due_at, "claimed_at": now, "message_ts": message_ts,
    })


def skip(session: Session, *, key: str, duty: str, team_id: str, channel_id: str | None,
         due_at: datetime, now: datetime) -> bool:
    """Record a slot that will never be sent (missed beyond its grace window); False if already known."""
    return claim(session, key=key, duty=duty, team_id=team_id, channel_id=channel_id,
                 due_at=due_at, now=now, status=SKIPPED)


def begin_attempt(session: Session, *, key: str, now: datetime, lease: timedelta = LEASE) -> int | None:
    """Own the next posting attempt of a claimed key; returns the attempts made before, or None.

    None means: already sent or skipped, or another live attempt holds the lease. The guard on
    `attempts` makes this a compare-and-set, so of two workers only one wins.
    """
    row = session.execute(
        select(Delivery.status, Delivery.attempts, Delivery.claimed_at).where(Delivery.key == key)
    ).one_or_none()
    if row is None or row.status != CLAIMED:
        return None
    if row.attempts > 0 and row.claimed_at > now - lease:
        return None
    won = session.execute(
        update(Delivery)
        .where(Delivery.key == key, Delivery.status == CLAIMED, Delivery.attempts == row.attempts)
        .values(attempts=row.attempts + 1, claimed_at=now)
    ).rowcount
    return row.attempts if won == 1 else None


def mark_sent(session: Session, *, key: str, ts: str, now: datetime, channel_id: str | None = None) -> None:
    """Record the Slack message of a key; `channel_id` replaces a user id with the DM's channel."""
    values: dict[str, object] = {"status": SENT, "message_ts": ts, "sent_at": now}
    if channel_id:
        values["channel_id"] = channel_id
    session.execute(update(Delivery).where(Delivery.key == key).values(**values))


def release(session: Session, *, key: str) -> None:
    """Give up an attempt that certainly did not post (a 429, an error): the key stays claimed."""
    session.execute(
        update(Delivery).where(Delivery.key == key, Delivery.status == CLAIMED).values(claimed_at=RELEASED_AT)
    )


def finish_skipped(session: Session, *, key: str) -> None:
    """Close a claimed key whose message is no longer wanted (answered meanwhile, engagement paused)."""
    session.execute(update(Delivery).where(Delivery.key == key, Delivery.status == CLAIMED).values(status=SKIPPED))


class Known(NamedTuple):
    """What a sweep needs to know of a key the ledger holds."""

    key: str
    status: str
    message_ts: str | None


def known(session: Session, keys: Iterable[str]) -> dict[str, Known]:
    """The keys the ledger already holds, in one query.

    Plain tuples, not ORM rows: once the ledger is full, sweeps ask about tens of thousands of keys a
    tick (every check-in slot of the last two days, every engagement's weekly thank-you key), nearly
    all long sent, and a loaded `Delivery` costs ten times as much.
    """
    wanted = list(set(keys))
    if not wanted:
        return {}
    rows = session.execute(select(Delivery.key, Delivery.status, Delivery.message_ts)
                           .where(any_of(session, Delivery.key, wanted)))
    return {key: Known(key, status, ts) for key, status, ts in rows}


def get(session: Session, key: str) -> Delivery | None:
    """One ledger row by key."""
    return session.scalar(select(Delivery).where(Delivery.key == key))


def by_message(session: Session, *, duty: str, channel_id: str, ts: str) -> Delivery | None:
    """The delivery that posted a given Slack message (how a thread reply finds its prompt)."""
    return session.scalar(
        select(Delivery).where(Delivery.duty == duty, Delivery.channel_id == channel_id, Delivery.message_ts == ts)
    )


def stale_claims(session: Session, *, now: datetime, grace: Mapping[str, timedelta],
                 default: timedelta) -> list[Delivery]:
    """Keys still claimed past their duty's grace window (`grace` by duty, else `default`), oldest first.

    The windows are applied in the query: after Slack refused posts for a while, tens of thousands of
    claims may wait inside their windows, and loading them only to drop them cost ~25 MB a tick.
    """
    past = or_(*(and_(Delivery.duty == duty, Delivery.due_at < now - window) for duty, window in grace.items()),
               and_(Delivery.duty.not_in(list(grace)), Delivery.due_at < now - default))
    return list(session.scalars(select(Delivery).where(Delivery.status == CLAIMED, past).order_by(Delivery.due_at)))

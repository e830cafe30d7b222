"""The delivery ledger: every scheduled message is a row under a unique key, so it is posted once.

A sweep claims the key (INSERT, the unique constraint is the lock), then *begins an attempt*
(a compare-and-set on `attempts`) right before posting, and records the Slack `ts` after.
`attempts > 0` on a still-claimed row means an earlier attempt may have posted and then died,
so the next attempt must look for the message in Slack before posting again.

`claimed_at` is the process clock of the latest attempt (a lease), not the slot's time: a live
attempt is never taken over until its lease runs out. The caller owns the transaction.

A sweep with many messages works on many keys per statement (`claim_all`, `begin_attempts`,
`mark_all_sent`, `release_all`). Each takes its rows in key order, so two workers working on
overlapping sets at once lock the rows in one order and never deadlock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import NamedTuple, cast

from sqlalchemy import BindParameter, Table, Text, and_, bindparam, case, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from bot.db.filters import any_of, texts_of
from bot.db.models import Delivery
from bot.db.models.ledger import OPEN_PROMPTS
from bot.db.types import UtcDateTime

CLAIMED, SENT, SKIPPED, SCHEDULED = "claimed", "sent", "skipped", "scheduled"
# Longer than the slowest post (15 s timeout, a few retries honouring Retry-After).
LEASE = timedelta(minutes=2)
# A released attempt looks ancient, so the next sweep may take it at once.
RELEASED_AT = datetime(2000, 1, 1, tzinfo=UTC)
# Keys per IN list or per multi-row INSERT: far below SQLite's limit on bound parameters.
BATCH = 500
# Keys per query of `unsettled`: the keys go as one joined text, and again as the driver's copy of it (~60
# bytes a key each); 100,000 at once held 12 MB beside the sweep's own, at the top of the worker's memory.
UNSETTLED_CHUNK = 20_000
TABLE = cast(Table, Delivery.__table__)  # Core statements for many rows: no ORM bookkeeping per row


@dataclass(frozen=True)
class Entry:
    """A row to record under a key: what `claim` takes as keywords, for many keys at once."""

    key: str
    duty: str
    team_id: str
    channel_id: str | None
    due_at: datetime
    message_ts: str | None = None


# The statements a sweep runs once per few posts, built once: building one (and deriving its cache
# key) costs SQLAlchemy more than running it.
_KEYS: BindParameter[str] = bindparam("keys", expanding=True)
_BEGIN_ATTEMPTS = (
    update(TABLE)
    .where(TABLE.c.key.in_(_KEYS), TABLE.c.status == CLAIMED,
           or_(TABLE.c.attempts == 0, TABLE.c.claimed_at <= bindparam("cutoff", type_=UtcDateTime())))
    .values(attempts=TABLE.c.attempts + 1, claimed_at=bindparam("now", type_=UtcDateTime()),
            attempted_at=bindparam("wall", type_=UtcDateTime()))
    .returning(TABLE.c.key, TABLE.c.attempts)
)
# A user id that Slack's DM channel id replaces is kept as the recipient (see Delivery.recipient).
_RECIPIENT = case((TABLE.c.channel_id != bindparam("channel"), TABLE.c.channel_id), else_=TABLE.c.recipient)
_MARK_SENT = (update(TABLE).where(TABLE.c.key == bindparam("k"))
              .values(status=SENT, message_ts=bindparam("ts"), channel_id=bindparam("channel"),
                      recipient=_RECIPIENT, sent_at=bindparam("now", type_=UtcDateTime())))
# PostgreSQL: a round's posts recorded in one statement (three arrays unnested), not one UPDATE per post.
_SENT_ROWS = (func.unnest(bindparam("keys", type_=ARRAY(Text)), bindparam("channels", type_=ARRAY(Text)),
                          bindparam("tss", type_=ARRAY(Text)))
              .table_valued("k", "channel", "ts").render_derived())
_MARK_ALL_SENT = (update(TABLE).where(TABLE.c.key == _SENT_ROWS.c.k)
                  .values(status=SENT, message_ts=_SENT_ROWS.c.ts, channel_id=_SENT_ROWS.c.channel,
                          recipient=case((TABLE.c.channel_id != _SENT_ROWS.c.channel, TABLE.c.channel_id),
                                         else_=TABLE.c.recipient),
                          sent_at=bindparam("now", type_=UtcDateTime())))
# PostgreSQL: begin the attempts and return when each key's attempt before began, in one statement. The
# joined copy is the row as the statement's snapshot saw it, before the SET overwrote `attempted_at`.
_EARLIER = TABLE.alias()
_BEGIN_ATTEMPTS_SINCE = (
    _BEGIN_ATTEMPTS.where(_EARLIER.c.key == TABLE.c.key)
    .returning(_EARLIER.c.attempted_at)
)
_RELEASE = (update(TABLE).where(TABLE.c.key == bindparam("k"), TABLE.c.status == CLAIMED)
            .values(claimed_at=RELEASED_AT, last_error=bindparam("error")))


def batches(keys: Iterable[str]) -> Iterator[list[str]]:
    """Distinct keys in sorted batches of at most BATCH."""
    ordered = sorted(set(keys))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start:start + BATCH]


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


def schedule(session: Session, *, key: str, duty: str, team_id: str, channel_id: str, due_at: datetime,
             now: datetime, message_ts: str) -> None:
    """A message to send at `due_at` in `message_ts`'s thread (a snooze's nudge); scheduling it again moves it."""
    if not claim(session, key=key, duty=duty, team_id=team_id, channel_id=channel_id, due_at=due_at, now=now,
                 status=SCHEDULED, message_ts=message_ts):
        session.execute(update(Delivery).where(Delivery.key == key).values(due_at=due_at))


def scheduled_due(session: Session, *, duty: str, now: datetime, lookback: timedelta) -> list[Delivery]:
    """The duty's scheduled messages whose time has come within `lookback` (an older one is moot)."""
    return list(session.scalars(
        select(Delivery).where(Delivery.duty == duty, Delivery.status == SCHEDULED,
                               Delivery.due_at <= now, Delivery.due_at > now - lookback)
    ))


def claim_all(session: Session, entries: Iterable[Entry], *, now: datetime, status: str = CLAIMED) -> None:
    """Take many keys at once (INSERT ... ON CONFLICT DO NOTHING, in key order); keys already known stay as they are.

    The first entry of a key wins when one key comes twice (noise.take_all relies on it). Which keys
    were new is not returned: nobody needs it, and asking (RETURNING) doubles the cost.
    """
    rows: dict[str, list[dict[str, object]]] = {}
    for entry in entries:
        rows.setdefault(entry.key, []).append({
            "key": entry.key, "duty": entry.duty, "team_id": entry.team_id, "channel_id": entry.channel_id,
            "status": status, "attempts": 0, "due_at": entry.due_at, "claimed_at": now,
            "message_ts": entry.message_ts})
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(TABLE).on_conflict_do_nothing(index_elements=["key"])
    for batch in batches(rows):
        session.execute(statement, [row for key in batch for row in rows[key]])


def skip(session: Session, *, key: str, duty: str, team_id: str, channel_id: str | None,
         due_at: datetime, now: datetime) -> bool:
    """Record a slot that will never be sent (missed beyond its grace window); False if already known."""
    return claim(session, key=key, duty=duty, team_id=team_id, channel_id=channel_id,
                 due_at=due_at, now=now, status=SKIPPED)


def begin_attempt(session: Session, *, key: str, now: datetime, lease: timedelta = LEASE,
                  wall: datetime | None = None) -> int | None:
    """Own the next posting attempt of a claimed key; returns the attempts made before, or None.

    None means: already sent or skipped, or another live attempt holds the lease.
    """
    return begin_attempts(session, [key], now=now, lease=lease, wall=wall).get(key)


def begin_attempts(session: Session, keys: Iterable[str], *, now: datetime,
                   lease: timedelta = LEASE, wall: datetime | None = None) -> dict[str, int]:
    """Own the next posting attempt of many keys; {key: attempts made before} for the keys won.

    One UPDATE is the compare-and-set: a key is won while it is claimed and either never attempted
    or its last attempt's lease ran out. A worker racing for the same row waits for the other's
    commit, then finds the row no longer matching (`attempts` grew, the lease is fresh): one winner.
    `wall` (the wall clock, default now) is noted as the attempt's start: Slack stamps a post it
    makes with that clock, which the process clock `now` need not follow (see attempted_since).
    """
    won: dict[str, int] = {}
    stamp = wall or datetime.now(UTC)
    for batch in batches(keys):
        rows = session.execute(_BEGIN_ATTEMPTS, {"keys": batch, "cutoff": now - lease, "now": now,
                                                 "wall": stamp})
        won.update({key: attempts - 1 for key, attempts in rows})
    return won


def begin_attempts_since(session: Session, keys: Collection[str], *, now: datetime, lease: timedelta = LEASE,
                         wall: datetime | None = None) -> dict[str, tuple[int, datetime | None]]:
    """`begin_attempts`, with when each won key's attempt before began (`attempted_since`, read before it is
    overwritten): {key: (attempts made before, that attempt's start or None)}.

    What the lanes ask every round: PostgreSQL answers in one statement, where two cost a round trip
    more per few posts; SQLite, in the process, runs the two.
    """
    if session.get_bind().dialect.name != "postgresql":
        earlier = attempted_since(session, keys)
        won = begin_attempts(session, keys, now=now, lease=lease, wall=wall)
        return {key: (before, earlier.get(key)) for key, before in won.items()}
    found: dict[str, tuple[int, datetime | None]] = {}
    stamp = wall or datetime.now(UTC)
    for batch in batches(keys):
        rows = session.execute(_BEGIN_ATTEMPTS_SINCE, {"keys": batch, "cutoff": now - lease, "now": now,
                                                       "wall": stamp})
        found.update({key: (attempts - 1, at) for key, attempts, at in rows})
    return found


def attempted_since(session: Session, keys: Iterable[str]) -> dict[str, datetime]:
    """When the latest attempt of each key began (wall clock), for the keys attempted since 0013.

    Read before `begin_attempts` overwrites it: the next attempt looks for that attempt's post in
    Slack's history around this time.
    """
    found: dict[str, datetime] = {}
    for batch in batches(keys):
        rows = session.execute(select(TABLE.c.key, TABLE.c.attempted_at)
                               .where(TABLE.c.key.in_(batch), TABLE.c.attempted_at.is_not(None)))
        found.update({key: at for key, at in rows})
    return found


def restore_attempted(session: Session, since: Mapping[str, datetime]) -> None:
    """Put back the start of the attempt before, for keys whose latest attempt posted nothing.

    An attempt that never reached chat.postMessage (its look in Slack was throttled or undecided)
    cannot have posted; the post to look for is still the one of the attempt before it.
    """
    for key in sorted(since):
        session.execute(update(Delivery).where(Delivery.key == key, Delivery.status == CLAIMED)
                        .values(attempted_at=since[key]))


def mark_sent(session: Session, *, key: str, ts: str, now: datetime, channel_id: str | None = None) -> None:
    """Record the Slack message of a key; `channel_id` replaces a user id with the DM's channel."""
    values: dict[str, object] = {"status": SENT, "message_ts": ts, "sent_at": now}
    if channel_id:
        values["channel_id"] = channel_id
        values["recipient"] = case((Delivery.channel_id != channel_id, Delivery.channel_id),
                                   else_=Delivery.recipient)
    session.execute(update(Delivery).where(Delivery.key == key).values(**values))


def mark_all_sent(session: Session, sent: Sequence[tuple[str, str, str]], *, now: datetime) -> None:
    """Record many Slack messages at once: (key, channel id, ts) each, in key order (one statement on PostgreSQL)."""
    if not sent:
        return
    ordered = sorted(sent)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_MARK_ALL_SENT, {"keys": [key for key, _, _ in ordered], "now": now,
                                         "channels": [channel for _, channel, _ in ordered],
                                         "tss": [ts for _, _, ts in ordered]})
    else:
        session.execute(_MARK_SENT, [{"k": key, "channel": channel, "ts": ts, "now": now}
                                     for key, channel, ts in ordered])


def release(session: Session, *, key: str) -> None:
    """Give up an attempt that certainly did not post (a 429, an error): the key stays claimed."""
    session.execute(
        update(Delivery).where(Delivery.key == key, Delivery.status == CLAIMED).values(claimed_at=RELEASED_AT)
    )


def release_all(session: Session, keys: Iterable[str], *, errors: Mapping[str, str | None] | None = None) -> None:
    """`release` for many keys, in key order, noting Slack's error for those it refused (`errors`)."""
    rows = [{"k": key, "error": (errors or {}).get(key)} for key in sorted(set(keys))]
    if rows:
        session.execute(_RELEASE, rows)


def refused(session: Session, *, errors: Iterable[str], since: datetime) -> dict[str, set[str]]:
    """{channel id: its errors} of keys still claimed, due since `since`, that Slack refused with one of `errors`."""
    rows = session.execute(select(TABLE.c.channel_id, TABLE.c.last_error)
                           .where(TABLE.c.status == CLAIMED, TABLE.c.due_at >= since,
                                  TABLE.c.last_error.in_(sorted(errors)), TABLE.c.channel_id.is_not(None)))
    found: dict[str, set[str]] = {}
    for channel_id, error in rows:
        found.setdefault(channel_id, set()).add(error)
    return found


def finish_skipped(session: Session, *, key: str) -> None:
    """Close a claimed key whose message is no longer wanted (answered meanwhile, engagement paused)."""
    session.execute(update(Delivery).where(Delivery.key == key, Delivery.status == CLAIMED).values(status=SKIPPED))


def finish_all_skipped(session: Session, keys: Iterable[str]) -> None:
    """`finish_skipped` for many keys."""
    for batch in batches(keys):
        session.execute(update(TABLE).where(TABLE.c.key.in_(batch), TABLE.c.status == CLAIMED).values(status=SKIPPED))


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


def unsettled(session: Session, keys: Collection[str]) -> set[str]:
    """Those of `keys` the ledger does not hold past a claim (absent, or claimed: a crashed or refused attempt,
    as with `known`): the ones a sweep may still have to send, in a query per UNSETTLED_CHUNK keys.

    What a sweep asks of every engagement's key each tick (the week's thank-you nudge, the month's risk
    review), when nearly all are long sent: the database answers with the few still open instead of the
    100,000 it holds (17 MB of strings at the tick's peak, and a third of its time).
    """
    found: set[str] = set()
    given = iter(keys)  # a collection, not copied: 100,000 keys are 4 MB a set
    while chunk := list(islice(given, UNSETTLED_CHUNK)):
        values = texts_of(session, chunk)
        # A scalar subquery per key, not NOT EXISTS: PostgreSQL turns an anti-join of 100,000 keys into a hash of
        # the whole ledger (1.7 million rows after a month: 0.75-1.1 s), where probing the key index once per key
        # costs what the keys do (0.3 s), however long the ledger has grown.
        status = select(Delivery.status).where(Delivery.key == values.c.value).scalar_subquery()
        found.update(session.scalars(select(values.c.value).where(func.coalesce(status, CLAIMED) == CLAIMED)))
    return found


def close(session: Session, keys: Collection[str], *, now: datetime) -> None:
    """Record that nothing more hangs on these sent prompts (answered, or their owner told): the follow-ups
    stop reading them. Closing is once: a later close keeps the first instant."""
    if keys:
        session.execute(update(TABLE).where(any_of(session, Delivery.key, keys), TABLE.c.closed_at.is_(None))
                        .values(closed_at=now))


def close_aged(session: Session, *, before: datetime, now: datetime) -> None:
    """Close the open prompts due before `before`: the follow-ups look back no further, so nothing more can
    come of them (an engagement that ended or paused with prompts open). Keeps the index of open prompts
    to the look-back's."""
    session.execute(update(TABLE).where(text(OPEN_PROMPTS), TABLE.c.due_at < before).values(closed_at=now))


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

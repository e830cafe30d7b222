"""Several workers on one PostgreSQL split a run's deliveries by workspace instead of racing for every key.

Without a split, two `tandem jobs run` workers both claim every due key and fight over each
attempt: the ledger keeps it exactly once, but the second worker adds contention, not throughput.
With `ByWorkspace`, a worker takes one duty's messages for a workspace (team) only while it holds
that (duty, team) pair's advisory lock, taken with `pg_try_advisory_lock` on a connection of its
own: a pair another worker holds is left to it, so two workers post to different workspaces at once.
A batch's locks go when the next batch is asked for, which the lanes do once the batch is claimed
(jobs.lanes claims the next batch while one posts): the split is decided by who claims first, and
a worker that reaches a released pair later finds its keys claimed and begins only those no attempt
holds yet, the ledger's compare-and-set keeping each post single.
A lock is the session's: it goes when the worker releases it or when the worker dies (its
connection closes), so a dead worker never holds a workspace; what it left claimed the ledger's
lease and the next run settle, as before.

A pair released by one worker may still be taken by another whose run began earlier: that one finds
the keys already sent (the ledger's compare-and-set) and posts nothing. Reads are not split: every
worker decides what is due for every workspace (one set-based read), and only the posting, where the
time goes (Slack's per-channel pace, the network), is shared. On SQLite there is one worker's worth
of database: everything is delivered as before (`EVERYTHING`).
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from jobs.delivery import Outgoing

logger = logging.getLogger(__name__)

# Workspaces taken at once, counted in channels; a batch is released once it has been delivered. Each
# batch lasts as long as its busiest channel at Slack's pace (~2 s for five posts), whatever its size,
# so small batches serialise that wait: at 64 channels, Monday's 10,000 prompts over 2,000 channels
# took 32 waits (82 s, bench 6). 512 leaves a second worker whole batches to take in a Monday-sized run
# while costing a handful of waits.
BATCH_CHANNELS = 512


class Share(Protocol):
    """Which of a run's messages this worker delivers, in batches held while they are delivered."""

    def batches(self, items: Sequence[Outgoing]) -> Generator[list[Outgoing], None, None]:
        """The batches to deliver; each stays this worker's until the next one is asked for."""
        ...


class Everything:
    """A single worker (or SQLite): every item, in one batch."""

    def batches(self, items: Sequence[Outgoing]) -> Generator[list[Outgoing], None, None]:
        if items:
            yield list(items)


EVERYTHING = Everything()


def int4(value: str) -> int:
    """A stable signed 32-bit hash of `value` (advisory locks take two int4 keys)."""
    unsigned = zlib.crc32(value.encode())
    return unsigned - 2**32 if unsigned >= 2**31 else unsigned


class ByWorkspace:
    """PostgreSQL: deliver the (duty, team) groups whose advisory lock this worker gets (see the module)."""

    def __init__(self, engine: Engine, *, batch_channels: int = BATCH_CHANNELS) -> None:
        self.engine, self.batch_channels = engine, batch_channels

    def batches(self, items: Sequence[Outgoing]) -> Generator[list[Outgoing], None, None]:
        groups: dict[tuple[str, str], list[Outgoing]] = {}
        for item in items:
            groups.setdefault((item.duty, item.team_id), []).append(item)
        if not groups:
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            try:
                batch: list[Outgoing] = []
                channels: set[str] = set()
                left = 0
                for (duty, team), group in groups.items():
                    if not connection.execute(text("SELECT pg_try_advisory_lock(:duty, :team)"),
                                              {"duty": int4(duty), "team": int4(team)}).scalar():
                        left += len(group)
                        continue
                    batch += group
                    channels.update(item.channel for item in group)
                    if len(channels) >= self.batch_channels:
                        yield batch
                        connection.execute(text("SELECT pg_advisory_unlock_all()"))
                        batch, channels = [], set()
                if batch:
                    yield batch
                if left:
                    logger.debug("%d message(s) left to the workers that hold their workspaces", left)
            finally:
                # The connection goes back to the pool: its session locks must not go with it.
                connection.execute(text("SELECT pg_advisory_unlock_all()"))


def for_engine(engine: Engine) -> Share:
    """ByWorkspace on PostgreSQL, where several workers may share the database; else everything."""
    return ByWorkspace(engine) if engine.dialect.name == "postgresql" else EVERYTHING

"""The tail every sweep shares: hand over only items whose key is new or still claimed, post them at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import closing

from sqlalchemy.orm import Session

from bot.domain.delivery import ledger
from bot.slack.teams import installed, served
from jobs.context import SweepContext
from jobs.delivery import Outgoing, interleave
from jobs.lanes import deliver_all


def unsent(session: Session, items: Iterable[Outgoing]) -> list[Outgoing]:
    """Items not yet sent or skipped, read from the ledger in one query."""
    items = list(items)
    still_open = ledger.unsettled(session, [item.key for item in items])
    return [item for item in items if item.key in still_open]


def deliver(ctx: SweepContext, items: Iterable[Outgoing]) -> Iterator[Outgoing]:
    """Deliver each item once (the ledger decides), channels concurrently, each channel in order and paced;
    yields the items this run posted. Only this worker's share of them (jobs.share), batch by batch."""
    batches = ctx.share.batches(list(items))
    with closing(batches):  # the share's locks go as soon as the posting ends, however it ends
        yield from deliver_all(ctx.runtime, ctx.client, (interleave(batch, lambda i: i.channel) for batch in batches))


def send_all(ctx: SweepContext, items: Iterable[Outgoing]) -> Iterator[str]:
    """`deliver`, yielding the printed line of each message sent (in a dry run, of each that would be)."""
    if ctx.dry_run:  # what the run would send: not the messages of workspaces without an installation
        kept = served(ctx.client, items, lambda i: i.team_id, reach=installed)
        yield from (f"(dry run) {item.line}" for item in interleave(kept, lambda i: i.channel))
        return
    for item in deliver(ctx, items):
        yield item.line

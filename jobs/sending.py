"""The tail every sweep shares: hand over only items whose key is new or still claimed, post them at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain.delivery import ledger
from bot.runtime import Runtime
from jobs.delivery import Outgoing, interleave
from jobs.lanes import deliver_all


def unsent(session: Session, items: Iterable[Outgoing]) -> list[Outgoing]:
    """Items not yet sent or skipped, read from the ledger in one query."""
    items = list(items)
    known = ledger.known(session, [item.key for item in items])
    return [item for item in items if item.key not in known or known[item.key].status == ledger.CLAIMED]


def send_all(runtime: Runtime, client: WebClient, items: Iterable[Outgoing], dry_run: bool) -> Iterator[str]:
    """Deliver each item once (the ledger decides), channels concurrently, each channel in order and paced;
    yields the printed line of each message sent, in the order of `interleave`."""
    ordered = interleave(items, lambda i: i.channel)
    if dry_run:
        yield from (f"(dry run) {item.line}" for item in ordered)
        return
    for item in deliver_all(runtime, client, ordered):
        yield item.line

"""The tail every newer sweep shares: hand over only items whose key is new or still claimed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.domain import ledger
from bot.runtime import Runtime
from jobs.delivery import Outgoing, deliver, interleave


def unsent(session: Session, items: Iterable[Outgoing]) -> list[Outgoing]:
    """Items not yet sent or skipped, read from the ledger in one query."""
    items = list(items)
    known = ledger.known(session, [item.key for item in items])
    return [item for item in items if item.key not in known or known[item.key].status == ledger.CLAIMED]


def send_all(runtime: Runtime, client: WebClient, items: Iterable[Outgoing], dry_run: bool) -> Iterator[str]:
    """Deliver each item once (the ledger decides), yielding the printed line of each message sent."""
    for item in interleave(items, lambda i: i.channel):
        line = deliver(runtime, client, item, dry_run=dry_run)
        if line:
            yield line

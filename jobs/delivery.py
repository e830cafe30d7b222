"""Post one scheduled message exactly once: claim its key, post it tagged with the key, record the ts.

The domain ledger decides who may post; this module is the Slack side of it: it tags every post
with message metadata carrying the key, and before re-posting a key an earlier attempt may have
posted (the worker died between posting and recording) it looks for that tag in Slack first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db.session import transaction
from bot.domain import ledger, noise
from bot.runtime import Runtime

logger = logging.getLogger(__name__)

EVENT_TYPE = "tandem_delivery"
HISTORY_PAGES = 5
T = TypeVar("T")


@dataclass(frozen=True)
class Outgoing:
    """A message a sweep wants posted: its ledger key, where it goes, and what it says."""

    key: str
    duty: str
    team_id: str
    channel: str  # a channel id, or a user id for a direct message
    due_at: datetime
    payload: dict[str, Any] = field(hash=False)
    summary: str = ""
    thread_ts: str | None = None
    # Messages to a contractor count against their daily cap (see bot.domain.noise).
    cap: noise.Cap | None = None

    @property
    def line(self) -> str:
        """The one line `tandem jobs run-due` prints for this message."""
        where = f"{self.channel} thread {self.thread_ts}" if self.thread_ts else self.channel
        return f"{self.duty} {self.key} -> {where}: {self.summary}".rstrip(": ")


def deliver(runtime: Runtime, client: WebClient, item: Outgoing, *, dry_run: bool) -> str | None:
    """Post `item` unless its key was already posted or is being posted; the printed line, or None.

    Sweeps only hand over items whose key is new or still claimed; a dry run records nothing.
    """
    if dry_run:
        return f"(dry run) {item.line}"
    clock = runtime.clock()
    with transaction(runtime.sessions) as session:
        if item.cap is not None and not noise.take_or_drop(
                session, item.cap, key=item.key, duty=item.duty, team_id=item.team_id, channel_id=item.channel,
                due_at=item.due_at, now=clock):
            return None
        ledger.claim(session, key=item.key, duty=item.duty, team_id=item.team_id, channel_id=item.channel,
                     due_at=item.due_at, now=clock)
    with transaction(runtime.sessions) as session:
        before = ledger.begin_attempt(session, key=item.key, now=clock)
    outcome = attempt(runtime, client, item, before) if before is not None else None
    if outcome is None:
        return None
    (channel, ts), found = outcome
    with transaction(runtime.sessions) as session:
        ledger.mark_sent(session, key=item.key, ts=ts, now=runtime.clock(), channel_id=channel)
    if found:
        logger.info("%s was already posted (ts %s) by an attempt that died; recorded it", item.key, ts)
        return None
    return item.line


def attempt(runtime: Runtime, client: WebClient, item: Outgoing, before: int) -> tuple[tuple[str, str], bool] | None:
    """Post (or, after an earlier attempt, first look for) the message: ((channel, ts), found), or None."""
    try:
        found = find_posted(client, item) if before > 0 else None
        return found or post(client, item), found is not None
    except SlackApiError as error:
        with transaction(runtime.sessions) as session:
            ledger.release(session, key=item.key)
        status = getattr(error.response, "status_code", None)
        logger.warning("%s not posted (%s, HTTP %s); the key stays claimed for the next sweep",
                       item.key, error.response.get("error"), status)
        return None
    except Exception:
        # Timeouts and dropped connections may hide a post that happened: keep the lease, so the
        # next attempt (after it runs out) looks in Slack before posting again.
        logger.exception("%s: posting failed; will retry after the lease", item.key)
        return None


def interleave(items: Iterable[T], channel_of: Callable[[T], str]) -> list[T]:
    """Round-robin over channels, keeping each channel's order: Slack allows ~1 post/s per channel,
    so a burst spread across channels is not throttled the way consecutive posts to one are."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(channel_of(item), []).append(item)
    gap = object()
    return [item for row in zip_longest(*groups.values(), fillvalue=gap) for item in row if item is not gap]


def post(client: WebClient, item: Outgoing) -> tuple[str, str]:
    """Post the message tagged with its key; returns (channel id, ts)."""
    response = client.chat_postMessage(
        channel=item.channel, thread_ts=item.thread_ts,
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": item.key}}, **item.payload,
    )
    return response["channel"], response["ts"]


def find_posted(client: WebClient, item: Outgoing) -> tuple[str, str] | None:
    """(channel, ts) of a message already tagged with the item's key, searching recent history."""
    channel = item.channel
    if channel[:1] in ("U", "W"):
        channel = client.conversations_open(users=channel)["channel"]["id"]
    cursor = None
    for _ in range(HISTORY_PAGES):
        if item.thread_ts:
            page = client.conversations_replies(channel=channel, ts=item.thread_ts, cursor=cursor,
                                                include_all_metadata=True, limit=200)
        else:
            page = client.conversations_history(channel=channel, cursor=cursor, include_all_metadata=True, limit=200)
        for message in page.get("messages", []):
            if tagged_with(message, item.key):
                return channel, message["ts"]
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return None
    return None


def tagged_with(message: dict[str, Any], key: str) -> bool:
    """Whether a Slack message carries Tandem's delivery metadata for `key`."""
    metadata = message.get("metadata") or {}
    return metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key

"""Post scheduled messages exactly once: claim their keys, post each tagged with its key, record the ts.

The domain ledger decides who may post; this module is the Slack side of it: it tags every post
with message metadata carrying the key, and before re-posting a key an earlier attempt may have
posted (the worker died between posting and recording) it looks for that tag in Slack first.
jobs.lanes runs the attempts, many channels at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db.session import transaction
from bot.domain.delivery import ledger
from bot.domain.schedule import noise
from bot.runtime import Runtime
from bot.slack.teams import team_client

logger = logging.getLogger(__name__)

EVENT_TYPE = "tandem_delivery"
# Slack's 2025 tier for apps outside the Marketplace: conversations.history/replies answer at most
# 15 messages a page and one call a minute per method. Recovery reads one page, no more.
HISTORY_PAGE = 15
# Around the earlier attempt's start: our clock against Slack's, and a post's own latency before it.
MARGIN = timedelta(minutes=1)
# An attempt that waited this long for a thread (jobs.lanes.AHEAD) is given up unposted: its lease has
# to outlast the post itself (15 s timeout, a few retries: under a minute), or another worker could take
# the key over. It waits for one post at most, so this is a backstop, not a limit reached in practice.
STALE_START = ledger.LEASE.total_seconds() / 2
T = TypeVar("T")


@dataclass(frozen=True)
class Outgoing:
    """A message a sweep wants posted: its ledger key, where it goes, and what it says."""

    key: str
    duty: str
    team_id: str
    channel: str  # a channel id, or a user id for a direct message
    due_at: datetime
    payload: Mapping[str, Any] = field(hash=False)  # a dict, or a Deferred built when posted
    summary: str = ""
    thread_ts: str | None = None
    # Messages to a contractor count against their daily cap (see bot.domain.schedule.noise).
    cap: noise.Cap | None = None

    @property
    def entry(self) -> ledger.Entry:
        """What the ledger records under the item's key."""
        return ledger.Entry(self.key, self.duty, self.team_id, self.channel, self.due_at)

    @property
    def line(self) -> str:
        """The one line `tandem jobs run-due` prints for this message."""
        where = f"{self.channel} thread {self.thread_ts}" if self.thread_ts else self.channel
        return f"{self.duty} {self.key} -> {where}: {self.summary}".rstrip(": ")


def claim(runtime: Runtime, items: Sequence[Outgoing]) -> list[Outgoing]:
    """Claim every item's key in one transaction, spending cap rows first; the items that may be posted.

    Capped items the day has no room for are closed as skipped. Claiming posts nothing, so a crash
    after it leaves keys that a later sweep simply offers again (or stale_claims closes).
    """
    clock = runtime.clock()
    capped = [(item.cap, item.entry) for item in items if item.cap is not None]
    with transaction(runtime.sessions) as session:
        allowed = noise.take_or_drop_all(session, capped, now=clock) if capped else set()
        kept = [item for item in items if item.cap is None or item.key in allowed]
        ledger.claim_all(session, [item.entry for item in kept], now=clock)
    return kept


@dataclass(frozen=True)
class Attempt:
    """What one attempt to post an item came to; the conductor records it in the ledger."""

    posted: tuple[str, str] | None = None  # (channel id, ts) of the item's message in Slack
    found: bool = False  # posted by an earlier attempt that died, found by its tag
    release: bool = False  # Slack refused it: certainly not posted, the key may be tried again
    retry_after: float | None = None  # Slack's Retry-After when a 429 outlasted the client's retries
    error: str | None = None  # Slack's error code when it refused the post (e.g. not_in_channel)
    answered_at: float | None = None  # when chat.postMessage returned or failed (monotonic); None: not called


class Undecided(Exception):
    """The history page around an earlier attempt was full: Slack may hold its post further back."""


def attempt(client: WebClient, item: Outgoing, before: int, since: datetime | None = None,
            begun: float | None = None) -> Attempt:
    """Post the item (after an earlier attempt, first look for it in Slack); runs in a pool thread.

    `since`: when the earlier attempt began (wall clock), where its post would be in the history.
    A look that Slack throttles or that cannot decide releases the key for a later tick: nothing is
    posted without having looked. `begun`: when this attempt began in the ledger (monotonic); one
    that waited longer than STALE_START for its thread is released unposted.
    """
    if begun is not None and time.monotonic() - begun > STALE_START:
        logger.warning("%s waited %.0f s for a thread; deferred to keep its lease", item.key, time.monotonic() - begun)
        return Attempt(release=True)
    posting = False
    client = team_client(client, item.team_id) or client  # OAuth mode: the item's own workspace's token
    try:
        found = find_posted(client, item, since) if before > 0 else None
        if found:
            return Attempt(posted=found, found=True)
        posting = True
        return Attempt(posted=post(client, item), answered_at=time.monotonic())
    except SlackApiError as error:
        status = getattr(error.response, "status_code", None)
        logger.warning("%s not posted (%s, HTTP %s); the key stays claimed for the next sweep",
                       item.key, error.response.get("error"), status)
        return Attempt(release=True, retry_after=retry_after(error) if status == 429 else None,
                       error=None if status == 429 else str(error.response.get("error") or "")[:64] or None,
                       answered_at=time.monotonic() if posting else None)
    except Undecided:
        logger.warning("%s: an earlier attempt's post may be further back than one page; deferred", item.key)
        return Attempt(release=True)
    except Exception:
        # Timeouts and dropped connections may hide a post that happened: keep the lease, so the
        # next attempt (after it runs out) looks in Slack before posting again.
        logger.exception("%s: posting failed; will retry after the lease", item.key)
        return Attempt(answered_at=time.monotonic() if posting else None)


def retry_after(error: SlackApiError) -> float:
    """The seconds a 429 asks us to wait (one when Slack says nothing usable)."""
    try:
        return max(0.0, float((error.response.headers or {}).get("Retry-After") or 1))
    except (TypeError, ValueError):
        return 1.0


def interleave(items: Iterable[T], channel_of: Callable[[T], str]) -> list[T]:
    """Round-robin over channels, keeping each channel's order: Slack allows ~1 post/s per channel,
    so a burst spread across channels is not throttled the way consecutive posts to one are."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(channel_of(item), []).append(item)
    queues = list(groups.values())
    return [queue[i] for i in range(max(map(len, queues), default=0)) for queue in queues if i < len(queue)]


def post(client: WebClient, item: Outgoing) -> tuple[str, str]:
    """Post the message tagged with its key; returns (channel id, ts)."""
    response = client.chat_postMessage(
        channel=item.channel, thread_ts=item.thread_ts,
        metadata={"event_type": EVENT_TYPE, "event_payload": {"key": item.key}}, **item.payload,
    )
    return response["channel"], response["ts"]


def find_posted(client: WebClient, item: Outgoing, since: datetime | None = None) -> tuple[str, str] | None:
    """(channel, ts) of a message already tagged with the item's key, from one page of history.

    One read of at most HISTORY_PAGE messages, as Slack's history tier allows: those posted from the
    earlier attempt's start (`since`, less a margin) to its lease's end, or the newest ones when the
    start is unknown. A 429 comes back as SlackApiError; a full page without the tag (more messages
    in that window than one page holds) raises Undecided. Either way the caller must not post.
    """
    channel = item.channel
    if channel[:1] in ("U", "W"):
        channel = client.conversations_open(users=channel)["channel"]["id"]
    window: dict[str, Any] = {}
    if since is not None:
        window = {"oldest": f"{(since - MARGIN).timestamp():.6f}",
                  "latest": f"{(since + ledger.LEASE + MARGIN).timestamp():.6f}", "inclusive": True}
    if item.thread_ts:
        page = client.conversations_replies(channel=channel, ts=item.thread_ts, include_all_metadata=True,
                                            limit=HISTORY_PAGE, **window)
    else:
        page = client.conversations_history(channel=channel, include_all_metadata=True, limit=HISTORY_PAGE,
                                            **window)
    messages: list[dict[str, Any]] = page.get("messages", [])
    for message in messages:
        if tagged_with(message, item.key):
            return channel, message["ts"]
    if page.get("has_more"):
        raise Undecided(item.key)
    return None


def tagged_with(message: dict[str, Any], key: str) -> bool:
    """Whether a Slack message carries Tandem's delivery metadata for `key`."""
    metadata = message.get("metadata") or {}
    return metadata.get("event_type") == EVENT_TYPE and (metadata.get("event_payload") or {}).get("key") == key

"""Posting a sweep's messages many channels at once: overlap, each channel in order and paced, exactly once.

The real ledger on SQLite and PostgreSQL, the bot's WebClient, the Slack emulator (slowed down,
rate limited or failing on purpose); the items are plain Outgoing messages, as every sweep hands over.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.domain.delivery import ledger
from bot.domain.schedule import noise
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime, SlackPace
from bot.slack.client import BriefRateLimitRetryHandler
from jobs.context import start as tick
from jobs.delivery import Outgoing, interleave
from jobs.sending import send_all, unsent
from jobs.share import ByWorkspace

DUE = datetime(2027, 3, 1, tzinfo=UTC)
UNPACED = SlackPace(per_channel_per_sec=1000.0, burst=1000)


def outgoing(channels: int, per_channel: int, cap: noise.Cap | None = None) -> list[Outgoing]:
    """`per_channel` messages to each of `channels` channels, channel by channel (the worst order to post in)."""
    return [Outgoing(key=f"test:{c}:{n}", duty="test", team_id="T1", channel=f"C0L{c:04d}", due_at=DUE,
                     payload={"text": f"message {n}"}, summary=f"message {n}", cap=cap)
            for c in range(channels) for n in range(per_channel)]


def open_channels(emulator: SlackEmulator, count: int) -> None:
    for c in range(count):
        emulator.add_channel(f"C0L{c:04d}", name=f"lane-{c}", members=[])


def posted(emulator: SlackEmulator) -> Counter[str]:
    """How often each key reached Slack (successful chat.postMessage calls)."""
    keys: Counter[str] = Counter()
    for call in emulator.calls_to("chat.postMessage"):
        metadata = call.args["metadata"]
        metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
        keys[metadata["event_payload"]["key"]] += call.ok
    return keys


def statuses(runtime: Runtime, items: list[Outgoing]) -> Counter[str]:
    with runtime.sessions() as session:
        return Counter(row.status for row in ledger.known(session, [i.key for i in items]).values())


def sweep(runtime: Runtime, client: WebClient, items: list[Outgoing]) -> list[str]:
    with runtime.sessions() as session:
        return list(send_all(tick(runtime, client, now=runtime.clock()), unsent(session, items)))


def test_posts_to_different_channels_overlap_so_a_slow_slack_costs_one_wait_not_eight(runtime, client, emulator):
    open_channels(emulator, 8)
    emulator.set_fault_rate(1.0, seed=1, kinds=("slow",))  # every call answers after 1 to 2 seconds
    started = time.monotonic()
    lines = sweep(runtime, client, outgoing(8, 1))
    elapsed = time.monotonic() - started
    assert len(lines) == 8 and statuses(runtime, outgoing(8, 1)) == {"sent": 8}
    assert elapsed < 4.0, f"{elapsed:.1f} s: posted one after another (at least 8 s) rather than side by side"


def test_each_channel_gets_its_messages_in_order_paced_so_that_slack_refuses_none(runtime, client, emulator):
    open_channels(emulator, 4)
    emulator.enforce_rate_limits(per_channel_per_sec=5, burst=2)
    runtime.pace = SlackPace(per_channel_per_sec=5, burst=2)
    items = outgoing(4, 5)
    lines = sweep(runtime, client, items)
    assert [c.status for c in emulator.calls_to("chat.postMessage") if not c.ok] == []
    for c in range(4):
        assert [m["text"] for m in emulator.messages(f"C0L{c:04d}")] == [f"message {n}" for n in range(5)]
    assert lines == [item.line for item in interleave(items, lambda i: i.channel)]  # printed in a stable order
    assert statuses(runtime, items) == {"sent": 20}


def test_without_pacing_the_same_sweep_meets_429s_and_honours_them(runtime, client, emulator):
    """The counterpart of the test above: what the pacer spares Slack (and us: a second per refusal)."""
    open_channels(emulator, 2)
    emulator.enforce_rate_limits(per_channel_per_sec=5, burst=2)
    runtime.pace = UNPACED
    items = outgoing(2, 4)
    for _ in range(3):
        sweep(runtime, client, items)
    assert any(c.status == 429 for c in emulator.calls_to("chat.postMessage"))
    assert posted(emulator) == {item.key: 1 for item in items}


def test_random_faults_and_timeouts_never_double_or_lose_a_message(runtime, emulator, clock):
    """429s, 5xx and slow answers on every Web API call; a client that gives up after 0.5 s, so some
    posts land in Slack unseen by us: those keys keep their lease and are looked for before any repost."""
    open_channels(emulator, 8)
    emulator.set_fault_rate(0.25, seed=11, kinds=("429", "500", "slow"))
    client = WebClient(token="xoxb-test", base_url=emulator.api_url, timeout=0.5, retry_handlers=[
        BriefRateLimitRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)])
    items = outgoing(8, 3)
    lines: list[str] = []
    for _ in range(15):
        lines += sweep(runtime, client, items)
        if statuses(runtime, items) == {"sent": 24}:
            break
        clock.now += ledger.LEASE + timedelta(seconds=1)  # the leases of unanswered posts run out
    assert statuses(runtime, items) == {"sent": 24}
    assert posted(emulator) == {item.key: 1 for item in items}
    assert len(lines) == len(set(lines)) <= 24  # a post found by its tag later is recorded, not printed twice
    assert any(not c.ok for c in emulator.calls), "the emulator injected no faults"


def test_a_sweep_abandoned_midway_records_its_posts_in_flight_and_the_next_posts_the_rest_once(
        runtime, client, emulator):
    open_channels(emulator, 8)
    runtime.pace = UNPACED
    items = outgoing(8, 4)
    lines = send_all(tick(runtime, client, now=runtime.clock()), items)
    next(lines)
    lines.close()
    done = posted(emulator)
    with runtime.sessions() as session:
        rows = {i.key: row for i in items if (row := ledger.get(session, i.key)) is not None}
    assert {key: rows[key].status for key in done} == {key: "sent" for key in done}  # in flight, still recorded
    assert [k for k, row in rows.items() if row.status == "claimed" and row.attempts] == []  # nothing left unsure
    sweep(runtime, client, items)
    assert posted(emulator) == {item.key: 1 for item in items}


def test_two_workers_sending_the_same_sweep_at_once_post_every_message_once(runtime, emulator):
    from bot.slack.app import make_client

    open_channels(emulator, 6)
    runtime.pace = UNPACED
    items = outgoing(6, 5)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: list(send_all(tick(runtime, make_client(runtime), now=runtime.clock()),
                                                        items)), range(2)))
    assert sorted(results[0] + results[1]) == sorted(item.line for item in items)
    assert posted(emulator) == {item.key: 1 for item in items}


def test_a_contractors_cap_is_spent_in_the_sweeps_order_although_channels_post_at_once(runtime, client, emulator):
    open_channels(emulator, 3)
    cap = noise.Cap(contractor_id=7, day=date(2027, 3, 1))
    items = outgoing(3, 1, cap=cap)  # three capped messages (prompts never drop), one day: the third drops
    lines = sweep(runtime, client, items)
    assert lines == [items[0].line, items[1].line]
    with runtime.sessions() as session:
        assert ledger.get(session, items[2].key).status == "skipped"
    assert posted(emulator) == {items[0].key: 1, items[1].key: 1}


def test_an_attempt_that_waited_too_long_for_a_thread_posts_nothing_and_gives_its_key_back(client, emulator):
    """Attempts are begun a little ahead of a free thread (jobs.lanes.AHEAD); one whose wait ate into its
    lease must not post, or another worker taking the key over at the lease's end could post it too."""
    from jobs.delivery import STALE_START, attempt

    open_channels(emulator, 1)
    item = outgoing(1, 1)[0]
    late = attempt(client, item, 0, None, begun=time.monotonic() - STALE_START - 1)
    assert (late.release, late.posted, late.answered_at) == (True, None, None)
    assert emulator.calls_to("chat.postMessage") == []
    in_time = attempt(client, item, 0, None, begun=time.monotonic())
    assert in_time.posted is not None and posted(emulator) == {item.key: 1}


def test_the_next_batch_posts_while_the_batch_before_waits_for_its_channels_pace(runtime, client, emulator):
    """A batch's last posts wait for Slack's pace in their channels; the threads post the next batch meanwhile
    instead of standing idle until the last of them has gone. Batches are the share's, on PostgreSQL (ByWorkspace:
    a workspace's messages at a time); SQLite's one worker delivers everything in one batch."""
    if runtime.engine.dialect.name != "postgresql":
        pytest.skip("batches exist only where several workers share PostgreSQL")
    open_channels(emulator, 2)
    emulator.enforce_rate_limits(per_channel_per_sec=2, burst=1)
    runtime.pace = SlackPace(per_channel_per_sec=2, burst=1)  # the first channel's three posts span >= 1 s
    items = outgoing(2, 3)
    # Three posts to the first workspace's channel; one to a second workspace's, a batch of its own.
    first, second = items[:3], [replace(items[3], team_id="T2")]
    share = ByWorkspace(runtime.engine, batch_channels=1)
    lines = list(send_all(tick(runtime, client, now=runtime.clock(), share=share), first + second))
    at = {call.args["channel"] + ":" + call.args["text"]: call.at for call in emulator.calls_to("chat.postMessage")
          if call.ok}
    assert sorted(lines) == sorted(i.line for i in first + second)
    assert at["C0L0000:message 2"] - at["C0L0000:message 0"] >= 0.9  # paced as Slack asks
    assert at["C0L0001:message 0"] < at["C0L0000:message 1"], "the second batch waited for the first one's pace"
    assert posted(emulator) == {item.key: 1 for item in first + second}

"""Delivery recovery under Slack's 2025 history tier (15 messages a page, one read a minute per method).

An earlier attempt posted and died before recording it. The next attempt must find that post with
one small page of history around the earlier attempt's start (its key is in the message metadata),
defer when Slack throttles the read or when one page cannot tell, and never post twice.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient

from bot.domain.delivery import ledger
from bot.emulator.server import SlackEmulator
from jobs.delivery import EVENT_TYPE, HISTORY_PAGE, Outgoing, claim
from tests.jobs.test_lanes import UNPACED, open_channels, posted, statuses, sweep

CHANNEL = "C0L0000"
DUE = datetime(2027, 3, 1, tzinfo=UTC)


def item(n: int = 0) -> Outgoing:
    return Outgoing(key=f"tier:{n}", duty="test", team_id="T1", channel=CHANNEL, due_at=DUE,
                    payload={"text": f"due message {n}"}, summary="due")


def stamp(emulator: SlackEmulator, ts: str, at: float) -> str:
    """Move a stored message to another time (history written before the test started)."""
    with emulator.workspace.lock:
        message = emulator.workspace.find_message(CHANNEL, ts)
        assert message is not None
        message["ts"] = f"{at:.6f}"
        return message["ts"]


def died_after_posting(runtime, client: WebClient, emulator: SlackEmulator, clock, *, minutes_ago: float,
                       older: int = 30, newer: int = 20) -> str:
    """The ledger holds an attempt begun `minutes_ago` whose post reached Slack but was never recorded;
    `older` messages an hour before it and `newer` ones after it, outside its lease."""
    entry = item()
    claim(runtime, [entry])
    began = time.time() - minutes_ago * 60
    with runtime.sessions() as session, session.begin():
        assert ledger.begin_attempt(session, key=entry.key, now=clock(),
                                    wall=datetime.fromtimestamp(began, UTC)) == 0
    tagged = client.chat_postMessage(channel=CHANNEL, text="due message 0",
                                     metadata={"event_type": EVENT_TYPE, "event_payload": {"key": entry.key}})
    ts = stamp(emulator, tagged["ts"], began + 2)
    for n in range(older):
        stamp(emulator, client.chat_postMessage(channel=CHANNEL, text=f"old {n}")["ts"], began - 3600 + n)
    for n in range(newer):
        client.chat_postMessage(channel=CHANNEL, text=f"later {n}")  # now: after the attempt's lease
    clock.now += ledger.LEASE + timedelta(seconds=1)
    emulator.reset_calls()
    return ts


def test_the_earlier_post_is_found_with_one_read_of_at_most_15(runtime, client, emulator, clock) -> None:
    open_channels(emulator, 1)
    runtime.pace = UNPACED
    ts = died_after_posting(runtime, client, emulator, clock, minutes_ago=10)
    assert sweep(runtime, client, [item()]) == []  # found, recorded, not posted (nor printed) again
    assert posted(emulator) == {}
    reads = emulator.calls_to("conversations.history")
    assert len(reads) == 1 and reads[0].ok and int(reads[0].args["limit"]) <= HISTORY_PAGE
    assert float(reads[0].args["oldest"]) <= float(ts) <= float(reads[0].args["latest"])
    with runtime.sessions() as session:
        row = ledger.get(session, item().key)
        assert (row.status, row.message_ts) == ("sent", ts)


def test_a_throttled_read_defers_the_key_and_a_later_tick_finds_the_post(runtime, client, emulator,
                                                                       clock) -> None:
    open_channels(emulator, 1)
    runtime.pace = UNPACED
    ts = died_after_posting(runtime, client, emulator, clock, minutes_ago=10)
    client.conversations_history(channel=CHANNEL, limit=1)  # someone spent this minute's read
    assert sweep(runtime, client, [item()]) == []
    assert [c.status for c in emulator.calls_to("conversations.history")][-1] == 429
    assert posted(emulator) == {} and statuses(runtime, [item()]) == {"claimed": 1}
    clock.now += timedelta(minutes=1)  # the next tick: the tier's minute has passed too
    assert sweep(runtime, client, [item()]) == []
    assert posted(emulator) == {}
    with runtime.sessions() as session:
        assert ledger.get(session, item().key).message_ts == ts


def test_a_page_too_full_to_tell_posts_nothing(runtime, client, emulator, clock) -> None:
    open_channels(emulator, 1)
    runtime.pace = UNPACED
    # The earlier attempt began just now: 20 messages since then fill its window beyond one page,
    # and its own post is missing from the newest 15 (it is not there at all: Slack refused it silently).
    died_after_posting(runtime, client, emulator, clock, minutes_ago=0, older=0, newer=20)
    with emulator.workspace.lock:
        emulator.workspace.messages[CHANNEL] = [m for m in emulator.workspace.messages[CHANNEL]
                                               if not m.get("metadata")]
    assert sweep(runtime, client, [item()]) == []
    assert posted(emulator) == {} and statuses(runtime, [item()]) == {"claimed": 1}

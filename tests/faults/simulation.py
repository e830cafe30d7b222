"""A simulated stretch of time: engagements in the database, every sweep run at each step, keys counted."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, time, timedelta

from slack_sdk import WebClient

from bot.db.session import transaction
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime, SlackPace
from jobs import run_due
from tests.support.duties import Clock, engagement, person

OWNER = "U0OWNER"


def add_contractors(runtime: Runtime, emulator: SlackEmulator, count: int) -> None:
    """`count` Manila contractors (no holiday calendar), each with a Mon-Fri 10:00 engagement in its own channel."""
    owner = person(OWNER, "Europe/London")
    with transaction(runtime.sessions) as session:
        session.add(owner)
        for index in range(count):
            user, channel = f"U0S{index:04d}", f"C0S{index:04d}"
            emulator.add_user(user, real_name=f"Contractor {index}", tz="Asia/Manila")
            emulator.add_channel(channel, name=f"soak-{index}", members=[OWNER, user])
            item = engagement(person(user, "Asia/Manila"), owner, days="12345", at=time(10), sla_hours=4,
                              channel_id=channel, start_on=date(2027, 1, 1))
            item.id = None  # type: ignore[assignment]
            session.add(item)


def simulate(runtime: Runtime, client: WebClient, clock: Clock, start: datetime, end: datetime,
             step: timedelta) -> None:
    """Run every sweep at each step from start to end inclusive, the process clock following.

    A simulated week passes in seconds, so Slack's per-channel pace (real seconds between posts to
    one channel) is lifted as the clock is sped up: this emulator enforces no rate limit, and the
    twenty owner alerts of a morning would otherwise wait 17 real seconds for one DM.
    """
    runtime.pace = SlackPace(per_channel_per_sec=1000.0, burst=1000)
    now = start
    while now <= end:
        clock.now = now
        for _ in run_due(runtime, client, now=now):
            pass
        now += step


def posted_keys(emulator: SlackEmulator) -> Counter[str]:
    """How often each delivery key reached Slack (successful chat.postMessage calls only)."""
    keys: Counter[str] = Counter()
    for call in emulator.calls_to("chat.postMessage"):
        if not call.ok:
            continue
        metadata = call.args.get("metadata")
        metadata = json.loads(metadata) if isinstance(metadata, str) else metadata or {}
        if key := (metadata.get("event_payload") or {}).get("key"):
            keys[key] += 1
    return keys

"""Benchmark 3: how close a real sweep comes to Slack's per-channel rate limit, losing and doubling nothing.

1,000 check-in prompts due at one instant over 200 channels (five each, consecutive engagements
sharing a channel: the worst order for a serial sender). The emulator allows `per_sec` posts a
second per channel after a burst, and answers 429 + Retry-After beyond. The best any sender can
do is the time the limiter needs for the busiest channel; the share is that time over ours.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime

from bench.common import TOKEN, database, emulator, table
from bench.seed import Shape
from bot.config import Settings
from bot.runtime import Runtime
from bot.slack.app import make_client
from jobs import checkin_prompts

NOW = datetime(2027, 3, 8, 10, 0, tzinfo=UTC)


def run(kind: str, messages: int = 1000, channels: int = 200, per_sec: float = 1.0,
        burst: int = 3) -> tuple[str, dict[str, float]]:
    shape = Shape(engagements=messages, due=messages, channels=channels, workspaces=1, owners_per_workspace=5,
                  tasks_per_engagement=0, start_on=NOW.date())
    with database(kind, shape) as url, emulator() as emu:
        for c in range(channels):
            emu.add_channel(f"C{c:07d}", name=f"project-{c}", members=[])
        emu.enforce_rate_limits(per_channel_per_sec=per_sec, burst=burst)
        runtime = Runtime.build(Settings(slack_bot_token=TOKEN, database_url=url, slack_api_url=emu.api_url),
                                clock=lambda: NOW)
        try:
            started = time.perf_counter()
            sent = list(checkin_prompts.sweep(runtime, make_client(runtime), NOW, False))
            elapsed = time.perf_counter() - started
        finally:
            runtime.engine.dispose()
        calls = emu.calls_to("chat.postMessage")
    keys = Counter(json.loads(c.args["metadata"])["event_payload"]["key"] if isinstance(c.args.get("metadata"), str)
                   else c.args["metadata"]["event_payload"]["key"] for c in calls if c.ok)
    per_channel = messages / channels
    ideal = max(0.0, (per_channel - burst) / per_sec)
    share = ideal / elapsed if elapsed else 0.0
    lost, doubled = messages - len(keys), sum(1 for n in keys.values() if n > 1)
    rejected = sum(1 for c in calls if c.status == 429)
    text = table(f"3. delivery rate ({kind}): {messages} prompts over {channels} channels, limit {per_sec:g}/s per "
                 f"channel, burst {burst}",
                 ["sweep s", "limiter's best s", "share of allowed rate", "posted", "429s", "lost", "doubled"],
                 [[elapsed, ideal, f"{share:.0%}", len(keys), rejected, lost, doubled]])
    verdict = "met" if share >= 0.9 else "MISSED"
    text += f"\nshare {share:.0%} (target >= 90%: {verdict}); lost {lost}, doubled {doubled}"
    return text, {"seconds": elapsed, "share": share, "lost": lost, "doubled": doubled, "429s": rejected,
                  "messages_sent": len(sent)}

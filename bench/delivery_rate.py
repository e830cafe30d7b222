"""Benchmark 3: how close a real sweep comes to Slack's per-channel rate limit, losing and doubling nothing.

1,000 check-in prompts due at one instant over 200 channels (five each, consecutive engagements
sharing a channel: the worst order for a serial sender). The emulator allows `per_sec` posts a
second per channel after a burst, and answers 429 + Retry-After beyond. Two bounds, both for the
busiest channel: the limiter's best (the burst at once, then `per_sec`: 2.0 s for 5 posts, burst 3)
and the sustained rate alone (5.0 s); each share is that time over the sweep's, from its start
(reading the engagements, claiming the keys) to its last post recorded.

The emulator runs in its own process (bot.emulator.process), as Slack is a remote service; the
same sweep against an emulator inside the benchmark's process, sharing its interpreter lock, is
measured too for comparison.
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
from bot.slack.client import make_client
from jobs import checkin_prompts
from jobs.context import start as tick

NOW = datetime(2027, 3, 8, 10, 0, tzinfo=UTC)


def run(kind: str, messages: int = 1000, channels: int = 200, per_sec: float = 1.0,
        burst: int = 3) -> tuple[str, dict[str, float]]:
    per_channel = messages / channels
    best, sustained = max(0.0, (per_channel - burst) / per_sec), per_channel / per_sec
    rows, figures = [], {}
    for own_process in (True, False):
        measured = measure(kind, messages, channels, per_sec, burst, own_process)
        measured |= {"share": best / measured["seconds"], "sustained_share": sustained / measured["seconds"]}
        figures = figures or measured  # the headline: emulator in its own process
        rows.append(["own process" if own_process else "benchmark's process", measured["seconds"],
                     measured["before_first_post"], measured["posting"], best, f"{measured['share']:.0%}",
                     sustained, f"{measured['sustained_share']:.0%}", int(measured["posted"]),
                     int(measured["429s"]), int(measured["lost"]), int(measured["doubled"])])
    text = table(f"3. delivery rate ({kind}): {messages} prompts over {channels} channels, limit {per_sec:g}/s per "
                 f"channel, burst {burst}",
                 ["emulator in", "sweep s", "before 1st post s", "1st to last post s", "limiter's best s", "share",
                  "sustained rate s", "share", "posted", "429s", "lost", "doubled"], rows)
    verdict = "met" if figures["share"] >= 0.9 else "MISSED"
    text += (f"\nshare of the limiter's best {figures['share']:.0%} (target >= 90%: {verdict}), of the sustained "
             f"rate {figures['sustained_share']:.0%}; lost {int(figures['lost'])}, doubled {int(figures['doubled'])}")
    return text, figures


def measure(kind: str, messages: int, channels: int, per_sec: float, burst: int,
            own_process: bool) -> dict[str, float]:
    """One sweep on a freshly seeded database; its times and what the emulator saw."""
    shape = Shape(engagements=messages, due=messages, channels=channels, workspaces=1, owners_per_workspace=5,
                  tasks_per_engagement=0, start_on=NOW.date())
    with database(kind, shape) as url, emulator(own_process) as emu:
        for c in range(channels):
            emu.add_channel(f"C{c:07d}", name=f"project-{c}", members=[])
        emu.enforce_rate_limits(per_channel_per_sec=per_sec, burst=burst)
        runtime = Runtime.build(Settings(slack_bot_token=TOKEN, database_url=url, slack_api_url=emu.api_url),
                                clock=lambda: NOW)
        try:
            wall, started = time.time(), time.perf_counter()
            sent = list(checkin_prompts.sweep(tick(runtime, make_client(runtime, for_deliveries=True), now=NOW)))
            elapsed = time.perf_counter() - started
        finally:
            runtime.engine.dispose()
        calls = emu.calls_to("chat.postMessage")
    keys = Counter(json.loads(c.args["metadata"])["event_payload"]["key"] if isinstance(c.args.get("metadata"), str)
                   else c.args["metadata"]["event_payload"]["key"] for c in calls if c.ok)
    answered = sorted(c.at for c in calls if c.ok) or [wall]
    return {"seconds": elapsed, "before_first_post": answered[0] - wall, "posting": answered[-1] - answered[0],
            "posted": len(keys), "429s": sum(1 for c in calls if c.status == 429), "lost": messages - len(keys),
            "doubled": sum(1 for n in keys.values() if n > 1), "messages_sent": len(sent)}

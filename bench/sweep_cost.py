"""Benchmark 2: what a dry-run sweep costs, in time and SQL statements, at 1,000 and 10,000 engagements.

The statement count is the scaling test: a sweep that reads per engagement (N+1) grows with the
table, one that reads in sets does not. Time still grows with the rows each statement returns, so
the per-sweep figures show where it goes; they are taken inside one tick, as `run_due` runs them,
where the first sweep that needs the active engagements reads them for all (`jobs.context.SweepContext.active`).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from slack_sdk import WebClient
from sqlalchemy import event

from bench.common import database, table
from bench.seed import Shape
from bot.config import Settings
from bot.runtime import Runtime
from jobs import DUTIES, checkin_prompts, run_due
from jobs.context import start

NOW = datetime(2027, 3, 8, 10, 0, tzinfo=UTC)  # 10:00 UTC: the "due" engagements' slot


def measure(url: str, due: int) -> dict[str, float]:
    """Time and statements of the check-in sweep alone and of all sweeps, both dry runs, after a warm-up."""
    runtime = Runtime.build(Settings(slack_bot_token="xoxb-bench", database_url=url), clock=lambda: NOW)
    client = WebClient(token="xoxb-bench", base_url="http://127.0.0.1:9/api/")
    statements = [0]
    event.listen(runtime.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
    figures: dict[str, float] = {}
    try:
        list(run_due(runtime, client, now=NOW, dry_run=True))  # warm-up: connections, imports, caches
        for name, sweep in (("checkin_prompts", lambda: checkin_prompts.sweep(start(runtime, client, now=NOW,
                                                                                      dry_run=True))),
                            ("all sweeps", lambda: run_due(runtime, client, now=NOW, dry_run=True))):
            statements[0] = 0
            started = time.perf_counter()
            lines = list(sweep())
            figures[f"{name} ms"] = (time.perf_counter() - started) * 1000
            figures[f"{name} statements"] = statements[0]
            figures[f"{name} due"] = sum(1 for line in lines if "checkin_prompt" in line)
        ctx = start(runtime, client, now=NOW, dry_run=True)
        for sweep in (sweep for duty in DUTIES for sweep in duty.sweeps):  # which duty grows, if any
            statements[0], started = 0, time.perf_counter()
            list(sweep(ctx))
            name = sweep.__module__.rsplit(".", 1)[-1]
            figures[f"{name} per-sweep ms"] = (time.perf_counter() - started) * 1000
            figures[f"{name} per-sweep statements"] = statements[0]
    finally:
        runtime.engine.dispose()
    assert figures["checkin_prompts due"] == due, figures
    return figures


def run(kind: str, sizes: tuple[int, ...]) -> tuple[str, dict[str, float]]:
    """1,000 engagements due at NOW among `size`, for each size."""
    rows, results = [], {}
    for size in sizes:
        due = min(1000, size // 10 if size < 1000 else 1000)
        with database(kind, Shape(engagements=size, due=due)) as url:
            figures = measure(url, due)
        results[size] = figures
        rows.append([size, due, figures["checkin_prompts ms"], int(figures["checkin_prompts statements"]),
                     figures["all sweeps ms"], int(figures["all sweeps statements"])])
    small, large = results[sizes[0]], results[sizes[-1]]
    text = table(f"2. sweep cost (dry run, {kind})",
                 ["engagements", "due", "check-in sweep ms", "statements", "all sweeps ms", "statements"], rows)
    grew = {name: large[f"{name} statements"] - small[f"{name} statements"]
            for name in ("checkin_prompts", "all sweeps")}
    text += (f"\nstatements {sizes[-1]} vs {sizes[0]}: check-in sweep {large['checkin_prompts statements']:.0f}/"
             f"{small['checkin_prompts statements']:.0f}, all sweeps {large['all sweeps statements']:.0f}/"
             f"{small['all sweeps statements']:.0f} (target: no growth: "
             f"{'met' if not any(grew.values()) else 'MISSED'}); time ratio "
             f"{large['all sweeps ms'] / small['all sweeps ms']:.1f}x for {sizes[-1] // sizes[0]}x the engagements")
    growing = [k.split()[0] for k in large if k.endswith("per-sweep statements") and large[k] > small[k]]
    text += f"\nsweeps whose statement count grows: {', '.join(growing) or 'none'}"
    slowest = sorted((k for k in large if k.endswith("per-sweep ms")), key=large.get, reverse=True)[:3]
    text += f"\nslowest sweeps at {sizes[-1]}: " + ", ".join(f"{k.split()[0]} {large[k]:.0f} ms" for k in slowest)
    flat = {f"{k} @{s}": v for s, f in results.items() for k, v in f.items()}
    return text, {"grew": float(sum(grew.values())), **flat}

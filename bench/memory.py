"""Benchmark 4: peak resident memory of `tandem serve` (serving) and `tandem jobs run` (one tick)."""

from __future__ import annotations

import time
import urllib.request

from bench.common import peak_rss_mb, python, start, stop, table, tandem_env
from bench.latency import fire, requests_for
from bench.seed import Shape
from bot.emulator.server import SlackEmulator
from tests.support.postgres import free_port

TARGET_MB = 150.0
TICK_WAIT = 75.0  # `tandem jobs run` sweeps every minute, first a minute after start


def run(url: str, emu: SlackEmulator, shape: Shape, workers: int, threads: int,
        wait_for_tick: bool) -> tuple[str, dict[str, float]]:
    """Serve 1,000 commands and sweep once, then read each process's VmHWM."""
    env, rows, figures = tandem_env(url, emu), [], {}
    port = free_port()
    serve = start(python("-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
                         "--threads", str(threads), "--no-scheduler"), env, f"http://127.0.0.1:{port}/healthz")
    try:
        fire(port, requests_for(shape, 1000, seed=7), 32)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
            pass
        peaks = peak_rss_mb(serve.pid)
    finally:
        stop(serve)
    rows.append(["tandem serve (master)", peaks.pop(serve.pid), "-"])
    for pid, mb in peaks.items():
        rows.append([f"tandem serve (worker {pid})", mb, "1,000 commands"])
    figures["serve"] = max(row[1] for row in rows)
    if wait_for_tick:
        worker = start(python("-m", "bot", "jobs", "run"), env)
        label, command = "tandem jobs run", "one scheduler tick (all sweeps)"
        time.sleep(TICK_WAIT)
    else:
        worker = start(python("-m", "bot", "jobs", "run-due", "--dry-run"), env)
        label, command = "tandem jobs run-due --dry-run", "all sweeps once (quick mode)"
    try:
        while worker.poll() is None and not wait_for_tick:
            peak = peak_rss_mb(worker.pid)[worker.pid]  # read before it exits
            time.sleep(0.05)
        if wait_for_tick:
            peak = peak_rss_mb(worker.pid)[worker.pid]
    finally:
        stop(worker)
    rows.append([label, peak, command])
    figures["jobs"] = peak
    text = table(f"4. peak RSS, {shape.engagements} engagements", ["process", "peak RSS MB", "work done"], rows)
    text += (f"\nserve {figures['serve']:.0f} MB, jobs {figures['jobs']:.0f} MB (target < {TARGET_MB:.0f} MB each: "
             f"{'met' if max(figures.values()) < TARGET_MB else 'MISSED'})")
    return text, figures

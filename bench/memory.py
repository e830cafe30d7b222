"""Benchmark 4: peak resident memory of `tandem serve` (serving) and `tandem jobs run` (one tick).

The worker's figure is its peak over the whole first tick: the tick runs a minute after start and,
on a freshly seeded database, has every engagement's feedback prompt, thank-you nudge and risk
review to send (30,000 messages, and the digests on a Monday), which takes minutes. The emulator
knows the seeded people and channels (`seed_emulator`), so the posts are delivered, as in Slack. The peak 75 s
after start, what this benchmark read before, is kept beside it for comparison: it catches the
tick early on and missed its real peak.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import peak_rss_mb, python, start, stop, table, tandem_env
from bench.latency import fire, requests_for
from bench.seed import Shape, seed_emulator
from bot.emulator.server import SlackEmulator
from tests.support.postgres import free_port

TARGET_MB = 150.0
EARLY = 75.0  # seconds after start: the figure this benchmark used to read (the first tick starts at 60 s)
TICK_LIMIT = 900.0  # give up waiting for the first tick to end after this long (the peak so far is reported)
# APScheduler logs these at INFO when a run of the job ends.
TICK_ENDED = ('" executed successfully', '" raised an exception')


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
    seed_emulator(emu, shape)
    posts_before = len(emu.calls_to("chat.postMessage"))
    if wait_for_tick:
        early, peak, seconds, ended = worker_tick(env)
        posts = emu.calls_to("chat.postMessage")[posts_before:]
        delivered = sum(call.ok for call in posts)
        rows.append([f"tandem jobs run, {EARLY:.0f} s after start", early, "the first tick, under way"])
        rows.append(["tandem jobs run, whole first tick", peak,
                     f"one tick (all sweeps), {seconds:.0f} s, {delivered:,} posts delivered, "
                     f"{len(posts) - delivered:,} refused"
                     + ("" if ended else f" (STILL RUNNING after {TICK_LIMIT:.0f} s: peak so far)")])
        figures["jobs early"], figures["tick s"] = early, seconds
    else:
        peak, seconds = dry_run_once(env)
        rows.append(["tandem jobs run-due --dry-run", peak, f"all sweeps once (quick mode), {seconds:.1f} s"])
    figures["jobs"] = peak
    text = table(f"4. peak RSS, {shape.engagements} engagements", ["process", "peak RSS MB", "work done"], rows)
    text += (f"\nserve {figures['serve']:.0f} MB, jobs {figures['jobs']:.0f} MB (target < {TARGET_MB:.0f} MB each: "
             f"{'met' if max(figures['serve'], figures['jobs']) < TARGET_MB else 'MISSED'})")
    return text, figures


def worker_tick(env: dict[str, str]) -> tuple[float, float, float, bool]:
    """Run `tandem jobs run` through its first tick: (peak at EARLY, peak at the tick's end, tick seconds, ended)."""
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as root:
        log = Path(root) / "worker.log"
        with log.open("wb") as sink:
            worker = subprocess.Popen(python("-m", "bot", "jobs", "run"), env=env | {"LOG_LEVEL": "INFO"},
                                      stdout=subprocess.DEVNULL, stderr=sink)
        started, early, began, ended = time.monotonic(), None, None, False
        try:
            with log.open("r", errors="replace") as lines:
                partial = ""
                while time.monotonic() - started < TICK_LIMIT and worker.poll() is None and not ended:
                    time.sleep(0.5)
                    peak = peak_rss_mb(worker.pid)[worker.pid]
                    if early is None and time.monotonic() - started >= EARLY:
                        early = peak
                    *complete, partial = (partial + lines.read()).split("\n")  # what was written since
                    for line in complete:
                        if began is None and 'Running job "' in line:
                            began = time.monotonic()
                        ended = ended or any(mark in line for mark in TICK_ENDED)
            peak = peak_rss_mb(worker.pid)[worker.pid]
        finally:
            stop(worker)
        return (early if early is not None else peak, peak,
                time.monotonic() - (began or started), ended)


def dry_run_once(env: dict[str, str]) -> tuple[float, float]:
    """`tandem jobs run-due --dry-run` to the end: its peak RSS and its seconds.

    VmHWM is read while it runs (it only grows, so the last reading holds the peak unless a new one
    comes in the last 20 ms). Not ru_maxrss from wait4: a forked child's counts the parent's resident
    set at the fork, and this process holds the seeded rows.
    """
    started = time.monotonic()
    worker = subprocess.Popen(python("-m", "bot", "jobs", "run-due", "--dry-run"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while worker.poll() is None:
        try:
            peak = max(peak, peak_rss_mb(worker.pid)[worker.pid])
        except (FileNotFoundError, KeyError):  # exited between poll() and the read
            break
        time.sleep(0.02)
    if worker.wait():
        raise RuntimeError(f"tandem jobs run-due --dry-run exited with {worker.returncode}")
    return peak, time.monotonic() - started

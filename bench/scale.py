"""Issue 15's scale benchmarks on PostgreSQL: 1,000 workspaces x 100 engagements.

- `scale`: a tick (the real `jobs.run_due`, in this process, for a fixed instant, not a dry run)
  when nothing is due, at 10,000 and at 100,000 engagements; target < 5 s at 100,000 and growth no
  worse than linear.
- `monday`: Monday 09:00 in one zone, 10,000 check-in prompts due at once (five of a workspace's
  engagements to a channel), delivered by `tandem jobs run-due --now` to the emulator in its own
  process with Slack's per-channel limits; none lost or doubled (the emulator's posts per key and per
  channel against the ledger), the time and rate against the per-channel bound, and the peak RSS of
  every process (target < 200 MB each).
- `workers`: the same due set delivered by one and by two `tandem jobs run-due --now` workers on one
  PostgreSQL; the wall time of each and the speed-up, with the cores it had.

"Nothing due" is a steady state, not an empty one: every engagement is active and its owner at work,
and the ledger holds what the ticks before would have recorded (`prime`): each message due at the
instant as sent, and every check-in prompt of the last two weeks as sent and answered (a month of use,
as the follow-ups and every reader of check-ins see it). The keys are taken from a dry run of the same
tick (every message it would send), so the state follows the duties as they change.
A dry run after priming must find nothing due (or exactly the zone's prompts, for `monday`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import create_engine, event, inspect, select, text

import jobs
from bench.common import TOKEN, emulator, peak_rss_mb, python, table, tandem_env
from bench.latency import analyze
from bench.seed import Shape, channel_of, insert_all, seed
from bot.config import Settings
from bot.db import migrate
from bot.db.models import Checkin, Delivery
from bot.db.session import make_engine
from bot.domain.delivery import ledger
from bot.domain.schedule import slots
from bot.runtime import Runtime
from bot.slack.client import make_client
from jobs.delivery import Outgoing, interleave, post
from jobs.lanes import WORKERS

# Monday 8 March 2027, 09:00 in Europe/Berlin (CET, UTC+1): the zone's contractors' check-in time.
MONDAY = datetime(2027, 3, 8, 8, 0, tzinfo=UTC)
ZONE = "Europe/Berlin"
TICK_TARGET_S, RSS_TARGET_MB = 5.0, 200.0
PER_SEC, BURST, PER_CHANNEL = 1.0, 3, 5  # Slack's chat.postMessage pace per channel; prompts per channel
HISTORY = timedelta(days=14)  # the ledger's look-back of sent check-in prompts (jobs.followups.LOOKBACK)
ANSWERED_AFTER = timedelta(hours=1)
NOWHERE = "http://127.0.0.1:9/api/"  # a Slack nobody answers: a tick with nothing due must not call it


def shape_for(engagements: int, in_zone: int) -> Shape:
    """100 engagements per workspace (1,000 workspaces at 100,000), ten owners each, the first
    `in_zone` engagements' contractors in ZONE (ten of them per workspace at full size)."""
    return Shape(engagements=engagements, workspaces=engagements // 100, owners_per_workspace=10,
                 in_zone=in_zone, zone=ZONE, zone_per_channel=PER_CHANNEL)


@dataclass
class Server:
    """The private PostgreSQL server: fresh databases and copies of them (CREATE DATABASE ... TEMPLATE)."""

    url: str
    made: list[str] = field(default_factory=list)

    def database(self, template: str | None = None) -> str:
        name = f"b_{uuid.uuid4().hex[:12]}"
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                clause = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
                connection.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        finally:
            engine.dispose()
        self.made.append(name)
        return self.url.rsplit("/", 1)[0] + "/" + name

    def drop(self, url: str) -> None:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"'))
        finally:
            engine.dispose()


@contextmanager
def postgres() -> Iterator[Server]:
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        yield Server(url)


def runtime_for(url: str, now: datetime, api_url: str = NOWHERE) -> Runtime:
    return Runtime.build(Settings(slack_bot_token=TOKEN, database_url=url, slack_api_url=api_url),
                         clock=lambda: now)


def seeded(server: Server, shape: Shape) -> tuple[str, float]:
    """A migrated database with `shape` seeded (COPY), analysed; its URL and the seconds the seeding took."""
    url = server.database()
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        seed(engine, shape)
    finally:
        engine.dispose()
    seconds = time.perf_counter() - started
    analyze(url)
    return url, seconds


def due_at(url: str, now: datetime) -> list[Outgoing]:
    """Every message a dry run of the tick at `now` would send (each printed line is an Outgoing's `line`)."""
    captured: list[Outgoing] = []
    original = Outgoing.line

    def line(item: Outgoing) -> str:
        captured.append(item)
        return original.fget(item)  # type: ignore[attr-defined, no-any-return]

    runtime = runtime_for(url, now)
    Outgoing.line = property(line)  # type: ignore[assignment, method-assign]
    try:
        printed = list(jobs.run_due(runtime, WebClient(token=TOKEN, base_url=NOWHERE), now=now, dry_run=True))
    finally:
        Outgoing.line = original  # type: ignore[method-assign]
        runtime.engine.dispose()
    assert len(printed) == len(captured), (len(printed), len(captured))
    return captured


def prime(url: str, now: datetime, spare: Callable[[Outgoing], bool] = lambda _: False) -> dict[str, int]:
    """Record what the ticks before `now` would have: every message due at `now` as sent (but those
    `spare` leaves due), every check-in slot of the last two weeks as prompted and answered. Repeated
    until a dry run finds nothing more (a duty may come due only once another's key is recorded)."""
    counts: Counter[str] = Counter()
    runtime = runtime_for(url, now)
    try:
        with runtime.sessions() as session:
            active = _load_active(session)
            answered = slots.slots_in(active, now - HISTORY, now - slots.GRACE)
    finally:
        runtime.engine.dispose()
    counts["sent and answered (the last two weeks' prompts)"] = _answer(url, active, answered, now)
    rows: list[dict[str, Any]] = []
    for _ in range(4):
        items = [item for item in due_at(url, now) if not spare(item)]
        if not items:
            break
        rows += [_row(i.key, i.duty, i.team_id, i.channel, i.due_at, now, ledger.SENT) for i in items]
        counts.update(f"sent ({i.duty})" for i in items)
        _insert(url, rows)
        rows = []
    else:
        raise RuntimeError(f"priming {url} did not converge: {dict(counts)}")
    _insert(url, rows)
    _mark(url, now - timedelta(minutes=1))
    analyze(url)
    return dict(counts)


def _answer(url: str, active: list[Any], history: list[slots.Slot], now: datetime) -> int:
    """A month of use in the ledger: every check-in slot of the last two weeks prompted (sent) and answered
    the same day (a check-in an hour after the prompt), as a diligent contractor does. The follow-ups'
    look-back spans these prompts, and every sweep that reads check-ins reads these. Where the schema
    records that nothing more hangs on a prompt (deliveries.closed_at, since 0022), they are closed, as the
    follow-ups of the ticks before would have left them."""
    by_id = {e.id: e for e in active}
    engine = make_engine(url)
    try:
        closes = "closed_at" in {c["name"] for c in inspect(engine).get_columns("deliveries")}
        for start in range(0, len(history), 100_000):
            chunk = history[start:start + 100_000]
            deliveries, checkins = [], []
            for s in chunk:
                engagement = by_id[s.engagement_id]
                row = _row(s.key, slots.DUTY, engagement.team_id, engagement.channel_id, s.due_at, now, ledger.SENT)
                if closes:
                    row["closed_at"] = s.due_at + ANSWERED_AFTER
                deliveries.append(row)
                checkins.append(_checkin(engagement, s, s.due_at + ANSWERED_AFTER))
            with engine.begin() as connection:
                insert_all(connection, Delivery, deliveries)
                insert_all(connection, Checkin, checkins)
    finally:
        engine.dispose()
    return len(history)


def _checkin(engagement: Any, slot: slots.Slot, at: datetime) -> dict[str, Any]:
    """An on-track check-in answering the slot's prompt from its form."""
    return {"engagement_id": engagement.id, "author_id": engagement.contractor.person_id,
            "local_date": slot.local_date, "status": "on_track", "progress": 50, "done": "the day's work",
            "next": "more of it", "blockers": "", "minutes_worked": 480, "asked_at": slot.due_at,
            "answered_at": at, "source": "form", "blocker_resolved_at": None, "blocker_resolved_by": None,
            "message_ts": None, "thread_ts": None, "created_at": at, "updated_at": at}


def _mark(url: str, through: datetime) -> None:
    """The check-in sweep's mark as the tick a minute before `now` leaves it (its missed slots all recorded),
    where the schema has one (sweep_marks, since 0021)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if inspect(connection).has_table("sweep_marks"):
                connection.execute(text("INSERT INTO sweep_marks (sweep, done_through) VALUES (:s, :t)"),
                                   {"s": slots.DUTY, "t": through.replace(tzinfo=None)})
    finally:
        engine.dispose()


def _load_active(session: Any) -> Any:
    """The tick's read of the active engagements, wherever it lives (bot.domain.duties, or jobs.snapshot)."""
    try:
        from bot.domain.duties import load_active
    except ImportError:
        from jobs.snapshot import load as load_active  # type: ignore[no-redef]
    return load_active(session)


def _row(key: str, duty: str, team_id: str, channel: str, due: datetime, now: datetime,
         status: str) -> dict[str, Any]:
    sent = status == ledger.SENT
    at = min(due, now)
    return {"key": key, "duty": duty, "team_id": team_id, "channel_id": channel, "status": status,
            "message_ts": f"{at.timestamp():.6f}" if sent else None, "attempts": int(sent), "due_at": due,
            "claimed_at": at, "sent_at": at if sent else None, "last_error": None, "recipient": None,
            "attempted_at": at if sent else None}


def _insert(url: str, rows: list[dict[str, Any]]) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            insert_all(connection, Delivery, rows)
    finally:
        engine.dispose()


def tick(url: str, now: datetime) -> dict[str, Any]:
    """Time the real tick at `now` (not a dry run) twice in this process: cold (the worker's first tick:
    connections, statement caches) and warm (every tick after it); statements and per-sweep times of the
    warm one. Nothing is due, so any line printed is a failure of the benchmark's state."""
    runtime = runtime_for(url, now)
    client = WebClient(token=TOKEN, base_url=NOWHERE)
    statements = [0]
    event.listen(runtime.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
    spent: Counter[str] = Counter()
    figures: dict[str, Any] = {}
    try:
        for run in ("cold", "warm"):
            statements[0] = 0
            with _timed_sweeps(spent):
                started = time.perf_counter()
                lines = list(jobs.run_due(runtime, client, now=now))
                figures[f"{run} s"] = time.perf_counter() - started
            figures[f"{run} statements"], figures[f"{run} lines"] = statements[0], len(lines)
            if run == "cold":
                spent.clear()
    finally:
        runtime.engine.dispose()
    figures["slowest"] = spent.most_common(4)
    return figures


@contextmanager
def _timed_sweeps(spent: Counter[str]) -> Iterator[None]:
    """Wrap each sweep run_due runs in turn (jobs.SWEEPS, or the sweeps of jobs.schedule.DUTIES) to add up
    where the tick's time goes; neither found: no breakdown."""
    sweeps = getattr(jobs, "SWEEPS", None)
    schedule = sys.modules.get("jobs.schedule")
    if not isinstance(sweeps, list) and schedule is None:
        yield
        return

    def timed(sweep: Any) -> Any:
        name = sweep.__module__.rsplit(".", 1)[-1]

        def run(*args: Any, **kwargs: Any) -> Iterator[str]:
            started = time.perf_counter()
            try:
                yield from sweep(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return run

    if isinstance(sweeps, list):
        original = list(sweeps)
        sweeps[:] = [timed(s) for s in original]
        try:
            yield
        finally:
            sweeps[:] = original
        return
    duties_then = schedule.DUTIES  # type: ignore[union-attr]
    schedule.DUTIES = tuple(replace(d, sweeps=tuple(timed(s) for s in d.sweeps)) for d in duties_then)  # type: ignore[union-attr]
    try:
        yield
    finally:
        schedule.DUTIES = duties_then  # type: ignore[union-attr]


def deliver(server: Server, template: str, emu: Any, shape: Shape, workers: int, now: datetime) -> dict[str, Any]:
    """`workers` x `tandem jobs run-due --now` at once on a copy of `template`: wall time, what the emulator
    received against the ledger, and every process's peak RSS."""
    url = server.database(template)
    emu.reset_calls()
    env = tandem_env(url, emu)
    peaks: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="tandem-bench-") as root:
        outs = [Path(root) / f"worker{n}.out" for n in range(workers)]
        emulator_cpu, machine = _cpu_seconds(emu.pid), _machine()
        wall, started = time.time(), time.perf_counter()
        processes = []
        for out in outs:
            with out.open("wb") as sink:
                processes.append(subprocess.Popen(python("-m", "bot", "jobs", "run-due", "--now", now.isoformat()),
                                                  env=env, stdout=sink, stderr=subprocess.STDOUT))
        ended: dict[int, float] = {}
        cpu: dict[str, float] = {}
        while len(ended) < len(processes):
            for n, process in enumerate(processes):
                if n in ended:
                    continue
                reaped, status, usage = os.wait4(process.pid, os.WNOHANG)
                if reaped:  # reaped here for its CPU time: tell Popen how it ended
                    process.returncode = os.waitstatus_to_exitcode(status)
                    ended[n] = time.perf_counter() - started
                    cpu[f"worker {n + 1}"] = usage.ru_utime + usage.ru_stime
                    continue
                try:
                    peaks[f"worker {n + 1}"] = max(peaks.get(f"worker {n + 1}", 0.0),
                                                   peak_rss_mb(process.pid)[process.pid])
                except (FileNotFoundError, KeyError, ProcessLookupError):
                    pass
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        cpu["emulator"] = _cpu_seconds(emu.pid) - emulator_cpu
        busy = _busy(machine, _machine())
        failed = [n for n, p in enumerate(processes) if p.returncode]
        printed = [sum(1 for line in out.read_text(errors="replace").splitlines() if "check-in prompt" in line)
                   for out in outs]
        if failed:
            raise RuntimeError(f"worker(s) {failed} failed: " + outs[failed[0]].read_text(errors="replace")[-2000:])
    calls = emu.calls_to("chat.postMessage")
    if emu.pid:
        peaks["emulator"] = peak_rss_mb(emu.pid)[emu.pid]
    posted = [c for c in calls if c.ok]
    keys = Counter(_key(c.args) for c in posted)
    channels = Counter(c.args.get("channel") for c in posted)
    expected = {slots.key_for(i + 1, now.astimezone(_zone()).date()) for i in range(shape.in_zone)}
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            sent = set(connection.execute(select(Delivery.key).where(
                Delivery.duty == slots.DUTY, Delivery.status == ledger.SENT, Delivery.due_at == now)).scalars())
    finally:
        engine.dispose()
    server.drop(url)
    stamps = sorted(c.at for c in posted) or [wall]
    return {
        "workers": workers, "seconds": seconds, "ended": sorted(ended.values()), "printed": printed,
        "before_first_post": stamps[0] - wall, "posting": stamps[-1] - stamps[0], "posted": len(keys),
        "calls": len(calls), "429s": sum(1 for c in calls if c.status == 429),
        "lost": len(expected - set(keys)), "doubled": sum(1 for n in keys.values() if n > 1),
        "unexpected": len(set(keys) - expected), "ledger_sent": len(sent), "ledger_mismatch": len(sent ^ set(keys)),
        "busiest_channel": max(channels.values(), default=0), "channels": len(channels),
        "fastest_channel_gap": _fastest(posted), "peaks": peaks, "cpu": cpu, "busy": busy,
    }


def floor(url: str, emu: Any, items: list[Outgoing], threads: int = WORKERS) -> dict[str, float]:
    """The same posts made by slack-sdk's WebClient alone: Tandem's client for deliveries, the payloads built
    beforehand, `threads` at once, round-robin over the channels; no ledger, no reads, no pacing of ours.
    What this machine allows before any of Tandem's work, against which Monday's pace can be read: the
    emulator's per-channel limit is lifted meanwhile, so only the cores and the tools set the rate."""
    runtime = runtime_for(url, MONDAY, emu.api_url)
    client = make_client(runtime, for_deliveries=True)
    built = [replace(item, payload=dict(item.payload)) for item in interleave(items, lambda i: i.channel)]
    emu.reset_calls()
    emu.enforce_rate_limits(None)
    cpu, started = _cpu_seconds(emu.pid), time.perf_counter()
    try:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda item: post(client, item), built))
    finally:
        runtime.engine.dispose()
        emu.enforce_rate_limits(per_channel_per_sec=PER_SEC, burst=BURST)
    seconds = time.perf_counter() - started
    calls = emu.calls_to("chat.postMessage")
    return {"seconds": seconds, "posts": sum(1 for c in calls if c.ok),
            "429s": sum(1 for c in calls if c.status == 429), "threads": threads,
            "emulator cpu s": _cpu_seconds(emu.pid) - cpu}


def _cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds a live process has used so far (0 when there is none)."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine() -> tuple[int, int]:
    """(busy, total) jiffies of all cores so far, from /proc/stat: every process, other users' too."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def _busy(before: tuple[int, int], after: tuple[int, int]) -> float:
    return (after[0] - before[0]) / max(1, after[1] - before[1])


def _zone() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(ZONE)


def _key(args: dict[str, Any]) -> str:
    metadata = args.get("metadata")
    metadata = json.loads(metadata) if isinstance(metadata, str) else metadata
    return str(metadata["event_payload"]["key"])


def _fastest(posted: list[Any]) -> float:
    """The shortest span, in seconds, over which any channel received BURST + 1 posts: Slack's pace allows
    no less than 1/PER_SEC (the burst, then one more a second later)."""
    by_channel: dict[str, list[float]] = {}
    for call in posted:
        by_channel.setdefault(call.args.get("channel"), []).append(call.at)
    spans = [b[i + BURST] - b[i] for b in map(sorted, by_channel.values()) for i in range(len(b) - BURST)]
    return min(spans, default=float("inf"))


def run(chosen: list[str], quick: bool) -> tuple[str, dict[str, Any]]:
    """The chosen ones of scale, monday, workers, side by side on one private PostgreSQL server."""
    small, large = (1_000, 10_000) if quick else (10_000, 100_000)
    in_zone = large // 10
    out, figures = [], {}
    with postgres() as server:
        if "scale" in chosen:
            url, _ = seeded(server, shape_for(small, small // 10))
            prime(url, MONDAY)
            figures["tick small"] = tick(url, MONDAY)
            server.drop(url)
        shape = shape_for(large, in_zone)
        template, seed_s = seeded(server, shape)
        started = time.perf_counter()
        primed = prime(template, MONDAY, spare=lambda i: i.duty == slots.DUTY and i.due_at == MONDAY)
        prime_s = time.perf_counter() - started
        left = due_at(template, MONDAY)
        if len(left) != in_zone or any(i.duty != slots.DUTY for i in left):
            raise RuntimeError(f"after priming, due: {Counter(i.duty for i in left)}; wanted {in_zone} prompts")
        figures["seed"] = {"engagements": large, "seconds": seed_s, "prime s": prime_s, "primed": primed}
        out.append(f"seeded {large:,} engagements in {shape.workspaces:,} workspaces in {seed_s:.1f} s (COPY); "
                   f"ledger primed in {prime_s:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in primed.items()))
        if "monday" in chosen or "workers" in chosen:
            with emulator(own_process=True) as emu:
                for channel in sorted({channel_of(shape, i) for i in range(in_zone)}):
                    emu.add_channel(channel, name=f"project-{channel.lower()}", members=[])
                emu.enforce_rate_limits(per_channel_per_sec=PER_SEC, burst=BURST)
                runs = [deliver(server, template, emu, shape, 1, MONDAY)]
                if "workers" in chosen:
                    runs.append(deliver(server, template, emu, shape, 2, MONDAY))
                if "monday" in chosen:
                    runs[0]["floor"] = floor(template, emu, left)
            figures["deliveries"] = runs
            if "monday" in chosen:
                out.append(monday_table(runs[0], in_zone))
            if "workers" in chosen:
                out.append(workers_table(runs))
        if "scale" in chosen:
            url = server.database(template)  # the zone's prompts recorded as sent too: nothing left due
            _insert(url, [_row(i.key, i.duty, i.team_id, i.channel, i.due_at, MONDAY, ledger.SENT) for i in left])
            analyze(url)
            figures["tick large"] = tick(url, MONDAY)
            server.drop(url)
            out.insert(0, scale_table(small, large, figures["tick small"], figures["tick large"]))
    return "\n\n".join(out), figures


def scale_table(small: int, large: int, a: dict[str, Any], b: dict[str, Any]) -> str:
    rows = [[f"{n:,}", f"{n // 100:,}", f"{f['cold s']:.2f}", f"{f['warm s']:.2f}", f["warm statements"],
             f["warm lines"], ", ".join(f"{name} {s:.2f}" for name, s in f["slowest"])]
            for n, f in ((small, a), (large, b))]
    text_ = table(f"5. a tick with nothing due (jobs.run_due in this process, {MONDAY:%a %Y-%m-%d %H:%M} UTC, "
                  f"PostgreSQL, every owner at work, the ledger primed)",
                  ["engagements", "workspaces", "cold tick s", "warm tick s", "statements", "lines sent",
                   "slowest sweeps (warm) s"], rows)
    ratio = b["warm s"] / a["warm s"]
    grow = large / small
    text_ += (f"\nwarm tick at {large:,}: {b['warm s']:.2f} s (target < {TICK_TARGET_S:.0f} s: "
              f"{'met' if b['warm s'] < TICK_TARGET_S else 'MISSED'}); cold {b['cold s']:.2f} s; "
              f"{ratio:.2f}x the time for {grow:.0f}x the engagements (target: no worse than linear: "
              f"{'met' if ratio <= grow else 'MISSED'})")
    return text_


def monday_table(r: dict[str, Any], in_zone: int) -> str:
    best = max(0.0, (PER_CHANNEL - BURST) / PER_SEC)
    sustained = PER_CHANNEL / PER_SEC
    rate = r["posted"] / r["seconds"]
    rows = [[f"{in_zone:,}", r["channels"], r["seconds"], r["before_first_post"], r["posting"],
             r["before_first_post"] + r["posting"], f"{r['posted'] / max(r['posting'], 1e-9):.0f}", f"{rate:.0f}",
             best, sustained, r["posted"],
             r["429s"], r["lost"], r["doubled"], r["ledger_mismatch"]]]
    text_ = table(f"6. Monday 09:00 {ZONE}: {in_zone:,} check-in prompts due at once, {PER_CHANNEL} per channel, "
                  f"one `tandem jobs run-due --now`, emulator in its own process ({PER_SEC:g}/s per channel, "
                  f"burst {BURST}, 429 beyond)",
                  ["prompts", "channels", "wall s", "before 1st post s", "1st to last s", "last post at s",
                   "posts/s posting", "posts/s overall",
                   "per-channel best s", "sustained s", "posted", "429s", "lost", "doubled",
                   "ledger vs emulator"], rows)
    peaks = ", ".join(f"{name} {mb:.0f} MB" for name, mb in r["peaks"].items())
    ok = r["lost"] == r["doubled"] == r["ledger_mismatch"] == r["unexpected"] == 0 and r["posted"] == in_zone
    text_ += (f"\nthe last prompt went out {r['before_first_post'] + r['posting']:.1f} s after 09:00 (Slack's "
              f"per-channel pace alone would allow {best:.1f} s: {best / (r['before_first_post'] + r['posting']):.0%}; "
              f"at its sustained rate {sustained:.1f} s: {sustained / (r['before_first_post'] + r['posting']):.0%}); "
              f"the worker's whole tick took {r['seconds']:.1f} s"
              f"\nnone lost or doubled, ledger = emulator: {'met' if ok else 'MISSED'}; busiest channel "
              f"{r['busiest_channel']} posts, fastest {BURST + 1} posts to one channel over "
              f"{r['fastest_channel_gap']:.2f} s (Slack's pace: >= {1 / PER_SEC:.2f} s); peak RSS {peaks} "
              f"(target < {RSS_TARGET_MB:.0f} MB each: "
              f"{'met' if max(r['peaks'].values()) < RSS_TARGET_MB else 'MISSED'})")
    if "floor" in r:
        f = r["floor"]
        text_ += (f"\nthe machine's floor: the same {f['posts']:,} posts by slack-sdk's WebClient alone "
                  f"({f['threads']} threads, payloads built beforehand, no ledger, no per-channel limit) "
                  f"took {f['seconds']:.1f} s "
                  f"({f['posts'] / f['seconds']:.0f} posts/s, {f['429s']} x 429, emulator CPU "
                  f"{f['emulator cpu s']:.1f} s); Tandem's posting ran at "
                  f"{r['posted'] / max(r['posting'], 1e-9) / (f['posts'] / f['seconds']):.0%} of that rate")
    return text_


def workers_table(runs: list[dict[str, Any]]) -> str:
    rows = [[r["workers"], r["seconds"], " / ".join(f"{s:.1f}" for s in r["ended"]),
             " / ".join(str(n) for n in r["printed"]), r["posted"], r["lost"], r["doubled"], r["429s"],
             ", ".join(f"{name} {s:.1f}" for name, s in sorted(r["cpu"].items())), f"{r['busy']:.0%}",
             ", ".join(f"{name} {mb:.0f}" for name, mb in r["peaks"].items())] for r in runs]
    text_ = table(f"7. one against two `tandem jobs run-due --now` workers on one PostgreSQL, the same due set, "
                  f"{os.cpu_count()} cores shared by workers, PostgreSQL and the emulator",
                  ["workers", "wall s", "each ended at s", "prompts each", "posted", "lost", "doubled", "429s",
                   "CPU s", "cores busy", "peak RSS MB"], rows)
    if len(runs) == 2:
        text_ += (f"\nspeed-up with a second worker: {runs[0]['seconds'] / runs[1]['seconds']:.2f}x on "
                  f"{os.cpu_count()} cores (cores busy: the whole machine's share of its CPU time over the run, "
                  f"other users included)")
    return text_

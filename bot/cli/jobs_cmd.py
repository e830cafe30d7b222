"""`tandem jobs run|run-due`: the scheduled duties as a worker, or once for a given instant."""

from __future__ import annotations

import argparse
import re
import signal
import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError, Settings
from bot.runtime import Runtime

# `revision: str = '0002'` / `down_revision: str | None = '0001'` in a migration script.
REVISION = re.compile(r"^(down_)?revision(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.M)


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem jobs ...`."""
    parser = verbs.add_parser("jobs", help="run the scheduled duties", description="Run the scheduled duties.")
    actions = parser.add_subparsers(dest="jobs_action", metavar="ACTION", required=True)
    run_due = actions.add_parser(
        "run-due", help="run every duty once for an instant",
        description="Run every sweep once for NOW; prints one line per message. Safe to repeat: nothing is sent twice.",
    )
    run_due.add_argument("--now", type=parse_instant,
                         help="ISO instant with offset, e.g. 2026-12-07T10:00:00+08:00 (default: now)")
    run_due.add_argument("--dry-run", action="store_true", help="print what would be sent, send and record nothing")
    run_due.set_defaults(run=run_due_cmd)
    worker = actions.add_parser(
        "run", help="run the scheduler alone (a worker process)",
        description="Run the scheduled duties as a worker, without serving Slack requests: each duty sweeps "
        "what is due at its own cadence (every minute for check-in prompts), the first time at start. Several "
        "workers may run at once; the delivery ledger sends each message exactly once, and on PostgreSQL they "
        "share the deliveries by workspace. Stops on SIGTERM or Ctrl-C.",
    )
    worker.set_defaults(run=run_worker)


def parse_instant(value: str) -> datetime:
    """An aware instant; a naive one is read as UTC."""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO instant like 2026-12-07T10:00:00+08:00") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _runtime(settings: Settings, *, posts: bool = True) -> Runtime:
    """A runtime on a migrated database: a worker may well be the first process to start.

    `posts=False` (a dry run) needs no token: it prints what is due and calls Slack for nothing.
    """
    if posts and not settings.slack_bot_token and not settings.oauth_mode:
        raise ConfigError("SLACK_BOT_TOKEN is not set; scheduled duties post to Slack and need the bot token")
    runtime = Runtime.build(settings)
    if not _at_head(runtime):
        from bot.db import migrate  # alembic costs ~0.5 s to import: only when there is work for it

        migrate.upgrade(settings.database_url)
    return runtime


def _head_revision() -> str | None:
    """The single head among our migration scripts, read from their text; None when unsure (a merge)."""
    import migrations

    revisions: set[str] = set()
    parents: set[str] = set()
    for path in Path(migrations.__file__).parent.joinpath("versions").glob("*.py"):
        for down, revision in REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(revision)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(runtime: Runtime) -> bool:
    """Whether the database is already migrated (then alembic need not be loaded at all)."""
    head = _head_revision()
    try:
        with runtime.engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False
    return head is not None and current == [head]


def run_due_cmd(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.client import make_client
    from jobs import run_due

    runtime = _runtime(settings, posts=not args.dry_run)
    now = args.now or datetime.now(UTC)
    for line in run_due(runtime, make_client(runtime, for_deliveries=True), now=now, dry_run=args.dry_run):
        print(line, flush=True)
    return 0


def run_worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.client import make_client
    from jobs import build_scheduler

    runtime = _runtime(settings)
    scheduler = build_scheduler(runtime, make_client(runtime, for_deliveries=True))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    scheduler.start()
    try:
        stop.wait()
    finally:
        scheduler.shutdown()
    return 0

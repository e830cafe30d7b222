"""`tandem status`: each workspace's health for an operator, read from the database alone.

Works without Slack settings and from any machine that reaches the database: the scheduler leaves
its last tick and the token's fate in `workspace_health`, the ledger knows the backlog and failures.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.db import presence
from bot.db.session import make_engine
from bot.observability import workspaces
from bot.observability.workspaces import Health

# The scheduler ticks every minute: a last tick older than this means no scheduler is running.
STALE_AFTER = timedelta(minutes=5)
HEADERS = ("workspace", "last tick", "backlog", "failures", "token")


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """Register `tandem status`."""
    parser = verbs.add_parser(
        "status", help="each workspace's health, from the database",
        description="Print one line per workspace: when the scheduler last ran its duties, the ledger's backlog "
        "of claimed messages, how many of those Slack refused (bot removed from the channel, channel archived), "
        "and whether Slack refuses the bot token. Exit code 1 when a workspace needs attention (no tick for "
        f"{int(STALE_AFTER.total_seconds() // 60)} minutes, failures, a refused token).",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    absent = presence.missing(settings.database_url)
    if absent is not None:
        print(f"tandem status: there is no database at {absent}; set DATABASE_URL to Tandem's database.",
              file=sys.stderr)
        return 1
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            from sqlalchemy.orm import Session

            with Session(bind=connection) as session:
                health = workspaces.read(session, oauth_mode=settings.oauth_mode)
    finally:
        engine.dispose()
    now = datetime.now(UTC)
    if not health:
        installed = _installed(settings.database_url)
        if installed:  # Add to Slack: installed, and nothing started there yet
            print(f"{len(installed)} workspace{'s' if len(installed) > 1 else ''} installed ({', '.join(installed)}), "
                  "no engagement yet: nobody has started one (`/kickoff`).")
        else:
            print("No workspaces yet: nobody has started an engagement (`/kickoff`).")
        return 0
    rows = [line(h, now) for h in health]
    widths = [max(len(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS))]
    for row in [HEADERS, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    attention = [h for h in health if needs_attention(h, now)]
    if attention:
        print(f"{len(attention)} of {len(health)} workspaces need attention.")
    return 1 if attention else 0


def _installed(database_url: str) -> list[str]:
    """The workspaces holding a bot token (Add to Slack installs), by team id; none with one bot token."""
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from bot.db.models import slack_bots

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return sorted(team for (team,) in connection.execute(
                select(slack_bots.c.team_id).where(slack_bots.c.bot_token.is_not(None)).distinct()) if team)
    except SQLAlchemyError:  # a database from before Add to Slack (no slack_bots table): none installed
        return []
    finally:
        engine.dispose()


def needs_attention(health: Health, now: datetime) -> bool:
    """A refused token, deliveries Slack refused, or no tick lately."""
    stale = health.last_tick_at is None or now - health.last_tick_at > STALE_AFTER
    return health.token_refused_at is not None or health.not_installed or health.failures > 0 or stale


def line(health: Health, now: datetime) -> tuple[str, ...]:
    """The cells of one workspace's line."""
    if health.last_tick_at is None:
        tick = "never (is a scheduler running? `tandem serve` or `tandem jobs run`)"
    else:
        tick = f"{health.last_tick_at:%Y-%m-%d %H:%M} UTC ({ago(now - health.last_tick_at)})"
    if health.not_installed:
        token = "no installation (Tandem was uninstalled or its tokens revoked: reinstall it from /slack/install)"
    elif health.token_refused_at is None:
        token = "ok"
    else:
        token = f"refused since {health.token_refused_at:%Y-%m-%d %H:%M} UTC ({health.token_error or 'refused'})"
    return health.team_id, tick, str(health.backlog), str(health.failures), token


def ago(age: timedelta) -> str:
    """A short age: `just now`, `4 min ago`, `3 h ago`, `2 days ago`, or `in the future` for a simulated tick."""
    seconds = age.total_seconds()
    if seconds < -60:
        return "in the future"
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400 * 2:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} days ago"

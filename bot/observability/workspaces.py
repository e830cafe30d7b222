"""Each workspace's health as the scheduler leaves it in `workspace_health`, and as an operator reads it.

Written after every run of the duties (`ticked`: the last tick, the token accepted) and when the
token guard holds them (`refused`). A workspace is one with an engagement. With one bot token
(SLACK_BOT_TOKEN) every workspace shares the token's fate. Read by `tandem status` with the ledger's
backlog and failures, and by `/metrics`. Two statements per tick however many workspaces there are.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, false, func, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.db.models import Delivery, Engagement, WorkspaceHealth, slack_bots
from bot.db.session import transaction
from bot.domain.delivery import ledger
from bot.runtime import Runtime

logger = logging.getLogger(__name__)
# How stale a workspace's last tick may read before a run writes it again: `tandem status` and /metrics show
# minutes, and the duties that run every minute keep it within this.
STALE_AFTER = timedelta(seconds=30)


def _known(session: Session) -> None:
    """Give every workspace with an engagement its row (INSERT ... SELECT ... ON CONFLICT DO NOTHING)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    missing = (select(Engagement.team_id).distinct()
               .where(~exists().where(WorkspaceHealth.team_id == Engagement.team_id)))
    session.execute(dialect.insert(WorkspaceHealth).from_select(["team_id"], missing)
                    .on_conflict_do_nothing(index_elements=["team_id"]))


def ticked(runtime: Runtime, now: datetime) -> None:
    """The duties ran for every workspace at `now`, so Slack accepted the token.

    Only rows that say something else are written: a refused token, or a last tick older than STALE_AFTER.
    Every duty run ends here, several a minute; each rewriting every workspace's row with the same news
    left PostgreSQL a dead row version per workspace per run.
    """
    _record(runtime, {"last_tick_at": now, "token_refused_at": None, "token_error": None},
            where=or_(WorkspaceHealth.last_tick_at.is_(None), WorkspaceHealth.last_tick_at < now - STALE_AFTER,
                      WorkspaceHealth.token_refused_at.is_not(None)))


def refused(runtime: Runtime, error: str, now: datetime) -> None:
    """Slack refuses the token (`error`: invalid_auth, token_revoked…): the duties wait, every workspace says so."""
    _record(runtime, {"token_refused_at": func.coalesce(WorkspaceHealth.token_refused_at, now),
                      "token_error": error[:64]})


def _record(runtime: Runtime, values: dict[str, Any], where: ColumnElement[bool] | None = None) -> None:
    """Write `values` on every workspace's row. Bookkeeping only: a failure (two workers' writes colliding,
    the database away) is logged and never fails the tick whose messages are already out."""
    try:
        with transaction(runtime.sessions) as session:
            _known(session)
            session.execute(update(WorkspaceHealth).where(true() if where is None else where).values(**values))
    except SQLAlchemyError as error:
        logger.warning("could not record the workspaces' health (%s); the next tick will", type(error).__name__)


def uninstalled(oauth_mode: bool) -> ColumnElement[bool]:
    """Add to Slack: an engagement's workspace holds no bot token any more (uninstalled, or its tokens revoked:
    bot.slack.listeners.events.lifecycle deletes them), so Slack refuses Tandem there. False with one token."""
    if not oauth_mode:
        return false()
    return ~exists().where(slack_bots.c.team_id == Engagement.team_id, slack_bots.c.bot_token.is_not(None))


@dataclass(frozen=True)
class Health:
    """One workspace's line in `tandem status`."""

    team_id: str
    last_tick_at: datetime | None
    backlog: int  # ledger keys claimed, not yet sent or skipped
    failures: int  # of those, the ones Slack refused at their latest attempt (not_in_channel, is_archived…)
    token_refused_at: datetime | None
    token_error: str | None
    not_installed: bool = False  # Add to Slack: no bot token stored for it (uninstalled or revoked)


def read(session: Session, *, oauth_mode: bool = False) -> list[Health]:
    """Every workspace Tandem knows (an engagement, a health row or a ledger key), by team id."""
    claimed = Delivery.status == ledger.CLAIMED
    backlog: dict[str, tuple[int, int]] = {
        team: (count, failed) for team, count, failed in session.execute(
            select(Delivery.team_id, func.count(), func.count(Delivery.last_error))
            .where(claimed).group_by(Delivery.team_id))}
    rows = {row.team_id: row for row in session.scalars(select(WorkspaceHealth))}
    teams = set(backlog) | set(rows) | set(session.scalars(select(Engagement.team_id).distinct()))
    gone = set(session.scalars(select(Engagement.team_id).distinct().where(uninstalled(oauth_mode))))
    result = []
    for team in sorted(teams):
        row = rows.get(team)
        count, failed = backlog.get(team, (0, 0))
        result.append(Health(team, row.last_tick_at if row else None, count, failed,
                             row.token_refused_at if row else None, row.token_error if row else None,
                             team in gone))
    return result

"""The app leaving a workspace: its tokens deleted (OAuth mode), its data kept for the owner.

In OAuth mode the event deletes the workspace's stored tokens (bot.slack.installations): requests
from it are no longer authorized and the sweeps, which post only to workspaces with a stored token
(bot.slack.teams), stop its duties, wherever they run. In single-token mode there is nothing to
delete; the scheduled duties learn from Slack's own answers (jobs/token_guard.py).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.slack.installations import delete_workspace, revoke_tokens, store_for
from bot.slack.workspace import workspace_of

logger = logging.getLogger(__name__)


def handle_app_uninstalled(body: dict[str, Any], context: BoltContext) -> None:
    """Delete the workspace's tokens (OAuth mode); data stays until the owner exports or forgets it."""
    team_id = workspace_of(body)
    logger.warning("Tandem was uninstalled from workspace %s", team_id)
    runtime = context.get("runtime")
    if runtime is not None and runtime.settings.oauth_mode and team_id:
        delete_workspace(store_for(runtime), enterprise_id=body.get("enterprise_id") or None, team_id=team_id)
        logger.warning("deleted the tokens of workspace %s; its scheduled duties stop", team_id)


def handle_tokens_revoked(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    """Delete the revoked tokens (OAuth mode); Web API calls fail until the app is reinstalled."""
    team_id = workspace_of(body)
    tokens = event.get("tokens") or {}
    logger.warning("tokens revoked in workspace %s: %d bot, %d user", team_id,
                   len(tokens.get("bot") or []), len(tokens.get("oauth") or []))
    runtime = context.get("runtime")
    if runtime is not None and runtime.settings.oauth_mode and team_id:
        revoke_tokens(store_for(runtime), enterprise_id=body.get("enterprise_id") or None, team_id=team_id,
                      tokens=tokens)

"""The app leaving a workspace: logged, and its data kept for the owner.

The scheduled duties stop talking to Slack by themselves: the scheduler may run in another process
(`tandem jobs run`), so it learns from Slack's own answers (jobs/token_guard.py), not from this event.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.slack.workspace import workspace_of

logger = logging.getLogger(__name__)


def handle_app_uninstalled(body: dict[str, Any]) -> None:
    """Log the uninstall; data stays until the owner exports or forgets it."""
    logger.warning("Tandem was uninstalled from workspace %s", workspace_of(body))


def handle_tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
    """Log which tokens Slack revoked; Web API calls will fail until the app is reinstalled."""
    logger.warning("tokens revoked in workspace %s: %s", workspace_of(body), event.get("tokens"))

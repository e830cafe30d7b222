"""The app leaving a workspace: stop talking to it, keep its data for the owner."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def handle_app_uninstalled(body: dict[str, Any]) -> None:
    """Log the uninstall; data stays until the owner exports or forgets it."""
    logger.warning("Tandem was uninstalled from workspace %s", body.get("team_id"))


def handle_tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
    """Log which tokens Slack revoked; Web API calls will fail until the app is reinstalled."""
    logger.warning("tokens revoked in workspace %s: %s", body.get("team_id"), event.get("tokens"))

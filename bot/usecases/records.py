"""Finding the record a button or a form refers to, in the workspace that clicked it.

A button's value or a form's private_metadata can outlive its record (a post that went out before
a crash rolled the record back, a kickoff undone after Slack refused its brief), and ids are
guessable across workspaces: both answer the same friendly "no longer exists".
"""

from __future__ import annotations

import logging
from typing import TypeVar

from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.domain.errors import NotFound

logger = logging.getLogger(__name__)
Row = TypeVar("Row")


def stored(session: Session, model: type[Row], ref: object, what: str) -> Row:
    """The record a button or a form's private_metadata refers to, or a friendly "no longer exists".

    Such a reference can outlive its record (a post that went out before a crash rolled the record
    back, a kickoff undone after Slack refused its brief): say so instead of failing.
    """
    try:
        found = session.get(model, int(str(ref or 0)))
    except ValueError:
        found = None
    if found is None:
        raise NotFound(f"This {what} no longer exists.")
    return found


def require_team(engagement: Engagement, team_id: str, gone: str = "This engagement no longer exists.") -> None:
    """Refuse a record of another workspace as if it did not exist (workspaces are apart)."""
    if not engagement.team_id or engagement.team_id != team_id:
        logger.warning("refused a request from team %r on a record of another workspace", team_id)
        raise NotFound(gone)


def engagement_in(session: Session, ref: object, team_id: str) -> Engagement:
    """The engagement a button or form names, in the clicker's workspace."""
    engagement = stored(session, Engagement, ref, "engagement")
    require_team(engagement, team_id)
    return engagement

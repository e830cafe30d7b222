""""My tasks": a contractor's own work, answered to them alone where they pressed the button.

An external member of a Slack Connect channel cannot open another organisation's app's Home tab or
run its slash commands; this is their view of the engagements, next check-ins (in their own time),
open tasks and shared feedback. Never money (see ContractorDashboard).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.db.session import reading
from bot.domain.engagement import engagements
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.reports import dashboards
from bot.runtime import Runtime
from bot.slack.blocks.contractor_work import build_my_work, build_refusal
from bot.slack.blocks.thanks import build_thanks_modal

Payload = dict[str, Any]


def _contractors_engagement(session: Session, team_id: str, user_id: str, engagement_id: object,
                            what: str, channel_id: str) -> Engagement:
    """The engagement a button names, if the person pressing it is its contractor (else a polite refusal)."""
    try:
        engagement = session.get(Engagement, int(str(engagement_id or 0)))
    except ValueError:
        engagement = None
    if engagement is None or engagement.team_id != team_id:
        raise NotFound("This engagement no longer exists.")
    if engagements.role_of(engagement, user_id) != "contractor":
        raise refusal(engagement, what, channel_id)
    return engagement


def refusal(engagement: Engagement, what: str, channel_id: str) -> NotAllowed | NotFound:
    """Whose button it is, said only in the engagement's own channel (where the brief shows it anyway).

    Ids run in sequence: pressed anywhere else (a value edited to name another engagement, maybe in a
    private channel), the refusal names neither its title nor its contractor.
    """
    if channel_id != engagement.channel_id:
        return NotFound("This engagement no longer exists.")
    return NotAllowed(build_refusal(engagement, what))


def thanks_form(runtime: Runtime, *, team_id: str, user_id: str, engagement_id: object, channel_id: str) -> Payload:
    """The thanks form (as /thanks opens it) for the contractor who pressed *Say thanks* under their work."""
    with reading(runtime.sessions) as session:
        engagement = _contractors_engagement(session, team_id, user_id, engagement_id, "*Say thanks* here",
                                             channel_id)
        return build_thanks_modal(channel_id or engagement.channel_id)


def my_work(runtime: Runtime, *, team_id: str, user_id: str, engagement_id: object, channel_id: str) -> Payload:
    """The contractor's work, for the engagement's contractor only (the button sits in a shared channel)."""
    with reading(runtime.sessions) as session:
        engagement = _contractors_engagement(session, team_id, user_id, engagement_id, "*My tasks*", channel_id)
        board = dashboards.for_contractor(session, team_id=team_id, user_id=user_id)
        return build_my_work(board, engagement, now=runtime.clock())

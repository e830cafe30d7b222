"""The contingency plan an owner keeps for an engagement, opened from the monthly risk review."""

from __future__ import annotations

from typing import Any

from bot.db.session import transaction
from bot.domain.engagement import engagements, risk_reviews
from bot.runtime import Runtime
from bot.slack.blocks.risk_reviews import build_plan_modal, build_plan_saved
from bot.usecases.records import engagement_in

Payload = dict[str, Any]


def plan_form(runtime: Runtime, team_id: str, user_id: str, engagement_ref: str) -> Payload:
    """The plan form, pre-filled (owner only)."""
    with runtime.sessions() as session:
        engagement = engagement_in(session, engagement_ref, team_id)
        engagements.require_owner(engagement, user_id, "update its contingency plan")
        return build_plan_modal(engagement)


def update_plan(runtime: Runtime, team_id: str, user_id: str, engagement_ref: object, plan: str) -> Payload:
    """Replace the plan (risk_reviews.update_plan checks who and what); returns the owner's confirmation."""
    with transaction(runtime.sessions) as session:
        engagement = engagement_in(session, engagement_ref, team_id)
        engagement = risk_reviews.update_plan(session, engagement=engagement, by_user=user_id, plan=plan,
                                              now=runtime.clock())
        return build_plan_saved(engagement)

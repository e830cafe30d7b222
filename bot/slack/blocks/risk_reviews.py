"""The monthly risk review DM (strategic, operational, security, financial) and the plan form."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.models import Engagement
from bot.domain.engagement import risk_reviews
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import button, context, fallback_text, message, mrkdwn, user_text
from bot.text.counts import plural
from bot.text.money import Money


def _financial(engagement: Engagement, facts: risk_reviews.Facts) -> str:
    spent = ""
    if engagement.budget_minor and engagement.budget_currency:
        paid, budget = Money(facts.paid_minor, engagement.budget_currency), Money(engagement.budget_minor,
                                                                                  engagement.budget_currency)
        spent = f"{paid.format()} paid of a {budget.format()} budget; "
    late = f", {facts.overdue_payments} overdue" if facts.overdue_payments else ""
    return f"{spent}{facts.unpaid} payment(s) open{late}. Is the budget still right, are we paying on time?"


def build_risk_review(engagement: Engagement, facts: risk_reviews.Facts, today: date) -> dict[str, Any]:
    """Four short questions made concrete by the engagement's facts, and a button to update the plan."""
    contractor = engagement.contractor
    days_left = (engagement.deadline - today).days
    nda = "NDA on file" if facts.nda_on_file else "*no NDA on file*"
    plan = user_text(engagement.contingency, 500) or "*none yet*"
    lines = [
        f":shield: Monthly risk review: *{user_text(engagement.title, 150)}* with <@{contractor.person.user_id}>",
        f"*Strategic:* {_to_deadline(days_left)} Do the objectives still match what the business needs?",
        f"*Operational:* {plural(facts.overdue_tasks, 'overdue task')}. "
        f"If <@{contractor.person.user_id}> stopped tomorrow, who takes over? Your plan: {plan}",
        f"*Security:* {nda}{', confidential work' if engagement.confidential else ''}. "
        "Who has access to what, and is any of it no longer needed?",
        f"*Financial:* {_financial(engagement, facts)}",
    ]
    return message(f"Monthly risk review: {fallback_text(engagement.title)}", [
        mrkdwn("\n".join(lines)),
        {"type": "actions", "elements": [button("Update the plan", ids.UPDATE_PLAN, str(engagement.id))]},
        context("Only you see this. Once a month per engagement."),
    ])


def build_plan_modal(engagement: Engagement) -> dict[str, Any]:
    """The contingency plan, pre-filled, to revise."""
    return forms.modal(ids.PLAN_MODAL, "Contingency plan", [
        context(f"*{user_text(engagement.title, 200)}*"),
        forms.text_input(ids.CONTINGENCY, "Who or what takes over if this work stalls?", initial=engagement.contingency,
                         multiline=True, max_length=risk_reviews.PLAN_LIMIT),
    ], submit="Save", private_metadata=metadata.seal({"engagement_id": engagement.id}))


def build_plan_saved(engagement: Engagement) -> dict[str, Any]:
    """The owner's confirmation."""
    text = f":white_check_mark: Contingency plan for *{user_text(engagement.title, 150)}* updated."
    return message(text, [mrkdwn(text)])


def _to_deadline(days: int) -> str:
    if days < 0:
        return f"The deadline passed {plural(-days, 'day')} ago."
    return "The deadline is today." if days == 0 else f"{plural(days, 'day')} to the deadline."

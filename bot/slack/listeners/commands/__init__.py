"""Slash commands, one module each."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.guard import guard
from bot.slack.listeners.commands import (
    availability,
    checkin,
    contractor,
    engagement,
    kickoff,
    payment,
    scorecard,
    task,
    thanks,
)


def register(app: App) -> None:
    """One line per slash command."""
    app.command("/kickoff")(guard(kickoff.handle_kickoff))
    app.command("/contractor")(guard(contractor.handle_contractor))
    app.command("/task")(guard(task.handle_task))
    app.command("/checkin")(guard(checkin.handle_checkin))
    app.command("/payment")(guard(payment.handle_payment))
    app.command("/thanks")(guard(thanks.handle_thanks))
    app.command("/scorecard")(guard(scorecard.handle_scorecard))
    app.command("/engagement")(guard(engagement.handle_engagement))
    app.command("/availability")(guard(availability.handle_availability))

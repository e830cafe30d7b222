"""Slash commands, one module each."""

from __future__ import annotations

from slack_bolt import App

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
    app.command("/kickoff")(kickoff.handle_kickoff)
    app.command("/contractor")(contractor.handle_contractor)
    app.command("/task")(task.handle_task)
    app.command("/checkin")(checkin.handle_checkin)
    app.command("/payment")(payment.handle_payment)
    app.command("/thanks")(thanks.handle_thanks)
    app.command("/scorecard")(scorecard.handle_scorecard)
    app.command("/engagement")(engagement.handle_engagement)
    app.command("/availability")(availability.handle_availability)

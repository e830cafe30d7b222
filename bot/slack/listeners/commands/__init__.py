"""Slash commands, one module each."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners.commands import checkin, contractor, kickoff, payment, task, thanks


def register(app: App) -> None:
    """One line per slash command."""
    app.command("/kickoff")(kickoff.handle_kickoff)
    app.command("/contractor")(contractor.handle_contractor)
    app.command("/task")(task.handle_task)
    app.command("/checkin")(checkin.handle_checkin)
    app.command("/payment")(payment.handle_payment)
    app.command("/thanks")(thanks.handle_thanks)

"""Every Slack surface Tandem listens on; read the register() functions to see the whole bot."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, views


def register(app: App) -> None:
    """Attach all listeners to the app."""
    commands.register(app)
    actions.register(app)
    views.register(app)
    events.register(app)

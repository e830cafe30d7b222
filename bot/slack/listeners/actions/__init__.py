"""Buttons and menus in messages and the Home tab."""

from __future__ import annotations

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.actions import checkin_button


def register(app: App) -> None:
    """One line per action."""
    app.action(ids.OPEN_CHECKIN)(checkin_button.handle_open_checkin)

"""Buttons and menus in messages and the Home tab."""

from __future__ import annotations

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.actions import checkin_button, mark_paid_button, snooze_button


def register(app: App) -> None:
    """One line per action."""
    app.action(ids.OPEN_CHECKIN)(checkin_button.handle_open_checkin)
    app.action(ids.SNOOZE_CHECKIN)(snooze_button.handle_snooze)
    app.action(ids.MARK_PAID)(mark_paid_button.handle_mark_paid)

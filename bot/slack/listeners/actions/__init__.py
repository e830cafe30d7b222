"""Buttons and menus in messages and the Home tab."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack import ids
from bot.slack.guard import guard
from bot.slack.listeners.actions import (
    checkin_button,
    feedback_buttons,
    mark_paid_button,
    prompt_snooze_button,
    snooze_button,
    thanks_button,
)


def register(app: App) -> None:
    """One line per action."""
    app.action(ids.OPEN_CHECKIN)(guard(checkin_button.handle_open_checkin))
    app.action(ids.SNOOZE_CHECKIN)(guard(snooze_button.handle_snooze))
    app.action(ids.MARK_PAID)(guard(mark_paid_button.handle_mark_paid))
    app.action(re.compile(f"^{ids.RATE_FEEDBACK}_"))(guard(feedback_buttons.handle_rate))
    app.action(ids.SHARE_FEEDBACK)(guard(feedback_buttons.handle_share))
    app.action(ids.SEND_THANKS)(guard(thanks_button.handle_send_thanks))
    app.action(ids.SNOOZE_PROMPT)(guard(prompt_snooze_button.handle_snooze_prompt))

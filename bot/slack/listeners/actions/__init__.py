"""Buttons and menus in messages and the Home tab."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.actions import (
    blocker_button,
    checkin_button,
    contractor_buttons,
    feedback_buttons,
    home_buttons,
    mark_paid_button,
    onboarding_buttons,
    prompt_snooze_button,
    review_buttons,
    risk_buttons,
    snooze_button,
    thanks_button,
    trial_buttons,
)


def register(app: App) -> None:
    """One line per action."""
    app.action(ids.OPEN_CHECKIN)(checkin_button.handle_open_checkin)
    app.action(re.compile(f"^{ids.OPEN_SUBMIT}(_[0-9]+)?$"))(contractor_buttons.handle_open_submit)
    app.action(ids.MY_WORK)(contractor_buttons.handle_my_work)
    app.action(ids.OPEN_THANKS)(contractor_buttons.handle_open_thanks)
    app.action(ids.SNOOZE_CHECKIN)(snooze_button.handle_snooze)
    app.action(ids.MARK_PAID)(mark_paid_button.handle_mark_paid)
    app.action(ids.RESOLVE_BLOCKER)(blocker_button.handle_resolve_blocker)
    app.action(re.compile(f"^{ids.RATE_FEEDBACK}_"))(feedback_buttons.handle_rate)
    app.action(ids.SHARE_FEEDBACK)(feedback_buttons.handle_share)
    app.action(ids.SEND_THANKS)(thanks_button.handle_send_thanks)
    app.action(ids.SNOOZE_PROMPT)(prompt_snooze_button.handle_snooze_prompt)
    app.action(ids.APPROVE_WORK)(review_buttons.handle_approve)
    app.action(ids.REQUEST_CHANGES)(review_buttons.handle_request_changes)
    app.action(re.compile(f"^{ids.TICK_ONBOARDING}_"))(onboarding_buttons.handle_tick)
    app.action(ids.DISMISS_ONBOARDING)(onboarding_buttons.handle_dismiss)
    app.action(ids.TRIAL_CONTINUE)(trial_buttons.handle_new_deadline)
    app.action(ids.TRIAL_EXTEND)(trial_buttons.handle_new_deadline)
    app.action(ids.TRIAL_END)(trial_buttons.handle_end)
    app.action(ids.DEADLINE_EXTEND)(trial_buttons.handle_new_deadline)
    app.action(ids.DEADLINE_END)(trial_buttons.handle_end)
    app.action(ids.UPDATE_PLAN)(risk_buttons.handle_update_plan)
    app.action(ids.HOME_SCORECARD)(home_buttons.handle_home_scorecard)
    app.action(ids.HOME_PAUSE)(home_buttons.handle_home_pause)
    app.action(re.compile(f"^{ids.HOME_PAGE}_"))(home_buttons.handle_home_page)

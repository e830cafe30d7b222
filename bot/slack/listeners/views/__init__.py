"""Modal submissions, one module per form."""

from __future__ import annotations

from slack_bolt import App

from bot.slack import ids
from bot.slack.listeners.views import (
    changes_form,
    checkin_form,
    contractor_form,
    kickoff_form,
    payment_form,
    plan_form,
    submit_form,
    task_form,
    thanks_form,
    trial_form,
)


def register(app: App) -> None:
    """One line per modal."""
    app.view(ids.KICKOFF_MODAL)(kickoff_form.handle_kickoff_submission)
    app.view(ids.CONTRACTOR_MODAL)(contractor_form.handle_contractor_submission)
    app.view(ids.TASK_MODAL)(task_form.handle_task_submission)
    app.view(ids.CHECKIN_MODAL)(checkin_form.handle_checkin_submission)
    app.view(ids.PAYMENT_MODAL)(payment_form.handle_payment_submission)
    app.view(ids.THANKS_MODAL)(thanks_form.handle_thanks_submission)
    app.view(ids.CHANGES_MODAL)(changes_form.handle_changes_submission)
    app.view(ids.TRIAL_MODAL)(trial_form.handle_trial_submission)
    app.view(ids.PLAN_MODAL)(plan_form.handle_plan_submission)
    app.view(ids.SUBMIT_MODAL)(submit_form.handle_submit_submission)

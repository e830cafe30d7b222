"""Every callback_id, block_id and action_id, shared by the builders and the listeners."""

from __future__ import annotations

# Modals (callback_id)
KICKOFF_MODAL = "kickoff_modal"
CONTRACTOR_MODAL = "contractor_modal"
TASK_MODAL = "task_modal"
CHECKIN_MODAL = "checkin_modal"
PAYMENT_MODAL = "payment_modal"
THANKS_MODAL = "thanks_modal"
CHANGES_MODAL = "changes_modal"
TRIAL_MODAL = "trial_modal"
PLAN_MODAL = "plan_modal"
SUBMIT_MODAL = "submit_modal"  # hand a task in for review (the Submit button: no slash command over Slack Connect)

# Input blocks (block_id); each holds one element whose action_id is the same word.
CONTRACTOR = "contractor"
TITLE = "title"
OBJECTIVES = "objectives"
DELIVERABLES = "deliverables"
DEADLINE = "deadline"
BUDGET = "budget"
CURRENCY = "currency"
CHECKIN_DAYS = "checkin_days"
CHECKIN_TIME = "checkin_time"
SLA = "sla"
OPTIONS = "options"
CONTINGENCY = "contingency"
TIMEZONE = "timezone"
HOURS = "hours"
DAYS = "days"
COUNTRY = "country"
RATE = "rate"
COMPANY = "company"
DUE = "due"
ASSIGNEE = "assignee"
STATUS = "status"
PROGRESS = "progress"
DONE = "done"
NEXT = "next"
BLOCKERS = "blockers"
WORKED = "worked"
AMOUNT = "amount"
REFERENCE = "reference"
REASON = "reason"
RECIPIENT = "recipient"
COMMENT = "comment"
LINK = "link"

# Blocks of the weekly digest that belong to one payment (block_id prefixes, suffixed ":<payment id>"):
# Mark paid pressed in the digest finds that payment's alert and button by them.
DIGEST_PAYMENT = "digest_payment"
DIGEST_MARK_PAID = "digest_mark_paid"

# Buttons and other interactive elements (action_id)
OPEN_CHECKIN = "open_checkin"
SNOOZE_CHECKIN = "snooze_checkin"
MARK_PAID = "mark_paid"
RESOLVE_BLOCKER = "resolve_blocker"
RATE_FEEDBACK = "rate_feedback"
SHARE_FEEDBACK = "share_feedback"
SNOOZE_PROMPT = "snooze_prompt"
SEND_THANKS = "send_thanks"
APPROVE_WORK = "approve_work"
REQUEST_CHANGES = "request_changes"
TICK_ONBOARDING = "tick_onboarding"  # suffixed with the item: tick_onboarding_access
DISMISS_ONBOARDING = "dismiss_onboarding"
TRIAL_CONTINUE = "trial_continue"
TRIAL_EXTEND = "trial_extend"
TRIAL_END = "trial_end"
UPDATE_PLAN = "update_plan"
DEADLINE_EXTEND = "deadline_extend"
DEADLINE_END = "deadline_end"
# What a contractor does without slash commands (Slack Connect members of another organisation have none)
OPEN_SUBMIT = "open_submit"
MY_WORK = "my_work"
OPEN_THANKS = "open_thanks"

# Scorecards and the Home tab
SCORECARD_MODAL = "scorecard_modal"
HOME_SCORECARD = "home_scorecard"
HOME_PAUSE = "home_pause"
HOME_PAGE = "home_page"

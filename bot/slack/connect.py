"""Slack Connect: what a member of another organisation may press or submit in a shared channel.

Such a member is the agency's staff at best, and only one of them is the engagement's contractor.
From another organisation Slack sends `user.team_id` of the person's own organisation (see
slack-reference/payloads/view_submission_slack_connect_other_org.json), while the workspace that
installed Tandem is `workspace_of(body)`. Only a contractor's own buttons and forms pass from there;
each use case behind them still checks that the person is that engagement's contractor. Anything
else (an owner's button forwarded into the channel, a review, a payment) gets a friendly ephemeral
refusal before any listener runs, so nothing changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.slack import ids
from bot.slack.errors import inline_error
from bot.slack.workspace import workspace_of

logger = logging.getLogger(__name__)

# What a contractor does without slash commands; the listeners check who pressed them.
CONTRACTOR_ACTIONS = frozenset({ids.OPEN_CHECKIN, ids.SNOOZE_CHECKIN, ids.OPEN_SUBMIT, ids.MY_WORK,
                                ids.OPEN_THANKS, ids.RESOLVE_BLOCKER})
# The brief's checklist (owner or contractor ticks) and the row of Submit buttons under My tasks.
CONTRACTOR_ACTION_PREFIXES = (f"{ids.TICK_ONBOARDING}_", f"{ids.OPEN_SUBMIT}_")
CONTRACTOR_VIEWS = frozenset({ids.CHECKIN_MODAL, ids.SUBMIT_MODAL, ids.THANKS_MODAL})
INTERACTIVE = frozenset({"block_actions", "block_suggestion", "view_submission", "view_closed", "shortcut",
                         "message_action"})
REFUSAL = ("That is not something I can do for you from your organisation: in this shared channel you can "
           "check in, submit your tasks for review and see your work (*My tasks*), if you are the "
           "engagement's contractor. Nothing was changed.")
FORM_REFUSAL = "From another organisation only the engagement's contractor sends check-in, submit and thanks forms."


def other_organisation(body: dict[str, Any]) -> str | None:
    """The person's own organisation when it is not the installed workspace; None for our own members."""
    if body.get("type") not in INTERACTIVE or body.get("is_enterprise_install"):
        return None  # an org-wide install serves every workspace of its organisation
    user = body.get("user")
    org = user.get("team_id") if isinstance(user, dict) else None
    home = workspace_of(body)
    return str(org) if org and home and org != home else None


def meant_for_contractor(body: dict[str, Any]) -> bool:
    """Whether the request is one of the contractor's own buttons or forms."""
    if body.get("type") == "block_actions":
        actions = body.get("actions") or []
        return bool(actions) and all(_contractors(str(a.get("action_id") or "")) for a in actions)
    if body.get("type") in ("view_submission", "view_closed"):
        return (body.get("view") or {}).get("callback_id") in CONTRACTOR_VIEWS
    return False


def _contractors(action_id: str) -> bool:
    return action_id in CONTRACTOR_ACTIONS or action_id.startswith(CONTRACTOR_ACTION_PREFIXES)


class OtherOrganisations(Middleware):
    """Let a member of another organisation reach only the contractor's buttons and forms."""

    def process(self, *, req: BoltRequest, resp: BoltResponse,
                next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        body = req.body
        org = other_organisation(body)
        if org is None or meant_for_contractor(body):
            return next()
        logger.info("refused %s from organisation %s in workspace %s", body.get("type"), org, workspace_of(body))
        if body.get("type") == "view_submission":
            inline = inline_error(body, FORM_REFUSAL)  # a form shows errors inline, 150 characters at most
            if inline is not None:
                return inline
        elif req.context.respond is not None:
            req.context.respond(text=REFUSAL, response_type="ephemeral", replace_original=False)
        req.context.ack()
        return req.context.ack.response

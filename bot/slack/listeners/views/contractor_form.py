"""The /contractor form: validate each field inline, then register and confirm by direct message."""

from __future__ import annotations

from functools import cache
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.roster.contractors import WorkPattern
from bot.slack import ids
from bot.slack.blocks.forms import values
from bot.slack.forms_validation import Collector, person_field
from bot.slack.grammar import contractor as grammar
from bot.slack.listeners.common import is_workspace_admin, runtime_of
from bot.slack.payloads import Submission
from bot.text import schedule
from bot.text.money import parse_rate
from bot.usecases import contractors


def handle_contractor_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                                 context: dict[str, Any]) -> None:
    """Errors go back inline on their field; on success the confirmation arrives as a DM.

    An empty field changes nothing: only what was typed is saved.
    """
    form = values(view)
    check = Collector()
    pattern = WorkPattern(
        tz=check.field(ids.TIMEZONE, schedule.parse_timezone, form.get(ids.TIMEZONE)),
        hours=check.field(ids.HOURS, schedule.parse_hours, form.get(ids.HOURS)),
        days=check.field(ids.DAYS, schedule.parse_days, form.get(ids.DAYS)),
        country=check.field(ids.COUNTRY, schedule.parse_country, form.get(ids.COUNTRY)),
    )
    rate = check.field(ids.RATE, parse_rate, form.get(ids.RATE))
    runtime, submitted = runtime_of(context), Submission.of(body, view)
    team_id, user_id = submitted.team_id, submitted.user_id
    profile = None if check.errors else person_field(check, ids.CONTRACTOR, client, form.get(ids.CONTRACTOR),
                                                     runtime.settings.default_timezone)
    if profile is None:  # the picker is required: only an unreadable choice gets here without an error
        check.add(ids.CONTRACTOR, "Choose the person you work with.")
    if check.errors or profile is None:
        ack(response_action="errors", errors=check.errors)
        return
    ack()
    add = grammar.AddContractor(form[ids.CONTRACTOR], pattern, rate, form.get(ids.COMPANY) or "", "")
    reply = contractors.add(runtime, team_id, user_id, add, profile,
                            cache(lambda: is_workspace_admin(client, team_id, user_id)))
    client.chat_postMessage(channel=user_id, **reply)

"""The /contractor form: validate each field inline, then register and confirm by direct message."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.roster.contractors import WorkPattern
from bot.slack import ids
from bot.slack.blocks.forms import values
from bot.slack.grammar import contractor as grammar
from bot.slack.listeners.commands.contractor import add_contractor
from bot.slack.listeners.common import runtime_of, team_of
from bot.slack.listeners.views.validation import Collector, person_field
from bot.text import schedule
from bot.text.money import parse_rate


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
    runtime, user_id = runtime_of(context), body["user"]["id"]
    profile = None if check.errors else person_field(check, ids.CONTRACTOR, client, form.get(ids.CONTRACTOR),
                                                     runtime.settings.default_timezone)
    if check.errors:
        ack(response_action="errors", errors=check.errors)
        return
    ack()
    add = grammar.AddContractor(form[ids.CONTRACTOR], pattern, rate, form.get(ids.COMPANY) or "", "")
    reply = add_contractor(runtime, client, team_of(body), user_id, add, profile)
    client.chat_postMessage(channel=user_id, **reply)

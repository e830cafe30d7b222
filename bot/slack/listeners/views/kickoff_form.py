"""The kickoff form: every field validated inline; on success the same start() as the command."""

from __future__ import annotations

import json
from datetime import time
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain import engagements
from bot.slack import ids
from bot.slack.blocks.forms import values
from bot.slack.grammar.kickoff import KickoffDraft
from bot.slack.listeners.commands.kickoff import start
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.listeners.views.validation import Collector, person_field
from bot.text import schedule
from bot.text.dates import parse_date
from bot.text.money import parse_money


def handle_kickoff_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                              context: dict[str, Any]) -> None:
    """Validate, then start; the owner's private confirmation arrives as an ephemeral message."""
    runtime = runtime_of(context)
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    meta = json.loads(view.get("private_metadata") or "{}")
    draft, errors = read_form(values(view), known_today(runtime, team_id, user_id), meta.get("terms", 14))
    draft.observer_ids = tuple(meta.get("observers") or ())
    if not errors and _channel_taken(runtime, team_id, meta["channel_id"], user_id):
        errors[ids.TITLE] = "This channel already has an engagement in progress; kick off in another channel."
    contractor = None
    if not errors:
        check = Collector()
        contractor = person_field(check, ids.CONTRACTOR, client, draft.contractor_id,
                                  runtime.settings.default_timezone)
        errors = check.errors
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack()
    channel_id = meta["channel_id"]
    reply = start(runtime, client, team_id, user_id, channel_id, draft, contractor)
    client.chat_postEphemeral(channel=channel_id, user=user_id, **reply)


def read_form(form: dict[str, Any], today: Any, terms: int) -> tuple[KickoffDraft, dict[str, str]]:
    """Turn the form's values into a draft, collecting every field's error at once."""
    check = Collector()
    deadline = check.field(ids.DEADLINE, lambda raw: parse_date(raw, today=today), form.get(ids.DEADLINE))
    if deadline is not None and deadline < today:
        check.add(ids.DEADLINE, "The deadline is in the past.")
    budget = check.field(ids.BUDGET, _budget, form.get(ids.BUDGET))
    sla = check.field(ids.SLA, schedule.parse_duration_hours, form.get(ids.SLA) or "24h")
    for block_id in (ids.TITLE, ids.OBJECTIVES, ids.DELIVERABLES):
        if not form.get(block_id):
            check.add(block_id, "This is required: a kickoff starts with a clear plan.")
    days = tuple(sorted(int(d) for d in form.get(ids.CHECKIN_DAYS) or ()))
    if not days:
        check.add(ids.CHECKIN_DAYS, "Pick at least one day.")
    at = check.field(ids.CHECKIN_TIME, schedule.parse_clock, form.get(ids.CHECKIN_TIME)) or time(10)
    options = form.get(ids.OPTIONS) or set()
    draft = KickoffDraft(
        contractor_id=form.get(ids.CONTRACTOR), title=form.get(ids.TITLE) or "", deadline=deadline,
        budget=budget, checkin_days=days, checkin_time=at, sla_hours=sla or 24, terms_days=terms,
        trial="trial" in options, confidential="confidential" in options,
        objectives=form.get(ids.OBJECTIVES) or "", deliverables=form.get(ids.DELIVERABLES) or "",
        contingency=form.get(ids.CONTINGENCY) or "",
    )
    return draft, check.errors


def _channel_taken(runtime: Any, team_id: str, channel_id: str, owner_user_id: str) -> bool:
    """Whether another engagement holds the channel (one a crash left without its brief is finished instead)."""
    with runtime.sessions() as session:
        if engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id) is None:
            return False
        return engagements.unbriefed_in_channel(session, team_id=team_id, channel_id=channel_id,
                                                owner_user_id=owner_user_id) is None


def _budget(raw: str):  # type: ignore[no-untyped-def]
    amount, _, currency = raw.strip().partition(" ")
    return parse_money(amount, currency.strip() or None, default_currency=None)

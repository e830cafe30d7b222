"""The kickoff form: every field validated inline; on success the same start() as the command."""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.forms_validation import Collector, person_field
from bot.slack.grammar.kickoff import MAX_TERMS_DAYS, KickoffDraft
from bot.slack.listeners.common import known_today, require_member, runtime_of
from bot.slack.metadata import TamperedMetadata
from bot.slack.payloads import Submission
from bot.text import schedule
from bot.text.dates import parse_date
from bot.text.money import parse_money
from bot.usecases import kickoff

logger = logging.getLogger(__name__)


def handle_kickoff_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                              context: dict[str, Any]) -> None:
    """Validate, then start; the owner's private confirmation arrives as an ephemeral message.

    The form's hidden context (channel, terms, observers) is sealed when the form opens and checked
    again here: the submitter must still be in the channel and the channel still free.
    """
    runtime, submitted = runtime_of(context), Submission.of(body, view)
    team_id, user_id = submitted.team_id, submitted.user_id
    channel_id, terms, observer_ids = form_context(metadata.open(submitted.private_metadata))
    draft, errors = read_form(values(view), known_today(runtime, team_id, user_id), terms)
    draft.observer_ids = observer_ids
    if not errors and kickoff.channel_taken(runtime, team_id, channel_id, user_id):
        errors[ids.TITLE] = "This channel already has an engagement in progress; kick off in another channel."
    if not errors:
        try:
            require_member(client, channel_id, user_id)
        except (DomainError, SlackApiError) as error:
            errors[ids.TITLE] = (error.message if isinstance(error, DomainError)
                                 else "I can't see that channel any more; run /kickoff in the project's channel.")
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
    reply = kickoff.start(runtime, client, team_id, user_id, channel_id, draft, contractor)
    # The engagement is saved and its brief posted: whatever happens to the note, it must say so.
    try:
        client.chat_postEphemeral(channel=channel_id, user=user_id, **reply)
    except SlackApiError:
        logger.warning("kickoff note not shown in %s; sending it by DM", channel_id, exc_info=True)
        client.chat_postMessage(channel=user_id, **reply)


def form_context(meta: dict[str, Any]) -> tuple[str, int, tuple[str, ...]]:
    """(channel, payment terms, observers) from the sealed metadata, each re-checked like typed input."""
    channel_id, terms, observers = meta.get("channel_id"), meta.get("terms", 14), meta.get("observers") or []
    valid = (
        isinstance(channel_id, str) and channel_id[:1] in ("C", "G") and channel_id.isalnum()
        and type(terms) is int and 0 <= terms <= MAX_TERMS_DAYS
        and isinstance(observers, list) and all(isinstance(o, str) and o.isalnum() for o in observers)
    )
    if not valid:
        raise TamperedMetadata()
    return channel_id, terms, tuple(observers)


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


def _budget(raw: str):  # type: ignore[no-untyped-def]
    amount, _, currency = raw.strip().partition(" ")
    return parse_money(amount, currency.strip() or None, default_currency=None)

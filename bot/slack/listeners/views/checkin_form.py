"""The check-in form: fields validated inline, then saved exactly like a typed check-in."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.checkin.checkins import Report
from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.forms_validation import Collector
from bot.slack.grammar.checkin import parse_hours_worked
from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Submission
from bot.usecases import checkins


def handle_checkin_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                              context: dict[str, Any]) -> None:
    """Errors go back onto their fields; the confirmation arrives ephemerally in the channel."""
    runtime, submitted = runtime_of(context), Submission.of(body, view)
    meta, user_id = metadata.open(submitted.private_metadata), submitted.user_id
    checkins.require_engagement(runtime, submitted.team_id, meta["engagement_id"])
    form, check = values(view), Collector()
    progress = check.field(ids.PROGRESS, _progress, form.get(ids.PROGRESS))
    minutes = check.field(ids.WORKED, parse_hours_worked, form.get(ids.WORKED))
    report = Report(status=form.get(ids.STATUS) or "on_track", progress=progress, done=form.get(ids.DONE) or "",
                    next=form.get(ids.NEXT) or "", blockers=form.get(ids.BLOCKERS) or "", minutes_worked=minutes)
    if not check.errors:
        try:
            report.validate()
        except DomainError as error:
            check.add(ids.DONE, error.message)
    if check.errors:
        ack(response_action="errors", errors=check.errors)
        return
    ack()
    reply = checkins.save(runtime, client, meta["engagement_id"], user_id, report, "form")
    client.chat_postEphemeral(channel=meta["channel_id"], user=user_id, **reply)


def _progress(raw: str) -> int:
    text = raw.strip().removesuffix("%")
    if not text.isdigit() or int(text) > 100:
        raise DomainError("Progress is a number from 0 to 100.")
    return int(text)

"""The /task form: fields checked inline, then added exactly like `/task add` and confirmed ephemerally."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.forms_validation import Collector
from bot.slack.grammar.task import TaskCommand
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Submission
from bot.text.dates import parse_date
from bot.text.errors import ParseError
from bot.usecases import tasks


def handle_task_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Errors (the domain's too) go back onto their fields; then the channel is told and the invoker confirmed."""
    runtime, submitted = runtime_of(context), Submission.of(body, view)
    team_id, user_id = submitted.team_id, submitted.user_id
    channel_id = metadata.open(submitted.private_metadata)["channel_id"]
    today = known_today(runtime, team_id, user_id)
    form, check = values(view), Collector()
    due = check.field(ids.DUE, lambda raw: parse_date(raw, today=today), form.get(ids.DUE))
    if due is not None and due < today:
        check.add(ids.DUE, "The due date is in the past.")
    if not form.get(ids.TITLE):
        check.add(ids.TITLE, "Give the task a title.")
    if check.errors:
        ack(response_action="errors", errors=check.errors)
        return
    parsed = TaskCommand("add", title=form.get(ids.TITLE) or "", due_on=due, assignee_id=form.get(ids.ASSIGNEE))
    # Saved before the ack (the use case acks once it committed), so a refusal shows on the form.
    try:
        reply = tasks.change(runtime, client, team_id, user_id, channel_id, parsed, today, saved=ack)
    except (ParseError, DomainError) as error:
        if ack.response is not None:  # refused after the form closed: the error handler tells them
            raise
        check.add(ids.TITLE, error.message)
        ack(response_action="errors", errors=check.errors)
        return
    client.chat_postEphemeral(channel=channel_id, user=user_id, **reply)

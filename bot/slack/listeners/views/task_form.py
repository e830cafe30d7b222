"""The /task form: fields checked inline, then added exactly like `/task add` and confirmed ephemerally."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.forms_validation import Collector
from bot.slack.grammar.task import TaskCommand
from bot.slack.listeners.commands.task import change, tell
from bot.slack.listeners.common import known_today, runtime_of, team_of
from bot.text.dates import parse_date


def handle_task_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Errors (the domain's too) go back onto their fields; then the channel is told and the invoker confirmed."""
    runtime = runtime_of(context)
    team_id, user_id = team_of(body), body["user"]["id"]
    channel_id = metadata.open(view.get("private_metadata"))["channel_id"]
    today = known_today(runtime, team_id, user_id)
    form, check = values(view), Collector()
    due = check.field(ids.DUE, lambda raw: parse_date(raw, today=today), form.get(ids.DUE))
    if due is not None and due < today:
        check.add(ids.DUE, "The due date is in the past.")
    if not form.get(ids.TITLE):
        check.add(ids.TITLE, "Give the task a title.")
    parsed = TaskCommand("add", title=form.get(ids.TITLE) or "", due_on=due, assignee_id=form.get(ids.ASSIGNEE))
    # Saved before the ack, so a refusal shows on the form rather than after it closed.
    saved = None if check.errors else check.field(
        ids.TITLE, lambda _: change(runtime, client, team_id, user_id, channel_id, parsed, today), channel_id)
    if saved is None:
        ack(response_action="errors", errors=check.errors)
        return
    ack()
    task, event, warning = saved
    reply = tell(runtime, client, user_id, task, event, parsed.assignee_id, warning)
    client.chat_postEphemeral(channel=channel_id, user=user_id, **reply)

"""Approve / Request changes on the owner's review DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import milestones


def handle_approve(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   context: dict[str, Any]) -> None:
    """Approve: the task is done, its payment is due on the terms; the thread hears it (without money)."""
    ack()
    click = Click.of(body, action)
    milestones.approve(runtime_of(context), client, click.team_id, click.user_id, click.value,
                       (click.channel_id, click.message_ts))


def handle_request_changes(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                           context: dict[str, Any]) -> None:
    """Open the comment form; only the owner, only while the submission waits."""
    ack()
    click = Click.of(body, action)
    view = milestones.changes_form(runtime_of(context), click.team_id, click.user_id, click.value)
    client.views_open(trigger_id=click.trigger_id, view=view)


"""The "Mark paid" button on payment alerts: the owner closes the payment and the alerts stop."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of, update_clicked
from bot.slack.payloads import Click
from bot.usecases import payments


def handle_mark_paid(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     context: dict[str, Any]) -> None:
    """Only the engagement's owner may mark it paid; the clicked alert (or its digest line) shows it paid."""
    ack()
    clicked = Click.of(body, action)
    reply = payments.mark_paid(runtime_of(context), clicked.team_id, clicked.user_id, clicked.value,
                               body.get("message") or {}, action.get("block_id") or "")
    update_clicked(client, body, reply)

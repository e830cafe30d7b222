"""Submit and My tasks: what a contractor does without a slash command (Slack Connect members have none).

Thin: read the button, ask the use case, answer the person alone. A refusal (someone other than
the engagement's contractor pressed it) is raised after the ack and reaches them ephemerally.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of, team_of
from bot.usecases import my_work, submissions


def handle_open_submit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Open the submit form for the task's contractor."""
    ack()
    channel_id = (body.get("channel") or {}).get("id") or ""
    view = submissions.submit_form(runtime_of(context), team_id=team_of(body), user_id=body["user"]["id"],
                                   task_id=action.get("value"), channel_id=channel_id)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_open_thanks(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Open the thanks form (the one /thanks opens) for the contractor, from their work's message."""
    ack()
    channel_id = (body.get("channel") or {}).get("id") or ""
    view = my_work.thanks_form(runtime_of(context), team_id=team_of(body), user_id=body["user"]["id"],
                               engagement_id=action.get("value"), channel_id=channel_id)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_my_work(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   context: dict[str, Any]) -> None:
    """Show the contractor their work, in the channel where they pressed the button, to them alone."""
    ack()
    user_id = body["user"]["id"]
    reply = my_work.my_work(runtime_of(context), team_id=team_of(body), user_id=user_id,
                            engagement_id=action.get("value"))
    client.chat_postEphemeral(channel=(body.get("channel") or {}).get("id") or user_id, user=user_id, **reply)

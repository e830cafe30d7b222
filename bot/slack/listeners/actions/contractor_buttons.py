"""Submit, My tasks and Say thanks: what a contractor does without a slash command (Slack Connect members have none).

Thin: read the click, ask the use case, answer the person alone. A refusal (someone other than
the engagement's contractor pressed it) is raised after the ack and reaches them ephemerally.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.slack.listeners.common import runtime_of
from bot.slack.payloads import Click
from bot.usecases import my_work, submissions


def handle_open_submit(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Open the submit form for the task's contractor."""
    ack()
    click = Click.of(body, action)
    view = submissions.submit_form(runtime_of(context), team_id=click.team_id, user_id=click.user_id,
                                   task_id=click.value, channel_id=click.channel_id)
    client.views_open(trigger_id=click.trigger_id, view=view)


def handle_open_thanks(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       context: dict[str, Any]) -> None:
    """Open the thanks form (the one /thanks opens) for the contractor, from their work's message."""
    ack()
    click = Click.of(body, action)
    view = my_work.thanks_form(runtime_of(context), team_id=click.team_id, user_id=click.user_id,
                               engagement_id=click.value, channel_id=click.channel_id)
    client.views_open(trigger_id=click.trigger_id, view=view)


def handle_my_work(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   context: dict[str, Any]) -> None:
    """Show the contractor their work, in the channel where they pressed the button, to them alone."""
    ack()
    click = Click.of(body, action)
    reply = my_work.my_work(runtime_of(context), team_id=click.team_id, user_id=click.user_id,
                            engagement_id=click.value, channel_id=click.channel_id)
    client.chat_postEphemeral(channel=click.channel_id or click.user_id, user=click.user_id, **reply)

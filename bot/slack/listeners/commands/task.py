"""/task: the engagement's tasks; changes are told to the channel, answers go to the invoker alone."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Person, Task
from bot.db.session import transaction
from bot.domain import engagements, people, tasks
from bot.runtime import Runtime
from bot.slack.blocks.help import build_help
from bot.slack.blocks.tasks import (
    build_task_announcement,
    build_task_list,
    build_task_modal,
    build_task_reply,
)
from bot.slack.grammar import task as grammar
from bot.slack.listeners.commands.kickoff import NOT_IN_CHANNEL
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of

logger = logging.getLogger(__name__)


def handle_task(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                context: dict[str, Any]) -> None:
    """Route /task; a change is saved before the ack (so refusals come in it), then told to the channel."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = command["team_id"], command["user_id"], command["channel_id"]
    today = known_today(runtime, team_id, user_id)
    parsed = grammar.parse(command.get("text", ""), today=today)
    if parsed.action == "help":
        ack(**build_help("/task"))
    elif parsed.action == "list":
        ack(**list_tasks(runtime, team_id, channel_id, today))
    elif parsed.action == "modal":
        view = form_for(runtime, team_id, user_id, channel_id)
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)
    else:
        task, event = change(runtime, client, team_id, user_id, channel_id, parsed, today)
        ack()
        posted = announce(client, channel_id, build_task_announcement(task, event, user_id, parsed.assignee_id))
        respond(**build_task_reply(task, event, posted=posted), response_type="ephemeral")


def list_tasks(runtime: Runtime, team_id: str, channel_id: str, today: date) -> dict[str, Any]:
    """The channel's tasks as the speaker sees them (overdue judged in their calendar)."""
    with runtime.sessions() as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        return build_task_list(engagement, tasks.list_for(session, engagement=engagement), today)


def form_for(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> dict[str, Any]:
    """The task form, only for the engagement's owner or contractor."""
    with runtime.sessions() as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        tasks.require_member(engagement, user_id, "add tasks")
        return build_task_modal(channel_id, engagement)


def change(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
           parsed: grammar.TaskCommand, today: date) -> tuple[Task, str]:
    """Add, finish or block a task in one transaction; returns the task and what happened to it."""
    profile = profile_of(runtime, client, team_id, parsed.assignee_id) if parsed.assignee_id else None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        assignee = people.ensure(session, team_id=team_id, profile=profile, now=now) if profile else None
        return apply(session, engagement, user_id, parsed, assignee, today, now)


def apply(session: Session, engagement: Engagement, user_id: str, parsed: grammar.TaskCommand,
          assignee: Person | None, today: date, now: datetime) -> tuple[Task, str]:
    """The one domain call a sub-command stands for, and the event it produced."""
    if parsed.action == "add":
        return tasks.add(session, engagement=engagement, by_user=user_id, title=parsed.title,
                         due_on=parsed.due_on, assignee=assignee, today=today, now=now), "added"
    assert parsed.number is not None
    if parsed.action == "done":
        return tasks.finish(session, engagement=engagement, by_user=user_id, number=parsed.number, now=now), "done"
    return tasks.block(session, engagement=engagement, by_user=user_id, number=parsed.number,
                       reason=parsed.reason, now=now), "blocked"


def profile_of(runtime: Runtime, client: WebClient, team_id: str, user_id: str) -> people.Profile:
    """A known person's stored profile, else Slack's: the usual assignee costs no Slack call."""
    with runtime.sessions() as session:
        known = people.get(session, team_id=team_id, user_id=user_id)
        if known is not None:
            return people.Profile(user_id=user_id, name=known.name, tz=known.tz)
    return fetch_profile(client, user_id, runtime.settings.default_timezone)


def announce(client: WebClient, channel_id: str, payload: dict[str, Any]) -> bool:
    """Tell the channel; False when the bot was removed from it (the change itself is already saved)."""
    try:
        client.chat_postMessage(channel=channel_id, **payload)
    except SlackApiError as error:
        if error.response.get("error") in NOT_IN_CHANNEL:
            logger.info("could not announce in %s: %s", channel_id, error.response.get("error"))
            return False
        raise
    return True

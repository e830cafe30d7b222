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
from bot.db.session import reading, transaction
from bot.domain.engagement import engagements, guard_rails
from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.domain.work import milestones, tasks
from bot.runtime import Runtime
from bot.slack.blocks.help import build_help
from bot.slack.blocks.milestones import build_task_extras
from bot.slack.blocks.tasks import (
    build_task_announcement,
    build_task_list,
    build_task_modal,
    build_task_overview,
    build_task_reply,
)
from bot.slack.client import CANNOT_POST
from bot.slack.grammar import task as grammar
from bot.slack.listeners.commands.milestones import handle_submit
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of, team_of

logger = logging.getLogger(__name__)


def handle_task(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                context: dict[str, Any]) -> None:
    """Route /task; a change is saved before the ack (so refusals come in it), then told to the channel."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = team_of(command), command["user_id"], command["channel_id"]
    with reading(runtime.sessions) as session:  # the speaker's day and, for `list` (the most typed), the list
        today = speaker_today(session, runtime, team_id, user_id)
        parsed = grammar.parse(command.get("text", ""), today=today)
        listed = list_tasks(session, team_id, user_id, channel_id, today) if parsed.action == "list" else None
    if listed is not None:
        ack(**listed)
    elif parsed.action == "help":
        ack(**build_help("/task", known_today(runtime_of(context), team_of(command), command["user_id"])))
    elif parsed.action == "modal":
        view = form_for(runtime, team_id, user_id, channel_id)
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=view)
    elif parsed.action == "submit":
        ack()
        respond(**handle_submit(runtime, client, team_id, user_id, channel_id, parsed), response_type="ephemeral")
    else:
        task, event, warning = change(runtime, client, team_id, user_id, channel_id, parsed, today)
        ack()
        respond(**tell(runtime, client, user_id, task, event, parsed.assignee_id, warning), response_type="ephemeral")


def tell(runtime: Runtime, client: WebClient, user_id: str, task: Task, event: str, assignee_id: str | None,
         warning: str | None) -> dict[str, Any]:
    """Announce a change in the channel (remembering the message: its thread carries reviews); the invoker's reply.

    A ramp warning is for the owner: in their reply, or as a DM when the contractor added the task.
    """
    engagement = task.engagement
    credit = None
    if event == "done":  # the work is the assignee's (else the contractor's), whoever typed the command
        with reading(runtime.sessions) as session:
            assignee = session.get(Person, task.assignee_id) if task.assignee_id else None
            credit = tasks.credited(engagement, assignee.user_id if assignee else None)
    ts = announce(client, engagement.channel_id, build_task_announcement(task, event, user_id, assignee_id, credit))
    if ts and event == "added":
        with transaction(runtime.sessions) as session:
            session.get_one(Task, task.id).announce_ts = ts
    reply = build_task_reply(task, event, posted=bool(ts))
    owner_id = engagement.owner.user_id
    if warning and user_id != owner_id:
        client.chat_postMessage(channel=owner_id, text=f":warning: {warning}")
    reply["blocks"] += build_task_extras(task, warning if user_id == owner_id else None)
    return reply


def speaker_today(session: Session, runtime: Runtime, team_id: str, user_id: str) -> date:
    """known_today's answer read in an open session: the speaker's stored zone, else the workspace default."""
    tz = people.zone_of(session, team_id=team_id, user_id=user_id)
    return worktime.local_today(runtime.clock(), tz if tz is not None else runtime.settings.default_timezone)


def list_tasks(session: Session, team_id: str, user_id: str, channel_id: str, today: date) -> dict[str, Any]:
    """The channel's tasks as the speaker sees them (overdue judged in their calendar); in a DM, all of theirs."""
    here = engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if here is None and channel_id.startswith("D"):  # a direct message: Slack's DM ids start with D
        return build_task_overview(tasks.listed_for_person(session, team_id=team_id, user_id=user_id), today)
    engagement, rows = tasks.listed_in(session, team_id=team_id, channel_id=channel_id)
    return build_task_list(engagement, rows, today)


def form_for(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> dict[str, Any]:
    """The task form, only for the engagement's owner or contractor."""
    with runtime.sessions() as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        tasks.require_member(engagement, user_id, "add tasks")
        return build_task_modal(channel_id, engagement)


def change(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
           parsed: grammar.TaskCommand, today: date) -> tuple[Task, str, str | None]:
    """Add, finish or block a task in one transaction; returns the task, what happened and any ramp warning."""
    profile = profile_of(runtime, client, team_id, parsed.assignee_id) if parsed.assignee_id else None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        assignee = people.ensure(session, team_id=team_id, profile=profile, now=now) if profile else None
        task, event = apply(session, engagement, user_id, parsed, assignee, today, now)
        task.engagement = engagement  # loaded now: the channel note and the reply are built after the session closes
        if event != "added":
            return task, event, None
        if parsed.pay is not None:
            milestones.attach_pay(task, by_user=user_id, pay=parsed.pay)
        return task, event, guard_rails.ramp_warning(session, task=task, assignee=assignee, today=today)


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


def announce(client: WebClient, channel_id: str, payload: dict[str, Any], thread_ts: str | None = None) -> str | None:
    """Tell the channel; the message ts, or None when the bot was removed from it (the change is already saved)."""
    try:
        return client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, **payload)["ts"]
    except SlackApiError as error:
        if error.response.get("error") in CANNOT_POST:
            logger.info("could not announce in %s: %s", channel_id, error.response.get("error"))
            return None
        raise

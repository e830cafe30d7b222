"""An engagement's tasks: list them, open the form, and add, finish or block one.

A change is one transaction; then the channel is told (the announcement's ts is noted on an added
task, whose thread later carries its reviews) and the invoker gets their reply. /task and the task
form both end here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Person, Task
from bot.db.session import reading, transaction
from bot.domain.engagement import engagements, guard_rails
from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.domain.work import milestones, tasks
from bot.runtime import Runtime
from bot.slack.blocks.contractor_buttons import task_buttons
from bot.slack.blocks.milestones import build_task_extras
from bot.slack.blocks.tasks import (
    build_task_announcement,
    build_task_list,
    build_task_modal,
    build_task_overview,
    build_task_reply,
)
from bot.slack.grammar.task import TaskCommand
from bot.slack.profiles import fetch_profile
from bot.usecases.posting import announce

Payload = dict[str, Any]


def listing(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> Payload:
    """The channel's tasks as the speaker sees them (overdue judged in their calendar); in a DM, all of theirs.

    One read: `/task list` is the most typed, so the speaker's day comes from the same session.
    """
    with reading(runtime.sessions) as session:
        # The channel's engagement, its tasks and the speaker's zone in one prebuilt read (not an ORM read
        # of the engagement with its people first, only to learn whether there was one, then the list).
        here = tasks.in_channel(session, team_id=team_id, channel_id=channel_id, speaker=user_id)
        tz = here.speaker_tz if here is not None else people.zone_of(session, team_id=team_id, user_id=user_id)
        today = worktime.local_today(runtime.clock(), tz if tz is not None else runtime.settings.default_timezone)
        if here is None and channel_id.startswith("D"):  # a direct message: Slack's DM ids start with D
            return build_task_overview(tasks.listed_for_person(session, team_id=team_id, user_id=user_id), today)
        if here is None:  # the refusal, worded in one place
            return build_task_list(*tasks.listed_in(session, team_id=team_id, channel_id=channel_id), today)
        return build_task_list(here.engagement, here.rows, today)


def form(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> Payload:
    """The task form, only for the engagement's owner or contractor."""
    with reading(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        tasks.require_member(engagement, user_id, "add tasks")
        return build_task_modal(channel_id, engagement)


def change(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str,
           parsed: TaskCommand, today: date | None, *, saved: Callable[[], object] = lambda: None) -> Payload:
    """Add, finish or block a task in one transaction, then tell the channel; the invoker's reply.

    `today` is the speaker's day the text was read with; only adding a task needs it (its due date,
    the ramp warning), and it is read in the transaction when the caller had no reason to.

    `saved` runs once the change is committed and before anything is posted: listeners ack there,
    so a refusal (raised before it) comes back in the ack or onto the form's field.
    A ramp warning is for the owner: in their reply, or as a DM when the contractor added the task.
    """
    profile = _profile(runtime, client, team_id, parsed.assignee_id) if parsed.assignee_id else None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        assignee = people.ensure(session, team_id=team_id, profile=profile, now=now) if profile else None
        if today is None and parsed.action == "add":
            today = worktime.local_today(now, _zone(session, runtime, team_id, user_id))
        task, event = apply(session, engagement, user_id, parsed, assignee, today, now)
        task.engagement = engagement  # loaded now: the reply is built after the session closes
        warning = None
        if event == "added":
            if parsed.pay is not None:
                milestones.attach_pay(task, by_user=user_id, pay=parsed.pay)
            assert today is not None
            warning = guard_rails.ramp_warning(session, task=task, assignee=assignee, today=today)
        credit = None
        if event == "done":  # the work is the assignee's (else the contractor's), whoever typed the command
            done_by = session.get(Person, task.assignee_id) if task.assignee_id else None
            credit = tasks.credited(engagement, done_by.user_id if done_by else None)
        news = build_task_announcement(task, event, user_id, parsed.assignee_id, credit)
        if event == "added":  # Submit and My tasks: an agency's member over Slack Connect has no /task
            session.flush()  # the buttons carry the task's id
            news["blocks"].append(task_buttons(task))
        owner_id, task_id = engagement.owner.user_id, task.id
    saved()
    ts = announce(client, channel_id, news)
    if ts and event == "added":  # noted after the post: the thread is where its reviews go
        with transaction(runtime.sessions) as session:
            session.get_one(Task, task_id).announce_ts = ts
    reply = build_task_reply(task, event, posted=bool(ts))
    if warning and user_id != owner_id:
        client.chat_postMessage(channel=owner_id, text=f":warning: {warning}")
    reply["blocks"] += build_task_extras(task, warning if user_id == owner_id else None, owner=user_id == owner_id)
    return reply


def apply(session: Session, engagement: Engagement, user_id: str, parsed: TaskCommand,
          assignee: Person | None, today: date | None, now: datetime) -> tuple[Task, str]:
    """The one domain call a sub-command stands for, and the event it produced (only `add` reads today)."""
    if parsed.action == "add":
        assert today is not None
        return tasks.add(session, engagement=engagement, by_user=user_id, title=parsed.title,
                         due_on=parsed.due_on, assignee=assignee, today=today, now=now), "added"
    assert parsed.number is not None
    if parsed.action == "done":
        return tasks.finish(session, engagement=engagement, by_user=user_id, number=parsed.number, now=now), "done"
    return tasks.block(session, engagement=engagement, by_user=user_id, number=parsed.number,
                       reason=parsed.reason, now=now), "blocked"


def _zone(session: Session, runtime: Runtime, team_id: str, user_id: str) -> str:
    """The speaker's stored zone, else the workspace default."""
    tz = people.zone_of(session, team_id=team_id, user_id=user_id)
    return tz if tz is not None else runtime.settings.default_timezone


def _profile(runtime: Runtime, client: WebClient, team_id: str, user_id: str) -> people.Profile:
    """A known person's stored profile, else Slack's: the usual assignee costs no Slack call."""
    with reading(runtime.sessions) as session:
        known = people.get(session, team_id=team_id, user_id=user_id)
        if known is not None:
            return people.Profile(user_id=user_id, name=known.name, tz=known.tz)
    return fetch_profile(client, user_id, runtime.settings.default_timezone)

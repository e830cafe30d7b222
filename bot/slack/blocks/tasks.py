"""Task messages: the short line the channel sees, the invoker's reply, the list and the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.db.models import Engagement, Task
from bot.domain.work import tasks
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, header, message, mrkdwn, user_text

ICONS = {"open": ":white_square:", "blocked": ":construction:", "submitted": ":inbox_tray:",
         "done": ":white_check_mark:"}
SHOWN_OPEN, SHOWN_DONE = 60, 10


def describe_due(task: Task, today: date) -> str:
    """'due Fri 05 Dec' with an overdue marker in the viewer's calendar, or ''."""
    if task.due_on is None:
        return ""
    text = f"due {task.due_on:%a %d %b}"
    return text + " · :warning: *overdue*" if tasks.is_overdue(task, today) else text


def task_line(row: tasks.TaskRow, today: date) -> str:
    """'⬜ *3.* Homepage · due Fri 05 Dec · @maria · blocked: brand assets'."""
    task = row.task
    parts = [f"{ICONS.get(task.status, ICONS['open'])} *{task.number}.* {user_text(task.title, 200)}"]
    if task.status != "done":
        parts.append(describe_due(task, today))
    if row.assignee_user_id:
        parts.append(f"<@{row.assignee_user_id}>")
    if task.status == "blocked" and task.blocked_reason:
        parts.append(f"blocked: {user_text(task.blocked_reason, 300)}")
    return " · ".join(p for p in parts if p)


def build_task_list(engagement: Engagement, rows: list[tasks.TaskRow], today: date) -> dict[str, Any]:
    """The invoker's ephemeral list: open and blocked tasks first, then the latest done ones."""
    title = user_text(engagement.title, 200)
    if not rows:
        return message("No tasks yet.", [mrkdwn(
            f"No tasks yet in *{title}*. Add one with `/task add \"Homepage design\" due friday`.")])
    pending = [r for r in rows if r.task.status != "done"]
    done = [r for r in rows if r.task.status == "done"]
    blocks = [header(f"Tasks: {engagement.title}")]
    lines = [task_line(r, today) for r in pending[:SHOWN_OPEN]] or ["Nothing open. :tada:"]
    blocks += sections(lines)
    if len(pending) > SHOWN_OPEN:
        blocks.append(context(f"…and {len(pending) - SHOWN_OPEN} more open tasks."))
    if done:
        blocks.append(context(f"*Done ({len(done)})*"))
        blocks += sections([task_line(r, today) for r in done[:SHOWN_DONE]])
    summary = f"{len(pending)} open, {len(done)} done"
    blocks.append(context(f"{summary} · `/task done N` · `/task block N reason`"))
    return message(f"Tasks: {summary}", blocks)


def build_task_overview(listed: list[tuple[Engagement, list[tasks.TaskRow]]], today: date) -> dict[str, Any]:
    """Away from a channel (the DM with Tandem): the open tasks of every engagement the speaker is part of."""
    if not listed:
        return message("No engagements.", [mrkdwn(
            "You are not part of any engagement in progress, so there are no tasks to show. Tasks live in an "
            "engagement's channel: `/task list` there.")])
    blocks: list[dict[str, Any]] = [header("Your tasks")]
    open_total = 0
    for engagement, rows in listed[:20]:
        pending = [r for r in rows if r.task.status != "done"]
        open_total += len(pending)
        lines = [task_line(r, today) for r in pending[:15]] or ["Nothing open. :tada:"]
        blocks += sections([f"*{user_text(engagement.title, 150)}* in <#{engagement.channel_id}>", *lines])
        if len(pending) > 15:
            blocks.append(context(f"…and {len(pending) - 15} more: `/task list` in <#{engagement.channel_id}>"))
    blocks.append(context("`/task done N` and `/task block N reason` work in the engagement's channel."))
    return message(f"Your tasks: {open_total} open in {len(listed)} engagement(s)", blocks[:50])


def sections(lines: list[str], limit: int = 2900) -> list[dict[str, Any]]:
    """Lines packed into sections under Slack's 3000-character limit, never splitting a line."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if groups[-1] and len("\n".join([*groups[-1], line])) > limit:
            groups.append([])
        groups[-1].append(line)
    return [mrkdwn("\n".join(group)) for group in groups if group]


def build_task_announcement(task: Task, event: str, actor: str, assignee_id: str | None = None,
                            credit: str | None = None) -> dict[str, Any]:
    """The short line the channel sees when a task is added, done or blocked.

    A finished task is credited to `credit` (its assignee, else the contractor), and says who
    marked it done when that was someone else.
    """
    title = user_text(task.title, 200)
    if event == "added":
        due = f"due {task.due_on:%a %d %b}" if task.due_on else ""
        tail = " · ".join(e for e in (due, f"for <@{assignee_id}>" if assignee_id else "") if e)
        text = f":memo: <@{actor}> added task *{task.number}*: {title}" + (f" · {tail}" if tail else "")
    elif event == "done":
        who = credit or actor
        marked = f" (marked done by <@{actor}>)" if who != actor else ""
        text = f":white_check_mark: <@{who}> finished task *{task.number}*: {title}{marked}"
    else:
        reason = user_text(task.blocked_reason, 500)
        text = f":construction: <@{actor}> marked task *{task.number}* blocked: {title}\n> {reason}"
    return message(text, [mrkdwn(text)])


def build_task_reply(task: Task, event: str, *, posted: bool = True) -> dict[str, Any]:
    """The invoker's own confirmation, with what to type next (and a note if the channel wasn't told)."""
    text = {
        "added": f":white_check_mark: Added task *{task.number}*. When it's finished: `/task done {task.number}`.",
        "done": f":white_check_mark: Task *{task.number}* is done. `/task list` shows what is left.",
        "blocked": f":construction: Task *{task.number}* is marked blocked. "
                   f"Finish it with `/task done {task.number}`.",
    }[event]
    blocks = [mrkdwn(text)]
    if not posted:
        blocks.append(context("I couldn't tell the channel: I'm not in it any more. "
                              "Invite me with `/invite @Tandem`."))
    return message(f"Task {task.number} {event}", blocks)


def build_task_modal(channel_id: str, engagement: Engagement) -> dict[str, Any]:
    """The /task form: a title, an optional due date and an optional assignee."""
    return forms.modal(
        ids.TASK_MODAL,
        "Add a task",
        [
            context(f"*{user_text(engagement.title, 200)}*"),
            forms.text_input(ids.TITLE, "Title", max_length=200, placeholder="Homepage design"),
            forms.date_picker(ids.DUE, "Due date", optional=True),
            forms.user_select(ids.ASSIGNEE, "Assignee", optional=True),
        ],
        submit="Add",
        private_metadata=metadata.seal({"channel_id": channel_id}),
    )

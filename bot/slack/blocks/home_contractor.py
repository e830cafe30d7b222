"""The contractor's part of the Home tab: their engagements, tasks, shared feedback and thanks.

Built only from a ContractorDashboard, which holds no payments, budgets or unshared ratings.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.db.models import Engagement, Feedback, Task
from bot.domain.recognition.feedback import DIMENSIONS
from bot.domain.reports.dashboards import ContractorDashboard
from bot.domain.schedule import worktime
from bot.domain.work import tasks as task_rules
from bot.slack.blocks.common import context, header, user_text
from bot.slack.blocks.kickoff import next_checkin
from bot.slack.blocks.tasks import ICONS, sections

SHOWN_ENGAGEMENTS = 20


def engagement_line(engagement: Engagement, tz: str, now: datetime) -> str:
    """One engagement as its contractor sees it: owner, channel, next check-in in their own time, deadline."""
    upcoming = next_checkin(engagement, now) if engagement.status == "active" else None
    when = worktime.format_upcoming(upcoming, tz, now) if upcoming else "none scheduled"
    return (f"*{user_text(engagement.title, 150)}* for <@{engagement.owner.user_id}> in "
            f"<#{engagement.channel_id}> · next check-in {when} · deadline {engagement.deadline:%a %d %b %Y}")


def contractor_blocks(board: ContractorDashboard, *, now: datetime) -> list[dict[str, Any]]:
    """Engagements with the next check-in in the contractor's own time, then tasks, feedback, thanks."""
    tz = board.engagements[0].contractor.person.tz
    lines = []
    for engagement in board.engagements[:SHOWN_ENGAGEMENTS]:
        lines.append(engagement_line(engagement, tz, now))
    blocks = [header(f"Your work ({len(board.engagements)})"), *sections(lines)]
    if len(board.engagements) > SHOWN_ENGAGEMENTS:
        blocks.append(context(f"…and {len(board.engagements) - SHOWN_ENGAGEMENTS} more engagements."))
    titles = {e.id: e.title for e in board.engagements}
    today = worktime.local_today(now, tz)
    task_lines = [task_line(t, titles, today) for t in board.open_tasks]
    blocks += [header("Your open tasks"), *sections(task_lines or ["No open tasks. :tada:"])]
    if board.feedback:
        blocks += [header("Feedback shared with you"),
                   *sections([feedback_line(e.title, row) for e, row in board.feedback])]
    if board.thanks:
        blocks += [header("Thanks you received"), *sections([
            f":tada: <@{t.from_user}> {t.created_at:%d %b}: {user_text(t.reason, 300)}" for t in board.thanks])]
    blocks.append(context("`/checkin` to report · `/task list` in an engagement's channel for all tasks."))
    return blocks


def task_line(task: Task, titles: dict[int, str], today: date) -> str:
    """'⬜ *3.* Homepage · Website · due Fri 05 Dec'."""
    parts = [f"{ICONS.get(task.status, ICONS['open'])} *{task.number}.* {user_text(task.title, 150)}",
             user_text(titles.get(task.engagement_id, ""), 80)]
    if task.due_on is not None:
        overdue = " · :warning: *overdue*" if task_rules.is_overdue(task, today) else ""
        parts.append(f"due {task.due_on:%a %d %b}{overdue}")
    return " · ".join(p for p in parts if p)


def feedback_line(title: str, row: Feedback) -> str:
    """'*Website*, shared 02 Nov: quality 4/5 · timeliness 5/5 — “Great work”' (only shared feedback)."""
    ratings = [f"{d} {getattr(row, d)}/5" for d in DIMENSIONS if getattr(row, d) is not None]
    shared = f"{row.shared_at:%d %b}" if row.shared_at else ""
    text = f"*{user_text(title, 100)}*, shared {shared}: {' · '.join(ratings) or 'no ratings'}"
    return text + (f" — “{user_text(row.comment, 500)}”" if row.comment else "")

"""Tasks: numbered per engagement, added and moved along by its owner or its contractor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session, aliased, lazyload

from bot.db.models import Engagement, Payment, Person, Submission, Task
from bot.domain.engagement import engagements
from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.schedule import worktime

ADD_EXAMPLE = '/task add "Homepage design" due {today+7} @maria'
DONE_EXAMPLE = "/task done 3"
BLOCK_EXAMPLE = "/task block 3 waiting for brand assets"
TITLE_LIMIT = 200


@dataclass(frozen=True)
class TaskRow:
    """A task with its assignee's Slack id, as the list shows it."""

    task: Task
    assignee_user_id: str | None


def require_member(engagement: Engagement, user_id: str, action: str) -> str:
    """The speaker's role, or a polite refusal: only the owner and the contractor touch tasks."""
    role = engagements.role_of(engagement, user_id)
    if role is None:
        raise NotAllowed(
            f"Only the engagement's owner, <@{engagement.owner.user_id}>, or its contractor, "
            f"<@{engagement.contractor.person.user_id}>, can {action}."
        )
    return role


def next_number(session: Session, model: type[Task] | type[Payment], engagement_id: int) -> int:
    """The next per-engagement number, computed after locking the engagement row.

    Two concurrent adds cannot both read the same max(): the engagement is locked first.
    """
    engagements.lock(session, engagement_id)
    latest = session.scalar(select(func.max(model.number)).where(model.engagement_id == engagement_id))
    return (latest or 0) + 1


def add(
    session: Session, *, engagement: Engagement, by_user: str, title: str, due_on: date | None,
    assignee: Person | None, today: date, now: datetime,
) -> Task:
    """Add a task with the next number; refuses strangers, empty titles and past due dates."""
    require_member(engagement, by_user, "add tasks")
    title = title.strip()
    if not title:
        raise DomainError("Give the task a title, in quotes.", ADD_EXAMPLE)
    if len(title) > TITLE_LIMIT:
        raise DomainError(f"Keep the task title under {TITLE_LIMIT} characters.", ADD_EXAMPLE)
    if due_on is not None and due_on < today:
        raise DomainError(f"The due date {due_on.isoformat()} is in the past.", ADD_EXAMPLE)
    task = Task(
        engagement_id=engagement.id, engagement=engagement,
        number=next_number(session, Task, engagement.id), title=title, due_on=due_on,
        assignee_id=assignee.id if assignee else None, status="open", blocked_reason="",
        created_by=by_user, created_at=now, updated_at=now,
    )
    session.add(task)
    session.flush()
    return task


def get(session: Session, *, engagement: Engagement, number: int) -> Task:
    """One task of the engagement by its number, or a pointer to /task list."""
    task = session.scalar(
        select(Task).where(Task.engagement_id == engagement.id, Task.number == number)
    )
    if task is None:
        raise NotFound(f"There is no task {number} in this engagement. `/task list` shows them.")
    return task


def finish(session: Session, *, engagement: Engagement, by_user: str, number: int, now: datetime) -> Task:
    """Mark a task done (blocked ones too: finishing unblocks them)."""
    require_member(engagement, by_user, "finish tasks")
    task = get(session, engagement=engagement, number=number)
    if task.status == "done":
        raise DomainError(already_done(task, engagement.owner.tz if by_user == engagement.owner.user_id
                                       else engagement.contractor.person.tz))
    if task.pay_minor is not None:
        # Work and money in one loop: a paid task is finished by its approval, which creates the payment.
        raise DomainError(f"Task {number} is a milestone with a payment: the contractor submits it with "
                          f"`/task submit {number}` and the owner approves it.", f"/task submit {number}")
    task.status, task.blocked_reason, task.done_at, task.updated_at = "done", "", now, now
    task.done_by = by_user
    # Work handed in and then marked done is accepted: its review is closed, so no button acts on it again.
    for waiting in session.scalars(select(Submission).where(Submission.task_id == task.id,
                                                            Submission.outcome == "pending")):
        waiting.outcome, waiting.reviewed_at, waiting.reviewed_by, waiting.updated_at = "approved", now, by_user, now
    session.flush()
    return task


def already_done(task: Task, tz: str) -> str:
    """'Task 2 is already done (marked by <@U0OWNER> on Mon 07 Dec).': the state, for a late command or button."""
    when = f" on {worktime.local_now(task.done_at, tz):%a %d %b}" if task.done_at else ""
    who = f" by <@{task.done_by}>" if task.done_by else ""
    return f"Task {task.number} is already done (marked{who}{when})." if who or when else \
        f"Task {task.number} is already done."


def credited(engagement: Engagement, assignee_user_id: str | None) -> str:
    """Whose work a task is: its assignee, else the engagement's contractor (never whoever typed the command)."""
    return assignee_user_id or engagement.contractor.person.user_id


def block(
    session: Session, *, engagement: Engagement, by_user: str, number: int, reason: str, now: datetime
) -> Task:
    """Mark a task blocked with the reason, so the owner sees what to unblock."""
    require_member(engagement, by_user, "block tasks")
    reason = reason.strip()
    if not reason:
        raise DomainError("Say what blocks the task.", BLOCK_EXAMPLE)
    task = get(session, engagement=engagement, number=number)
    if task.status == "done":
        raise DomainError(f"Task {number} is already done, so it can't be blocked.", BLOCK_EXAMPLE)
    task.status, task.blocked_reason, task.updated_at = "blocked", reason, now
    session.flush()
    return task


# Built once: `/task list` is read far more often than tasks change, and building costs more than running.
# The channel's open engagement (its people not loaded: the list shows none) with each of its tasks and
# the task's assignee, and the speaker's zone (overdue is judged in their calendar), in one read; an
# engagement without tasks comes back once, with no task.
_speaker = aliased(Person)
_SPEAKER_TZ = (select(_speaker.tz)
               .where(_speaker.team_id == bindparam("team_id"), _speaker.user_id == bindparam("speaker"))
               .scalar_subquery())
_IN_CHANNEL = (
    select(Engagement, Task, Person.user_id, _SPEAKER_TZ)
    .outerjoin(Task, Task.engagement_id == Engagement.id)
    .outerjoin(Person, Task.assignee_id == Person.id)
    .where(Engagement.team_id == bindparam("team_id"), Engagement.channel_id == bindparam("channel_id"),
           # Plain comparisons, not IN (...): an IN of literals is re-rendered on every execution.
           or_(*(Engagement.status == state for state in engagements.OPEN_STATUSES)))
    .options(lazyload(Engagement.owner), lazyload(Engagement.contractor))
)
_LIST = (
    select(Task, Person.user_id)
    .outerjoin(Person, Task.assignee_id == Person.id)
    .where(Task.engagement_id == bindparam("engagement_id"))
    .order_by(Task.number)
)


@dataclass(frozen=True)
class ChannelTasks:
    """A channel's open engagement, its tasks as list_for orders them, and the zone of who asked (None: unknown)."""

    engagement: Engagement
    rows: list[TaskRow]
    speaker_tz: str | None


def in_channel(session: Session, *, team_id: str, channel_id: str, speaker: str) -> ChannelTasks | None:
    """The channel's open engagement, its tasks and the speaker's zone, in one read; None without an engagement."""
    found = session.execute(_IN_CHANNEL, {"team_id": team_id, "channel_id": channel_id, "speaker": speaker}).all()
    if not found:
        return None
    engagement = found[0][0]
    return ChannelTasks(engagement, _ordered([TaskRow(task, user_id) for here, task, user_id, _ in found
                                              if task is not None and here is engagement]), found[0][3])


def listed_in(session: Session, *, team_id: str, channel_id: str) -> tuple[Engagement, list[TaskRow]]:
    """The channel's engagement (its people not loaded: the list shows none) and its tasks, as list_for orders them."""
    found = in_channel(session, team_id=team_id, channel_id=channel_id, speaker="")
    if found is not None:
        return found.engagement, found.rows
    engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)  # the refusal
    return engagement, list_for(session, engagement=engagement)


def listed_for_person(session: Session, *, team_id: str, user_id: str) -> list[tuple[Engagement, list[TaskRow]]]:
    """Every open engagement the person owns or works on, with its tasks."""
    mine = {e.id: e for e in [*engagements.for_owner(session, team_id=team_id, user_id=user_id),
                              *engagements.for_contractor(session, team_id=team_id, user_id=user_id)]}
    ordered = sorted(mine.values(), key=lambda e: (e.deadline, e.id))
    return [(engagement, list_for(session, engagement=engagement)) for engagement in ordered]


def list_for(session: Session, *, engagement: Engagement) -> list[TaskRow]:
    """Every task: open and blocked first (soonest due first), then done ones (newest first)."""
    found = session.execute(_LIST, {"engagement_id": engagement.id})
    return _ordered([TaskRow(task, user_id) for task, user_id in found])


def _ordered(found: list[TaskRow]) -> list[TaskRow]:
    """Open and blocked first (soonest due first, then by number), then done ones (newest first)."""
    pending = sorted((r for r in found if r.task.status != "done"), key=_due_key)
    done = sorted((r for r in found if r.task.status == "done"), key=lambda r: -r.task.number)
    return pending + done


def _due_key(row: TaskRow) -> tuple[date, int]:
    return row.task.due_on or date.max, row.task.number


def is_overdue(task: Task, today: date) -> bool:
    """Not done and due before today (today in the viewer's zone)."""
    return task.status != "done" and task.due_on is not None and task.due_on < today

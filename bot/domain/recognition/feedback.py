"""Feedback prompts: when the owner is asked to rate, and recording the ratings, comment and sharing.

A prompt is due every `feedback_every_days` after the last one (or the engagement's start), and
after a task is marked done since the last one. Keys are built from the triggering date or
done-at instant, never from `now`, so every worker and every retry computes the same key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Delivery, Engagement, Feedback, Task
from bot.db.results import rowcount
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.engagement import engagements as engagement_rules
from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.schedule import worktime
from bot.domain.shapes import EngagementLike

DUTY = "feedback_prompt"
DIMENSIONS = ("quality", "timeliness", "communication")
# A task finished longer ago than this is not worth a prompt after an outage.
TASK_GRACE = timedelta(days=7)
SHARE_AGAIN_AFTER = timedelta(seconds=30)  # a second Share within this is the same press twice


class AlreadyShared(DomainError):
    """Share pressed twice at once: the first press sends the feedback, the second nothing."""

    def __init__(self) -> None:
        super().__init__("Shared with the contractor just now; nothing more was sent.")


@dataclass(frozen=True)
class Due:
    """One feedback prompt to send: its key, why, and when it came due."""

    engagement_id: int
    key: str
    reason: str
    due_at: datetime


def last_prompts(session: Session, engagement_ids: Iterable[int], *, since: datetime) -> dict[int, datetime]:
    """When each engagement's latest settled (sent or skipped) feedback prompt came due, from `since` on.

    A still-claimed prompt does not count: its attempt may have died before posting, and counting
    it would start the next period without it ever being re-offered (the same day's key is).
    Only prompts due from `since` (see `relevant_since`) are read, so each tick reads weeks of
    history, not every prompt the workspace was ever sent.
    """
    wanted = set(engagement_ids)
    # Streamed: every engagement's latest prompt is one row, 100,000 of them a tick at full size.
    rows = session.connection().execution_options(yield_per=2000).execute(
        select(Delivery.key, Delivery.due_at)
        .where(Delivery.duty == DUTY, Delivery.status != ledger.CLAIMED, Delivery.due_at >= since))
    latest: dict[int, datetime] = {}
    instants: dict[datetime, datetime] = {}  # prompts come due at a few instants: one object each, not 100,000
    for key, due_at in rows:
        engagement_id = ledger_keys.subject_of(key)
        if engagement_id in wanted and (engagement_id not in latest or due_at > latest[engagement_id]):
            latest[engagement_id] = instants.setdefault(due_at, due_at)
    return latest


def relevant_since(every_days: Iterable[int], now: datetime) -> datetime:
    """The oldest prompt that can still change `due_for`'s answer at `now`.

    A last prompt older than the longest period (and older than TASK_GRACE) makes `due_for` answer
    exactly as no prompt at all would: the period has passed either way (prompts never precede the
    engagement's start), and any task done within the grace is newer than it. Two days more are a
    margin for counting periods in the owner's local days (a DST change makes one a 23-hour day).
    """
    longest = max((max(days, 1) for days in every_days), default=1)
    return now - max(timedelta(days=longest), TASK_GRACE) - timedelta(days=2)


def last_done(session: Session, engagement_ids: Iterable[int]) -> dict[int, datetime]:
    """The latest done_at of a finished task per engagement, in one grouped query."""
    rows = session.execute(
        select(Task.engagement_id, func.max(Task.done_at))
        .where(any_of(session, Task.engagement_id, set(engagement_ids)), Task.status == "done",
               Task.done_at.is_not(None))
        .group_by(Task.engagement_id)
    )
    return {engagement_id: done_at for engagement_id, done_at in rows if done_at is not None}


def due_for(engagement: EngagementLike, last_prompt: datetime | None, done_at: datetime | None,
            now: datetime) -> Due | None:
    """The prompt due for one engagement at `now`, if any: a finished task first, else the period."""
    if done_at is not None and (last_prompt is None or done_at > last_prompt) and now - done_at <= TASK_GRACE:
        return Due(engagement.id, ledger_keys.feedback_done(engagement.id, done_at), "task", done_at)
    owner = engagement.owner
    since = worktime.local_today(last_prompt, owner.tz) if last_prompt else engagement.start_on
    every, today = max(engagement.feedback_every_days, 1), worktime.local_today(now, owner.tz)
    if (today - since).days < every:
        return None
    # Keyed by today, not by the first missed day: an outage never causes a catch-up burst, and
    # the next period counts from the prompt actually sent.
    day = today
    return Due(engagement.id, ledger_keys.feedback_every(engagement.id, day), "period",
               worktime.at_local(day, owner.work_start, owner.tz))


def reason_of(key: str) -> str:
    """'task', 'end' or 'period', read back from a prompt's ledger key."""
    return ledger_keys.feedback_reason(key)


def for_prompt(session: Session, *, channel_id: str, ts: str) -> tuple[Engagement, Feedback | None, str] | None:
    """The engagement a feedback prompt message belongs to, its Feedback row if any, and why it was sent."""
    prompt = ledger.by_message(session, duty=DUTY, channel_id=channel_id, ts=ts)
    if prompt is None:
        return None
    parsed = ledger_keys.LedgerKey.parse(prompt.key)
    engagement = session.get(Engagement, parsed.subject) if parsed is not None else None
    if engagement is None:
        return None
    # By engagement too: a ts is unique within one channel only, and another workspace's prompt may share it.
    row = session.scalar(select(Feedback).where(Feedback.engagement_id == engagement.id, Feedback.prompt_ts == ts))
    return engagement, row, reason_of(prompt.key)


def _own(session: Session, engagement: Engagement, row: Feedback | None, user_id: str, *, channel_id: str,
         ts: str, now: datetime) -> Feedback:
    """The prompt's Feedback row, created on first use; only the owner may touch it (ratings are private)."""
    if engagement_rules.role_of(engagement, user_id) != "owner":
        raise NotAllowed("Only the engagement's owner rates the work.")
    if row is None:
        # Ratings clicked in quick succession each found no row and each made one. Locking the engagement
        # first, a click that waited for the lock finds the row the other one made.
        engagement_rules.lock(session, engagement.id)
        row = session.scalar(select(Feedback).where(Feedback.engagement_id == engagement.id, Feedback.prompt_ts == ts))
    if row is None:
        row = Feedback(engagement_id=engagement.id, author_id=engagement.owner_id, prompt_channel=channel_id,
                       prompt_ts=ts, comment="", created_at=now, updated_at=now)
        session.add(row)
    row.updated_at = now
    return row


def rate(session: Session, *, channel_id: str, ts: str, user_id: str, dimension: str, score: int,
         now: datetime) -> tuple[Engagement, Feedback, str]:
    """Record one rating (1-5) on the prompt's Feedback row; clicking again changes it."""
    found = for_prompt(session, channel_id=channel_id, ts=ts)
    if found is None or dimension not in DIMENSIONS or not 1 <= score <= 5:
        raise NotFound("This feedback prompt is no longer known.")
    row = _own(session, found[0], found[1], user_id, channel_id=channel_id, ts=ts, now=now)
    setattr(row, dimension, score)
    session.flush()
    return found[0], row, found[2]


def comment(session: Session, *, channel_id: str, ts: str, user_id: str, text: str,
            now: datetime) -> Feedback | None:
    """Record the owner's thread reply as the comment; None when the thread is not a feedback prompt."""
    found = for_prompt(session, channel_id=channel_id, ts=ts)
    if found is None or engagement_rules.role_of(found[0], user_id) != "owner":
        return None
    row = _own(session, found[0], found[1], user_id, channel_id=channel_id, ts=ts, now=now)
    row.comment = f"{row.comment}\n{text}".strip() if row.comment else text.strip()
    session.flush()
    return row


def amend_comment(session: Session, *, channel_id: str, ts: str, user_id: str, before: str, after: str,
                  now: datetime) -> Feedback | None:
    """The owner edited a reply in a feedback prompt's thread: the comment's `before` becomes `after`.

    Each reply is appended to the comment on a line of its own (see `comment`), so the last place
    where the old text stands whole is the reply edited. None when it is not there (the reply was
    not part of the comment, or the comment was changed since).
    """
    found = for_prompt(session, channel_id=channel_id, ts=ts)
    if found is None or found[1] is None or engagement_rules.role_of(found[0], user_id) != "owner":
        return None
    row, old = found[1], before.strip()
    at = _whole(row.comment, old)
    if not old or at is None:
        return None
    row.comment = "\n".join(part for part in (row.comment[:at].strip(), after.strip(),
                                                 row.comment[at + len(old):].strip()) if part)
    row.updated_at = now
    session.flush()
    return row


def _whole(text: str, part: str) -> int | None:
    """Where `part` last stands in `text` as whole lines (at an edge or next to a line break)."""
    at = text.rfind(part)
    while at >= 0:
        end = at + len(part)
        if (at == 0 or text[at - 1] == "\n") and (end == len(text) or text[end] == "\n"):
            return at
        at = text.rfind(part, 0, at + len(part) - 1)
    return None


def share(session: Session, *, channel_id: str, ts: str, user_id: str,
          now: datetime) -> tuple[Engagement, Feedback, str]:
    """Mark the feedback shared with the contractor (the caller sends it); refuses an empty one."""
    found = for_prompt(session, channel_id=channel_id, ts=ts)
    if found is None or found[1] is None:
        raise NotFound("Rate at least one thing before sharing.")
    row = _own(session, found[0], found[1], user_id, channel_id=channel_id, ts=ts, now=now)
    # Sharing again later (after a new rating or comment) sends it again; a second press within seconds is the
    # same press twice: the UPDATE waits for the first one's transaction and then matches nothing.
    shared = session.execute(
        update(Feedback).where(Feedback.id == row.id,
                               or_(Feedback.shared_at.is_(None), Feedback.shared_at < now - SHARE_AGAIN_AFTER))
        .values(shared_at=now).execution_options(synchronize_session=False))
    if rowcount(shared) != 1:
        raise AlreadyShared()
    row.shared_at = now
    session.flush()
    return found[0], row, found[2]

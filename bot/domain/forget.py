"""Forgetting a person: erase what they wrote and what was written about them, keep the numbers.

Rows stay (counts, dates, ratings and amounts feed other people's aggregates); free texts they
wrote or that are about them are blanked, their name becomes "forgotten user", and their Slack
id is replaced everywhere by a pseudonym, so nothing left points back to them. Engagements where
they are the contractor are paused, so no prompt goes to someone who is gone.
A final sweep over every text column of every table of the workspace (narrowed the way the
export narrows it) catches the id or name quoted elsewhere.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime

from sqlalchemy import String, Text, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    Base,
    Checkin,
    CheckinNote,
    Contractor,
    Engagement,
    Feedback,
    Submission,
    Task,
    Thanks,
    TimeOff,
)
from bot.domain import export, people

FORGOTTEN = "forgotten user"
MIN_NAME = 3  # shorter names would blank unrelated words


def pseudonym(team_id: str, user_id: str) -> str:
    """A stable stand-in for a Slack id, unique per person and meaningless outside this database."""
    return "forgotten-" + hashlib.sha256(f"{team_id}:{user_id}".encode()).hexdigest()[:12]


def forget(session: Session, *, team_id: str, user_id: str, now: datetime) -> Counter[str]:
    """Erase a person's personal data in a workspace; returns what was erased ('table.column' -> rows)."""
    erased: Counter[str] = Counter()
    person = people.get(session, team_id=team_id, user_id=user_id)
    name = person.name if person is not None else ""
    person_id = person.id if person is not None else -1
    theirs = set(session.scalars(select(Engagement.id).join(Contractor, Engagement.contractor_id == Contractor.id)
                                 .where(Contractor.person_id == person_id)))
    blank = {
        Checkin: ((Checkin.done, Checkin.next, Checkin.blockers),
                  or_(Checkin.author_id == person_id, Checkin.engagement_id.in_(theirs))),
        CheckinNote: ((CheckinNote.text,),
                      or_(CheckinNote.author_id == person_id, CheckinNote.engagement_id.in_(theirs))),
        Feedback: ((Feedback.comment,), or_(Feedback.author_id == person_id, Feedback.engagement_id.in_(theirs))),
        Thanks: ((Thanks.reason,),
                 (Thanks.team_id == team_id) & or_(Thanks.from_user == user_id, Thanks.to_user == user_id)),
        Task: ((Task.blocked_reason,), or_(Task.assignee_id == person_id, Task.engagement_id.in_(theirs))),
        Submission: ((Submission.link, Submission.comment), or_(
            Submission.submitted_by == user_id,
            Submission.task_id.in_(select(Task.id).where(Task.engagement_id.in_(theirs))))),
        TimeOff: ((TimeOff.note,), TimeOff.person_id == person_id),
        Contractor: ((Contractor.company, Contractor.skills), Contractor.person_id == person_id),
    }
    for model, (columns, where) in blank.items():
        for column in columns:
            erased[f"{model.__tablename__}.{column.key}"] += _blank(session, model, column, where)
    if person is not None:
        person.name, person.updated_at = FORGOTTEN, now
        erased["people.name"] += 1
    paused = session.execute(update(Engagement).where(Engagement.id.in_(theirs), Engagement.status == "active")
                             .values(status="paused", updated_at=now)).rowcount
    erased["engagements paused"] += paused
    session.flush()
    erased.update(scrub(session, team_id=team_id, user_id=user_id, name=name))
    return +erased


def _blank(session: Session, model: type[Base], column, where) -> int:  # type: ignore[no-untyped-def]
    """Empty one text column on the matching rows that are not empty already; the number blanked."""
    statement = update(model).where(where, column != "").values({column.key: ""})
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def scrub(session: Session, *, team_id: str, user_id: str, name: str) -> Counter[str]:
    """Replace the person's Slack id (and its mentions) and their name in every text column of every table."""
    alias = pseudonym(team_id, user_id)
    patterns = [(re.compile(rf"<@{re.escape(user_id)}(\|[^>]*)?>"), f"<@{alias}>"),
                (re.compile(re.escape(user_id)), alias)]
    if len(name.strip()) >= MIN_NAME and name != FORGOTTEN:
        patterns.append((re.compile(re.escape(name.strip()), re.IGNORECASE), FORGOTTEN))
    needles = [user_id] + ([name.strip()] if len(patterns) == 3 else [])
    found: Counter[str] = Counter()
    for plan in export.plans(session, export.Scope(team_id=team_id)):
        for column_name, changed in _scrub_table(session, plan, needles, patterns).items():
            found[f"{plan.table.name}.{column_name}"] += changed
    return found


def _scrub_table(session: Session, plan: export.Plan, needles: list[str],
                 patterns: list[tuple[re.Pattern[str], str]]) -> Counter[str]:
    """Rewrite the rows of one table that mention the person; other workspaces' rows are left alone."""
    table = plan.table
    texts = [c for c in table.columns if isinstance(c.type, String | Text)]
    if not texts:
        return Counter()
    # ilike: case-insensitive on both databases, like the name pattern below.
    where = or_(*[c.ilike(f"%{n}%") for c in texts for n in needles])
    changed: Counter[str] = Counter()
    primary = list(table.primary_key.columns)
    for row in session.execute(select(table).where(where, *plan.clauses)).mappings().all():
        values = {}
        for column in texts:
            value = row[column.name]
            new = value
            for pattern, replacement in patterns:
                new = pattern.sub(replacement, new) if new else new
            if new != value:
                values[column.name] = new[: column.type.length] if column.type.length else new
                changed[column.name] += 1
        if values:
            session.execute(update(table).where(*[c == row[c.name] for c in primary]).values(values))
    return changed

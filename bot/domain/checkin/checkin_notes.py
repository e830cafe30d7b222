"""Notes: replies in a prompt's thread that carry no check-in ("ok thanks!"), kept beside the check-in.

A note is shown with its check-in and never changes its status, progress or blockers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.filters import any_of
from bot.db.models import Checkin, CheckinNote, Engagement, Person

SHOWN = 3  # the newest notes a board line shows; the rest are in the thread


def of_thread(session: Session, engagement: Engagement, thread_ts: str) -> Checkin | None:
    """The newest check-in read from a prompt's thread, if any."""
    return session.scalar(select(Checkin).where(Checkin.engagement_id == engagement.id, Checkin.thread_ts == thread_ts)
                          .order_by(Checkin.id.desc()).limit(1))


def add(session: Session, *, checkin: Checkin, author: Person, text: str, message_ts: str,
        now: datetime) -> CheckinNote:
    """Keep a reply as a note on a check-in."""
    note = CheckinNote(engagement_id=checkin.engagement_id, checkin_id=checkin.id, author_id=author.id,
                       text=text.strip(), message_ts=message_ts, created_at=now, updated_at=now)
    session.add(note)
    session.flush()
    return note


def amend(session: Session, *, engagement: Engagement, message_ts: str, text: str, now: datetime) -> CheckinNote | None:
    """The note read from an edited reply now says what the reply says; None when the reply is no note."""
    note = session.scalar(select(CheckinNote).where(CheckinNote.engagement_id == engagement.id,
                                                    CheckinNote.message_ts == message_ts))
    if note is not None:
        note.text, note.updated_at = text.strip(), now
        session.flush()
    return note


def newest_by_checkin(session: Session, checkin_ids: list[int]) -> dict[int, list[str]]:
    """The texts of each check-in's newest notes (up to SHOWN), oldest first."""
    if not checkin_ids:
        return {}
    found: dict[int, list[str]] = {}
    for checkin_id, text in session.execute(select(CheckinNote.checkin_id, CheckinNote.text)
                                            .where(any_of(session, CheckinNote.checkin_id, checkin_ids))
                                            .order_by(CheckinNote.id.desc())):
        texts = found.setdefault(checkin_id, [])
        if len(texts) < SHOWN:
            texts.insert(0, text)
    return found

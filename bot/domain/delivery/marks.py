"""Sweep marks: the instant up to which a sweep's once-only bookkeeping is complete (bot.db.models.SweepMark)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.models import SweepMark


def done_through(session: Session, sweep: str) -> datetime | None:
    """The instant of `sweep`'s last complete run, if any."""
    return session.scalar(select(SweepMark.done_through).where(SweepMark.sweep == sweep))


def advance(session: Session, sweep: str, through: datetime) -> None:
    """Record that `sweep` is complete up to `through`. Never moves a mark back: two workers, or a run of
    an earlier instant (`run-due --now`), leave the later mark standing."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SweepMark).values(sweep=sweep, done_through=through)
    later = func.max if dialect is sqlite else func.greatest  # SQLite's max() of two values is its greatest
    keep_later = later(SweepMark.done_through, statement.excluded.done_through)
    session.execute(statement.on_conflict_do_update(index_elements=["sweep"], set_={"done_through": keep_later}))

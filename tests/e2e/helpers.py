"""Small helpers for end-to-end tests: dates relative to today and database look-ups."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from bot.db.models import Base
from bot.db.session import make_engine


def in_days(days: int) -> str:
    """An ISO date `days` from today (tests must keep passing as the calendar moves)."""
    return (date.today() + timedelta(days=days)).isoformat()


def row_counts(database_url: str) -> dict[str, int]:
    """Rows per table: the proof that a refused request changed nothing."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        counts = {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in Base.metadata.tables.items()
            if name != "processed_events"
        }
    engine.dispose()
    return counts

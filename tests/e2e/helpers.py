"""Small helpers for end-to-end tests: dates relative to today and database look-ups."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from bot.db.models import Base
from bot.db.session import make_engine


def in_days(days: int) -> str:
    """An ISO date `days` from today (tests must keep passing as the calendar moves)."""
    return (date.today() + timedelta(days=days)).isoformat()


def rows(database_url: str, model: Any) -> list[Any]:
    """Every row of a model's table, as mappings, read straight from the database the server writes."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model.__table__)).mappings())
    finally:
        engine.dispose()


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

"""The one declarative base, with a naming convention so migrations get stable constraint names."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.types import UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# For tables whose ids go into buttons and forms' private_metadata: SQLite then never hands out an
# id that a deleted row had, as PostgreSQL's sequences never do. (A rolled-back insert's id is
# still reused by SQLite: code posting a message that carries an id commits the row first.)
NEVER_REUSE = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    """Base of every Tandem table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    """created_at / updated_at, always UTC; the domain passes `now` so tests control the clock."""

    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

"""`column IN (many values)` that stays cheap however many values there are."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, Session


def any_of(session: Session, column: InstrumentedAttribute[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL `column = ANY(:values)`, one array parameter.

    The sweeps filter by every active engagement or ledger key at once. An expanded IN of 10,000
    values costs ~0.1 s per statement before the database sees it (SQLAlchemy renders, and psycopg
    parses, one placeholder per value), a dozen times a tick; an array is one parameter and one
    cached statement. SQLite has no arrays and no such cost: it keeps IN.
    """
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)

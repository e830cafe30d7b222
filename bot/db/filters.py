"""`column IN (many values)` that stays cheap however many values there are."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, Session

# Up to this many values SQLite gets a plain IN: the form every query plan and log reader knows.
SQLITE_IN_LIMIT = 999


def any_of(session: Session, column: InstrumentedAttribute[Any], values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)` as one parameter however many values: an array on PostgreSQL, JSON on SQLite.

    The sweeps filter by every active engagement or ledger key at once. An expanded IN of 10,000
    values costs ~0.1 s per statement before the database sees it (SQLAlchemy renders, and the
    driver binds, one placeholder per value), a dozen times a tick; one parameter is one cached
    statement. SQLite has no arrays: past SQLITE_IN_LIMIT values the list goes as one JSON text
    that `json_each` unpacks, which also keeps clear of SQLite's cap on placeholders per statement
    (32,766 in its default build). Values are ints or strings (ids and keys).
    """
    values = list(values)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    if dialect == "sqlite" and len(values) > SQLITE_IN_LIMIT:
        unpacked = func.json_each(bindparam(None, json.dumps(values))).table_valued("value")
        return column.in_(select(unpacked.c.value))
    return column.in_(values)

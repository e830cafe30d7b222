"""`column IN (many values)` that stays cheap however many values there are."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Dialect,
    String,
    Text,
    TypeDecorator,
    any_,
    bindparam,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.selectable import TableValuedAlias

T = TypeVar("T")

# Up to this many values SQLite gets a plain IN: the form every query plan and log reader knows.
SQLITE_IN_LIMIT = 999
# Past this many values PostgreSQL gets them as one text that `string_to_array` splits: the driver writes an
# array parameter value by value (0.2 s of CPU for 100,000 keys, a sweep asks that a tick), a text at once.
PG_TEXT_FROM = 1000
SEPARATOR = "\n"


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
        if len(values) > PG_TEXT_FROM and (joined := _joined(values)) is not None:
            return _equals_any(column, _split(bindparam(None, joined, type_=Text)))
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    if dialect == "sqlite" and len(values) > SQLITE_IN_LIMIT:
        unpacked = func.json_each(bindparam(None, json.dumps(values))).table_valued("value")
        return column.in_(select(unpacked.c.value))
    return column.in_(values)


def texts_of(session: Session, values: Collection[str]) -> TableValuedAlias:
    """Strings as a one-column table (`.c.value`), one parameter however many: for the anti-joins that ask the
    database which of many keys it does *not* hold, so only those come back (`unnest` of one text or array
    on PostgreSQL, `json_each` on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return func.json_each(bindparam(None, json.dumps(list(values)))).table_valued("value")
    joined = _joined(values)
    array = (bindparam(None, list(values), type_=ARRAY(Text)) if joined is None
             else _split(bindparam(None, joined, type_=Text)))
    return func.unnest(array).table_valued("value").render_derived()  # AS anon(value): unnest names no column


def _split(text: ColumnElement[Any]) -> ColumnElement[Any]:
    """The text array PostgreSQL's `string_to_array` makes of a SEPARATOR-joined text."""
    return func.string_to_array(text, literal_column(r"E'\n'"), type_=ARRAY(Text))


def _equals_any(column: InstrumentedAttribute[Any], texts: ColumnElement[Any]) -> ColumnElement[bool]:
    """`column = ANY(texts)`, the texts cast to the column's type when it holds no text (ids)."""
    return column == any_(texts if isinstance(column.type, String) else cast(texts, ARRAY(column.type)))


def _joined(values: Collection[Any]) -> str | None:
    """The values as one SEPARATOR-joined text, when that text splits back into exactly them: all ints, or all
    non-empty strings without the separator (ids and ledger keys); else None."""
    if all(type(value) is int for value in values):
        return SEPARATOR.join(map(str, values))
    if all(type(value) is str and value and SEPARATOR not in value for value in values):
        return SEPARATOR.join(values)
    return None


class _JsonList(TypeDecorator[list[Any]]):
    """A list bound as one JSON text (SQLite's side of any_param): the caller passes a plain list."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Iterable[Any] | None, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(list(value))


class _Joined(TypeDecorator[list[Any]]):
    """A list bound as one SEPARATOR-joined text (PostgreSQL's side of any_param): the caller passes a plain list.

    Only values the text splits back into exactly (see _joined): anything else is refused loudly,
    never matched wrongly. any_param's callers pass ids and ledger keys.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Iterable[Any] | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        values = list(value)
        joined = _joined(values)
        if joined is None:
            raise ValueError("any_param takes ints, or non-empty strings without a newline")
        return joined


def any_param(dialect: str, column: InstrumentedAttribute[Any], name: str) -> ColumnElement[bool]:
    """any_of for a statement built once: `column IN (values)`, the values bound later under `name` (a list).

    One parameter on both databases, as any_of: a text `string_to_array` splits on PostgreSQL (the
    driver writes an array parameter value by value: ~0.15 ms for the ~200 keys of a status board,
    a text at once), a JSON text `json_each` unpacks on SQLite (so no placeholder limit either). The
    two render differently, so a statement using it is built per dialect (PerDialect).
    """
    if dialect == "postgresql":
        return _equals_any(column, _split(bindparam(name, type_=_Joined())))
    unpacked = func.json_each(bindparam(name, type_=_JsonList())).table_valued("value")
    return column.in_(select(unpacked.c.value))


class PerDialect(Generic[T]):
    """A statement built once per database dialect, on first use, for reads on every request.

    Building a statement (and its cache key) costs more CPU than running a small one on
    PostgreSQL (~0.23 ms against ~0.14 ms): the reads every /checkin status makes are built once.
    What is kept is the statement only, never a value: nothing of one request or workspace.
    """

    def __init__(self, build: Callable[[str], T]) -> None:
        self._build = build
        self._built: dict[str, T] = {}

    def of(self, session: Session) -> T:
        """The statement for the session's database."""
        dialect = session.get_bind().dialect.name
        built = self._built.get(dialect)
        if built is None:  # two threads may both build it: the same statement, either is kept
            built = self._built[dialect] = self._build(dialect)
        return built

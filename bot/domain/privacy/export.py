"""Export: every table of a workspace (or one contractor's history) as rows a spreadsheet can read.

Tables are found from the models' metadata, so a table added later is exported without touching
this module; `export_scope` decides which rows of each belong to the export.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Table, func, select
from sqlalchemy.orm import Session

from bot.db.models import Base
from bot.domain.privacy import export_scope
from bot.domain.privacy.export_scope import Scope
from bot.text.money import Money

BATCH = 1000


@dataclass(frozen=True)
class Plan:
    """One table's export: its name, output columns and how to narrow it."""

    table: Table
    clauses: list[ColumnElement[bool]]
    keep: Callable[[dict[str, Any]], bool] | None = None
    hidden: frozenset[str] = frozenset()  # owner-only columns left out of a contractor's export

    @property
    def columns(self) -> list[str]:
        """The table's columns, each money column followed by its formatted amount."""
        names = []
        for column in self.table.columns:
            if column.name in self.hidden:
                continue
            names.append(column.name)
            if _currency_of(self.table, column.name):
                names.append(column.name.removesuffix("_minor") + "_formatted")
        return names


def plans(session: Session, scope: Scope) -> list[Plan]:
    """One plan per table, parents before children; a contractor's export leaves out the owner's tables."""
    ids = export_scope.ids_in(session, scope)
    found = []
    for table in Base.metadata.sorted_tables:
        left_out, columns = export_scope.hidden(table, scope)
        if not left_out:
            found.append(Plan(table, *export_scope.narrow(table, scope, ids), hidden=columns))
    return found


def count(session: Session, plan: Plan) -> int:
    """Rows the plan will export (before any Python-side narrowing): the progress bar's total."""
    return session.scalar(select(func.count()).select_from(plan.table).where(*plan.clauses)) or 0


def rows(session: Session, plan: Plan) -> Iterator[dict[str, Any]]:
    """The plan's rows, streamed in batches, as plain values (ISO UTC times, formatted money)."""
    statement = select(plan.table).where(*plan.clauses).order_by(*plan.table.primary_key.columns)
    wanted = set(plan.columns)
    for row in session.execute(statement, execution_options={"yield_per": BATCH}).mappings():
        if plan.keep is None or plan.keep(dict(row)):
            converted = convert(plan.table, dict(row))
            yield {k: v for k, v in converted.items() if k in wanted} if plan.hidden else converted


def convert(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row as spreadsheet-friendly values, with a formatted column after each money column."""
    out: dict[str, Any] = {}
    for name, value in row.items():
        out[name] = plain_value(value)
        currency = _currency_of(table, name)
        if currency:
            code = row.get(currency)
            formatted = Money(value, code).format() if value is not None and code else None
            out[name.removesuffix("_minor") + "_formatted"] = formatted
    return out


def plain_value(value: Any) -> Any:
    """Times in ISO 8601 UTC ('2026-11-02T15:00:00Z'), dates and clock times in ISO, the rest as is."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def _currency_of(table: Table, name: str) -> str | None:
    """The currency column of a `*_minor` money column (`budget_minor` -> `budget_currency`)."""
    if not name.endswith("_minor"):
        return None
    for candidate in (name.removesuffix("_minor") + "_currency", "currency"):
        if candidate in table.columns:
            return candidate
    return None


__all__ = ["Plan", "Scope", "convert", "count", "plans", "rows"]

"""Forgetting a whole workspace: every row that belongs to one team id, Slack's stored tokens included.

A row belongs to the workspace when its table has a `team_id` equal to it, or when one of its foreign
keys points at a row that belongs to it (tasks by their engagement, time off by its person, and so on
down the tree). Deleting children first keeps every foreign key satisfied. slack-sdk's installation
and bot tables carry team_id, so the workspace's tokens go with the rest; OAuth states name no team
and expire on their own.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, delete, or_, select
from sqlalchemy.orm import Session

from bot.db.models import Base


def _belongs(table: Table, team_id: str, seen: frozenset[str] = frozenset()) -> ColumnElement[bool] | None:
    """The rows of `table` that belong to the workspace (see the module); None when no row can."""
    if "team_id" in table.c:
        return table.c.team_id == team_id
    clauses = []
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name in seen or parent is table:
            continue
        where = _belongs(parent, team_id, seen | {table.name})
        if where is not None:
            clauses.append(fk.parent.in_(select(fk.column).where(where)))
    return or_(*clauses) if clauses else None


def forget_team(session: Session, *, team_id: str) -> dict[str, int]:
    """Delete everything the workspace owns; rows deleted per table (tables with none left out)."""
    deleted: dict[str, int] = {}
    for table in reversed(Base.metadata.sorted_tables):
        where = _belongs(table, team_id)
        if where is None:
            continue
        count = session.execute(delete(table).where(where)).rowcount or 0
        if count:
            deleted[table.name] = count
    return deleted


def teams_known(session: Session) -> list[str]:
    """Every team id with rows in a table that names one."""
    found: set[str] = set()
    for table in Base.metadata.sorted_tables:
        if "team_id" in table.c:
            found.update(t for t in session.scalars(select(table.c.team_id).distinct()) if t)
    return sorted(found)

"""What the database plans for a statement as the app sends it: its parameters bound, not written in.

A partial index serves a query only when the planner can prove the query's WHERE implies the index's
predicate. Bound values hide that from a prepared statement's generic plan (PostgreSQL) and from SQLite's
planner, so these plans are made with every parameter left a parameter.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def can_use(connection: Connection, statement: Any, index: str, table: str, value: str) -> str:
    """The plan of `statement` with `index` in reach (every parameter given `value`, text the database casts).

    PostgreSQL: a generic plan of the prepared statement, sequential scans discouraged, so the index shows
    whenever it can serve. SQLite: the statement forced INDEXED BY the index, which SQLite refuses ("no query
    solution") when the index cannot answer it.
    """
    compiled = statement.compile(connection)
    names = list(compiled.params)
    if connection.dialect.name == "postgresql":
        sql = str(compiled)
        for n, name in enumerate(names, 1):
            sql = sql.replace(f"%({name})s", f"${n}")
        connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql(f"PREPARE planned AS {sql}")
        values = ", ".join(f"'{value}'" for _ in names)
        try:
            return "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN EXECUTE planned({values})"))
        finally:
            connection.exec_driver_sql("DEALLOCATE planned")
    sql = str(compiled).replace(f"FROM {table}", f"FROM {table} INDEXED BY {index}", 1)
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", tuple(value for _ in names))
    return "\n".join(str(row[-1]) for row in rows)

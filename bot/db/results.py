"""The row count of a DML statement, read through a type that has one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Result


def rowcount(result: Result[Any]) -> int:
    """Rows an INSERT, UPDATE or DELETE matched.

    `Session.execute` is annotated as returning a `Result`, but for DML it always returns a
    `CursorResult`, the only kind with a row count: narrowing here keeps the callers typed.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(f"expected the CursorResult of a DML statement, got {type(result).__name__}")
    return result.rowcount

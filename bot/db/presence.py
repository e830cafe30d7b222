"""Whether the database a URL names exists, asked without creating it.

SQLite creates a missing file on the first connection: `tandem doctor` or `tandem export` pointed at
the wrong path would leave an empty `tandem.db` behind and report on it. Commands that only read
ask here first. PostgreSQL never creates a database on connect, so only SQLite files are checked.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.db.session import normalise_url


def sqlite_file(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases, in-memory ones and URLs SQLAlchemy cannot read."""
    try:
        url = make_url(normalise_url(database_url))
    except ArgumentError:
        return None
    if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):  # a SQLite URI (`?uri=true`): the path sits between file: and ?
        return Path(url.database[5:].split("?", 1)[0]) if url.query.get("uri") else Path(url.database)
    return Path(url.database)


def missing(database_url: str) -> Path | None:
    """The SQLite file the URL names when it does not exist (None when it does, or for other databases)."""
    path = sqlite_file(database_url)
    return path if path is not None and not path.exists() else None

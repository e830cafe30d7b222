"""Fixtures for the whole suite: databases on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from tests.support.postgres import find_bindir, postgres_server


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """One PostgreSQL server for the session; CI installs the binaries, so only a bare laptop skips."""
    if find_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing on CI: .ci/run must install postgresql")
        pytest.skip("no PostgreSQL binaries (apt-get install postgresql) — PostgreSQL runs skipped")
    with postgres_server() as url:
        yield url


def fresh_postgres_database(server_url: str) -> str:
    """A new empty database on the session's server."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """An empty database of each kind Tandem supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tandem.db'}"
    return fresh_postgres_database(request.getfixturevalue("postgres_server_url"))

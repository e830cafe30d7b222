"""Issue 12, logging: a NUL byte in a command on PostgreSQL must not put the statement's parameters in the log.

PostgreSQL refuses NUL in text; the failed statement's message carried every parameter (amounts,
references, what people typed) into the ERROR log. Now NUL is stripped before any listener runs,
and the engine hides parameters in any error that still happens.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from bot.db.session import make_engine
from tests.conftest import fresh_postgres_database
from tests.e2e.conftest import MARIA, OWNER, PROJECT, BotServer, start_server, stop_server
from tests.e2e.helpers import in_days, row_counts
from tests.security.serving import emulator, log_since, log_size, slack  # noqa: F401 - fixtures

MARK = "ZQXJOBJECTIVE"


@pytest.fixture(scope="module")
def bot(request: pytest.FixtureRequest, emulator, tmp_path_factory) -> Iterator[BotServer]:  # noqa: F811
    """`tandem serve` on PostgreSQL (the database that refuses NUL)."""
    database_url = fresh_postgres_database(request.getfixturevalue("postgres_server_url"))
    server = start_server(database_url, emulator, tmp_path_factory.mktemp("nul"))
    yield server
    stop_server(server)


def test_a_nul_in_a_kickoff_is_dropped_and_nothing_of_it_is_logged(bot, slack, emulator) -> None:  # noqa: F811
    offset = log_size(bot)
    text = (f'<@{MARIA}|maria> "Nul\x00 site" due {in_days(30)} budget=7319 USD '
            f'objectives="{MARK}\x00 faster" deliverables="Home\x00page"')
    reply = slack.slash("/kickoff", text, user=OWNER, channel=PROJECT).wait()
    added = log_since(bot, offset)
    assert MARK not in added and "7319" not in added and "7,319" not in added
    assert "ERROR" not in added
    assert "USD 7,319.00" in reply.text  # the kickoff went through, NUL dropped
    assert row_counts(bot.database_url)["engagements"] == 1
    [brief] = emulator.messages(PROJECT)
    assert f"{MARK} faster" in str(brief["blocks"]) and "\x00" not in str(brief["blocks"])


def test_a_failed_statement_names_no_parameters(postgres_server_url: str) -> None:
    """Whatever still fails in SQL (here a NUL nothing stripped) says which statement, not with what."""
    engine = make_engine(fresh_postgres_database(postgres_server_url))
    try:
        with engine.connect() as connection, pytest.raises(StatementError) as raised:
            connection.execute(text("SELECT CAST(:note AS text)"), {"note": f"{MARK}\x00 7319 USD"})
    finally:
        engine.dispose()
    assert MARK not in str(raised.value) and "7319" not in str(raised.value)
    assert "SELECT CAST" in str(raised.value)

"""Workers on one PostgreSQL share a run's deliveries by workspace: what another worker holds is left to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, text

from bot.db.session import make_engine
from jobs.delivery import Outgoing
from jobs.share import EVERYTHING, ByWorkspace, for_engine, int4
from tests.conftest import fresh_postgres_database

AT = datetime(2027, 3, 8, 2, tzinfo=UTC)


def item(team: str, n: int, duty: str = "checkin_prompt") -> Outgoing:
    return Outgoing(key=f"checkin:{n}:2027-03-08", duty=duty, team_id=team, channel=f"C{team}{n}", due_at=AT,
                    payload={})


@pytest.fixture
def engine(postgres_server_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_postgres_database(postgres_server_url))
    yield engine
    engine.dispose()


def advisory_locks(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).scalar() or 0


def test_a_workspace_another_worker_holds_is_left_to_it(engine: Engine) -> None:
    items = [item("T1", 1), item("T2", 2), item("T1", 3), item("T3", 4)]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:  # another worker at work on T1
        other.execute(text("SELECT pg_advisory_lock(:d, :t)"), {"d": int4("checkin_prompt"), "t": int4("T1")})
        mine = [i.key for batch in ByWorkspace(engine).batches(items) for i in batch]
        assert mine == ["checkin:2:2027-03-08", "checkin:4:2027-03-08"]
        other.execute(text("SELECT pg_advisory_unlock_all()"))
    assert [i.key for batch in ByWorkspace(engine).batches(items) for i in batch] == [i.key for i in items
                                                                                        if i.team_id == "T1"] + \
        ["checkin:2:2027-03-08", "checkin:4:2027-03-08"]  # grouped by workspace, in the order first seen


def test_each_batch_is_held_while_it_is_delivered_and_released_after(engine: Engine) -> None:
    items = [item(f"T{n}", n) for n in range(5)]
    batches = ByWorkspace(engine, batch_channels=2).batches(items)
    first = next(batches)
    assert [i.team_id for i in first] == ["T0", "T1"] and advisory_locks(engine) == 2
    # A second worker, meanwhile, is handed the other workspaces only.
    assert [i.team_id for b in ByWorkspace(engine).batches(items) for i in b] == ["T2", "T3", "T4"]
    assert [i.team_id for i in next(batches)] == ["T2", "T3"] and advisory_locks(engine) == 2
    batches.close()  # a sweep that stopped early (an error): nothing stays locked
    assert advisory_locks(engine) == 0


def test_the_same_workspace_in_another_duty_is_not_held_back(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
        other.execute(text("SELECT pg_advisory_lock(:d, :t)"), {"d": int4("checkin_prompt"), "t": int4("T1")})
        got = [i.duty for b in ByWorkspace(engine).batches([item("T1", 1), item("T1", 2, "deadline")]) for i in b]
        assert got == ["deadline"]


def test_sqlite_delivers_everything_in_one_batch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert for_engine(engine) is EVERYTHING
    assert list(EVERYTHING.batches([item("T1", 1), item("T2", 2)])) == [[item("T1", 1), item("T2", 2)]]
    assert list(EVERYTHING.batches([])) == []
    engine.dispose()

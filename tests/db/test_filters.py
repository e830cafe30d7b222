"""any_of: the same rows as IN on both databases, as one parameter however long the list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select

from bot.db.filters import any_of
from bot.db.models import Delivery
from bot.db.session import transaction
from bot.domain.delivery import ledger
from tests.support.duties import Clock, migrated_runtime

NOW = datetime(2027, 3, 15, 10, tzinfo=UTC)


def test_any_of_finds_what_in_finds_with_one_parameter(empty_database_url):
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    try:
        with transaction(runtime.sessions) as session:
            for n in range(1, 6):
                ledger.claim(session, key=f"k:{n}", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
        wanted = [f"k:{n}" for n in (2, 4, 9)] + [f"other:{n}" for n in range(3000)]
        seen: list[tuple[str, object]] = []
        event.listen(runtime.engine, "before_cursor_execute", lambda *args: seen.append((args[2], args[3])))
        with runtime.sessions() as session:
            found = session.scalars(select(Delivery.key).where(any_of(session, Delivery.key, wanted))).all()
            ids = session.scalars(select(Delivery.id).where(any_of(session, Delivery.id, [1, 3]))).all()
            nothing = session.scalars(select(Delivery.key).where(any_of(session, Delivery.key, []))).all()
        assert sorted(found) == ["k:2", "k:4"] and sorted(ids) == [1, 3] and nothing == []
        form = "ANY" if runtime.engine.dialect.name == "postgresql" else "json_each"
        statement, parameters = next(each for each in seen if form in each[0] and "key" in each[0])
        assert len(parameters) == 1  # one array (PostgreSQL) or one JSON text (SQLite), not 3,003 placeholders
    finally:
        runtime.engine.dispose()


def test_any_of_takes_more_values_than_sqlite_has_placeholders(empty_database_url):
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    try:
        with transaction(runtime.sessions) as session:
            for n in (7, 39_999):
                ledger.claim(session, key=f"k:{n}", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
        many_keys, many_ids = [f"k:{n}" for n in range(40_000)], list(range(-40_000, 3))
        with runtime.sessions() as session:
            keys = session.scalars(select(Delivery.key).where(any_of(session, Delivery.key, many_keys))).all()
            ids = session.scalars(select(Delivery.id).where(any_of(session, Delivery.id, many_ids))).all()
        assert sorted(keys) == ["k:39999", "k:7"] and sorted(ids) == [1, 2]
    finally:
        runtime.engine.dispose()


def test_a_statement_built_once_with_any_param_finds_what_any_of_finds(empty_database_url):
    from sqlalchemy import bindparam

    from bot.db.filters import PerDialect, any_param

    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    try:
        with transaction(runtime.sessions) as session:
            for n in (2, 4, 39_999):
                ledger.claim(session, key=f"k:{n}", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
        built: list[str] = []
        keyed = PerDialect(lambda dialect: built.append(dialect) or select(Delivery.key).where(
            any_param(dialect, Delivery.key, "keys"), Delivery.duty == bindparam("duty")).order_by(Delivery.key))
        seen: list[object] = []
        event.listen(runtime.engine, "before_cursor_execute", lambda *args: seen.append(args[3]))
        with runtime.sessions() as session:
            few = session.execute(keyed.of(session), {"keys": ["k:2", "k:9", "k:4"], "duty": "test"}).scalars().all()
            many = session.execute(keyed.of(session), {"keys": [f"k:{n}" for n in range(40_000)],
                                                       "duty": "test"}).scalars().all()
            none = session.execute(keyed.of(session), {"keys": [], "duty": "test"}).scalars().all()
            other = session.execute(keyed.of(session), {"keys": ["k:2"], "duty": "else"}).scalars().all()
        assert few == ["k:2", "k:4"] and many == ["k:2", "k:39999", "k:4"] and none == [] and other == []
        assert built == [runtime.engine.dialect.name]  # built once, for this database, however often run
        assert all(len(parameters) == 2 for parameters in seen)  # the keys as one parameter, and the duty
        by_id = PerDialect(lambda dialect: select(Delivery.key).where(any_param(dialect, Delivery.id, "ids"))
                           .order_by(Delivery.key))
        with runtime.sessions() as session:
            assert session.execute(by_id.of(session), {"ids": [1, 3, 99]}).scalars().all() == ["k:2", "k:39999"]
            assert session.execute(by_id.of(session), {"ids": []}).scalars().all() == []
            if runtime.engine.dialect.name == "postgresql":  # a value the joined text would not give back
                with pytest.raises(Exception, match="non-empty strings without a newline"):
                    session.execute(keyed.of(session), {"keys": ["k:2", "two\nlines"], "duty": "test"})
    finally:
        runtime.engine.dispose()


def test_many_values_reach_postgresql_as_one_text_only_when_it_splits_back_into_them(empty_database_url):
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    odd = ["two\nlines", "", "k:1"]
    try:
        with transaction(runtime.sessions) as session:
            for key in odd + ["k:2000"]:
                ledger.claim(session, key=key, duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
        plain = [f"k:{n}" for n in range(1, 2001)]
        with runtime.sessions() as session:
            def keys(values: list[str]) -> list[str]:
                return sorted(session.scalars(select(Delivery.key).where(any_of(session, Delivery.key, values))))
            assert keys(plain) == ["k:1", "k:2000"]
            assert keys(plain + odd) == sorted(odd + ["k:2000"])  # a newline, an empty key: sent as an array
            assert keys(plain[:-1] + ["two"]) == ["k:1"]  # "two" never matches "two\nlines" however it is sent
    finally:
        runtime.engine.dispose()

"""The daily cap on SQLite and PostgreSQL: two workers racing never spend more than two rows a day."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import pytest

from bot.db.session import transaction
from bot.domain.delivery import ledger
from bot.domain.schedule import noise
from tests.support.duties import Clock, migrated_runtime

NOW = datetime(2027, 3, 15, 2, tzinfo=UTC)
DAY = date(2027, 3, 15)


@pytest.fixture
def runtime(empty_database_url: str):  # type: ignore[no-untyped-def]
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    yield runtime
    runtime.engine.dispose()


def take(runtime, key: str, first: int = 1, contractor: int = 7) -> bool:  # type: ignore[no-untyped-def]
    """One message alone in its own transaction, as a sweep with one capped message takes it."""
    return key in take_all(runtime, [(key, first)], contractor)


def test_two_rows_a_day_and_a_retry_of_the_same_message_keeps_its_row(runtime):
    assert take(runtime, "checkin:1:2027-03-15") and take(runtime, "deadline:1:2027-03-15")
    assert take(runtime, "checkin:1:2027-03-15")  # a retry (after a crash) is not a new message
    assert not take(runtime, "reminder:1:2027-03-14")
    assert take(runtime, "reminder:1:2027-03-14", contractor=8)  # another contractor has their own day


def test_optional_messages_leave_the_days_prompts_their_rows(runtime):
    assert take(runtime, "deadline:1:2027-03-15", first=3) is False  # two prompts today: no room at all
    assert take(runtime, "deadline:1:2027-03-15", first=2) is True
    assert take(runtime, "reminder:1:2027-03-14", first=2) is False
    assert take(runtime, "checkin:1:2027-03-15") is True  # the prompt still finds its row


def test_a_long_key_is_named_by_a_digest_that_fits_the_column(runtime):
    key = "snoozed:123456:2027-03-15:20270315T0400:and-more"
    assert len(noise.ref(key)) == 32 and noise.ref(key) == noise.ref(key)
    assert take(runtime, key) and take(runtime, key)


def test_workers_racing_for_one_contractor_day_post_at_most_two_messages(runtime):
    keys = [f"deadline:{n}:2027-03-15" for n in range(6)] * 3  # six messages, each offered by three workers
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda key: (key, take(runtime, key)), keys))
    winners = {key for key, won in results if won}
    assert len(winners) == 2
    assert all(won for key, won in results if key in winners)  # every worker agrees on who got the rows


def take_all(runtime, wanted: list[tuple[str, int]], contractor: int) -> set[str]:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        return noise.take_all(session, [(noise.Cap(contractor, DAY, first), entry(key)) for key, first in wanted],
                              now=NOW)


def entry(key: str) -> ledger.Entry:
    return ledger.Entry(key, key.split(":")[0], "T1", "C1", NOW)


@pytest.mark.parametrize("wanted", [
    [("checkin:1:2027-03-15", 1), ("checkin:2:2027-03-15", 1), ("checkin:3:2027-03-15", 1)],
    [("deadline:1:2027-03-15", 2), ("checkin:1:2027-03-15", 1), ("checkin:2:2027-03-15", 1)],
    [("checkin:1:2027-03-15", 1), ("deadline:1:2027-03-15", 2), ("reminder:1:2027-03-14", 2)],
    [("deadline:1:2027-03-15", 3), ("checkin:1:2027-03-15", 1)],
])
def test_taking_many_at_once_gives_what_taking_one_by_one_in_that_order_gives(runtime, wanted):
    one_by_one = [take(runtime, key, first, contractor=1) for key, first in wanted]
    others = [(key.replace(":", ":9", 1), first) for key, first in wanted]  # contractor 2's own messages
    at_once = take_all(runtime, others, contractor=2)
    assert [key in at_once for key, _ in others] == one_by_one
    assert take_all(runtime, others, contractor=2) == at_once  # taken again (a retry): the same rows


def test_take_or_drop_all_closes_what_the_day_has_no_room_for(runtime):
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, [entry("reminder:1:2027-03-14")], now=NOW)  # claimed by an earlier attempt
        allowed = noise.take_or_drop_all(session, [(noise.Cap(7, DAY), entry(key)) for key in (
            "checkin:1:2027-03-15", "checkin:2:2027-03-15", "reminder:1:2027-03-14", "deadline:1:2027-03-15")],
            now=NOW)
    assert allowed == {"checkin:1:2027-03-15", "checkin:2:2027-03-15"}
    with runtime.sessions() as session:
        rows = ledger.known(session, ["reminder:1:2027-03-14", "deadline:1:2027-03-15", "checkin:1:2027-03-15"])
        assert {key: row.status for key, row in rows.items()} == {
            "reminder:1:2027-03-14": "skipped", "deadline:1:2027-03-15": "skipped"}


def test_workers_taking_overlapping_batches_at_once_post_at_most_two_messages(runtime):
    keys = [f"deadline:{n}:2027-03-15" for n in range(6)]

    def worker(seed: int) -> set[str]:
        return take_all(runtime, [(key, 1) for key in keys[seed:] + keys[:seed]], contractor=7)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(worker, range(6)))
    winners = set().union(*results)
    assert len(winners) == 2
    assert all(result == winners for result in results)  # every worker agrees on who got the rows


def test_check_in_prompts_are_never_dropped_and_leave_nothing_for_optional_messages(runtime):
    prompts = [f"checkin:{n}:2027-03-15" for n in (1, 2, 3)]
    with transaction(runtime.sessions) as session:
        allowed = noise.take_or_drop_all(session, [(noise.Cap(7, DAY, never_drop=True), entry(key)) for key in prompts]
                                         + [(noise.Cap(7, DAY, 4), entry("reminder:1:2027-03-14"))], now=NOW)
    assert allowed == set(prompts)
    assert take(runtime, "deadline:1:2027-03-15") is False  # the day's two rows are the prompts'
    with runtime.sessions() as session:
        rows = ledger.known(session, [f"cap:7:{DAY.isoformat()}:{n}" for n in (1, 2, 3)])
        assert sorted(rows) == [f"cap:7:{DAY.isoformat()}:1", f"cap:7:{DAY.isoformat()}:2"]
        assert ledger.get(session, "reminder:1:2027-03-14").status == "skipped"

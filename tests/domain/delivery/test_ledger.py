"""The delivery ledger on SQLite and PostgreSQL: a key is claimed once, an attempt is owned by one worker."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.db.models.ledger import OPEN_PROMPTS
from bot.db.session import transaction
from bot.domain import duties
from bot.domain.delivery import ledger
from bot.domain.schedule import slots
from tests.support import plans
from tests.support.duties import Clock, engagement, migrated_runtime, person

NOW = datetime(2027, 3, 15, 10, tzinfo=UTC)


@pytest.fixture
def runtime(empty_database_url: str):  # type: ignore[no-untyped-def]
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    yield runtime
    runtime.engine.dispose()


def claim(runtime, key: str, now: datetime = NOW) -> bool:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        return ledger.claim(session, key=key, duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=now)


def attempt(runtime, key: str, now: datetime = NOW) -> int | None:  # type: ignore[no-untyped-def]
    with transaction(runtime.sessions) as session:
        return ledger.begin_attempt(session, key=key, now=now)


def test_a_key_is_claimed_once(runtime):
    assert claim(runtime, "k:1") is True
    assert claim(runtime, "k:1") is False
    assert claim(runtime, "k:2") is True


def test_concurrent_claims_of_one_key_have_one_winner(runtime):
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: claim(runtime, "k:race"), range(16)))
    assert results.count(True) == 1


def test_an_attempt_is_owned_by_one_worker_until_its_lease_runs_out(runtime):
    claim(runtime, "k:1")
    assert attempt(runtime, "k:1") == 0
    assert attempt(runtime, "k:1", NOW + timedelta(seconds=30)) is None  # a live attempt holds the lease
    later = NOW + timedelta(minutes=2, seconds=1)  # the lease is two minutes
    assert attempt(runtime, "k:1", later) == 1  # the first attempt died: look in Slack before posting
    with transaction(runtime.sessions) as session:
        ledger.mark_sent(session, key="k:1", ts="123.456", now=later, channel_id="D1")
    assert attempt(runtime, "k:1", later + timedelta(hours=1)) is None
    with runtime.sessions() as session:
        row = ledger.get(session, "k:1")
        assert (row.status, row.message_ts, row.channel_id, row.attempts) == ("sent", "123.456", "D1", 2)
        assert ledger.by_message(session, duty="test", channel_id="D1", ts="123.456").key == "k:1"


def test_concurrent_attempts_have_one_winner(runtime):
    claim(runtime, "k:1")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: attempt(runtime, "k:1"), range(16)))
    assert results.count(0) == 1 and results.count(None) == 15


def test_a_released_attempt_can_be_retried_at_once_and_a_skipped_key_never(runtime):
    claim(runtime, "k:1")
    assert attempt(runtime, "k:1") == 0
    with transaction(runtime.sessions) as session:
        ledger.release(session, key="k:1")
    assert attempt(runtime, "k:1") == 1
    with transaction(runtime.sessions) as session:
        assert ledger.skip(session, key="k:2", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
    assert claim(runtime, "k:2") is False
    assert attempt(runtime, "k:2") is None
    with runtime.sessions() as session:
        assert {k: r.status for k, r in ledger.known(session, ["k:1", "k:2", "k:3"]).items()} == {
            "k:1": "claimed", "k:2": "skipped"}


def test_two_workers_stepping_through_a_week_claim_every_slot_once(runtime):
    item = engagement(person(tz="America/New_York", country="US"), days="12345", at=time(9, 15))
    start = datetime(2027, 3, 11, tzinfo=UTC)
    won: list[str] = []
    now = start
    while now < start + timedelta(days=7):
        for _worker in range(2):
            won.extend(slot.key for slot in slots.due_for_all([item], now)[0] if claim(runtime, slot.key, now))
        now += timedelta(minutes=7)
    assert sorted(won) == [f"checkin:1:2027-03-{d}" for d in (11, 12, 15, 16, 17)]


def entries(*keys: str) -> list[ledger.Entry]:
    return [ledger.Entry(key, "test", "T1", "C1", NOW) for key in keys]


def test_claim_all_takes_the_new_keys_in_one_go_and_leaves_known_ones_alone(runtime):
    claim(runtime, "k:2")
    assert attempt(runtime, "k:2") == 0
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, [*entries("k:1", "k:2", "k:3"), ledger.Entry("k:1", "other", "T9", "C9", NOW)],
                         now=NOW + timedelta(minutes=1))
        ledger.claim_all(session, [], now=NOW)
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, entries("k:3", "k:4"), now=NOW + timedelta(minutes=2), status=ledger.SKIPPED)
    with runtime.sessions() as session:
        rows = {key: ledger.get(session, key) for key in ["k:1", "k:2", "k:3", "k:4"]}
        assert {k: (r.duty, r.status, r.attempts, r.claimed_at) for k, r in rows.items()} == {
            "k:1": ("test", "claimed", 0, NOW + timedelta(minutes=1)),  # the first entry of a key wins
            "k:2": ("test", "claimed", 1, NOW),  # known: its live attempt untouched
            "k:3": ("test", "claimed", 0, NOW + timedelta(minutes=1)),
            "k:4": ("test", "skipped", 0, NOW + timedelta(minutes=2))}
    assert claim(runtime, "k:4") is False


def test_begin_attempts_wins_each_claimed_key_whose_lease_allows_it(runtime):
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, entries("k:1", "k:2", "k:3", "k:4"), now=NOW)
        ledger.finish_skipped(session, key="k:4")
    assert attempt(runtime, "k:2") == 0  # a live attempt holds k:2
    with transaction(runtime.sessions) as session:
        assert ledger.begin_attempts(session, ["k:1", "k:2", "k:3", "k:4", "k:none"], now=NOW) == {"k:1": 0, "k:3": 0}
        ledger.release_all(session, ["k:3"])
    with transaction(runtime.sessions) as session:  # a released attempt may go again at once, and says it went before
        assert ledger.begin_attempts(session, ["k:1", "k:3"], now=NOW + timedelta(seconds=1)) == {"k:3": 1}
        assert ledger.begin_attempts(session, ["k:1", "k:2"], now=NOW + timedelta(minutes=2, seconds=1)) == {
            "k:1": 1, "k:2": 1}


def test_release_all_notes_slacks_refusals_and_refused_finds_them_by_channel(runtime):
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, [ledger.Entry(f"k:{n}", "test", "T1", channel, NOW) for n, channel in
                                   ((1, "C1"), (2, "C1"), (3, "C2"), (4, "C3"))], now=NOW)
        ledger.begin_attempts(session, ["k:1", "k:2", "k:3", "k:4"], now=NOW)
        ledger.release_all(session, ["k:3", "k:1", "k:2", "k:4"],
                           errors={"k:1": "is_archived", "k:2": "not_in_channel", "k:3": "msg_too_long"})
    with runtime.sessions() as session:
        assert [ledger.get(session, f"k:{n}").last_error for n in (1, 2, 3, 4)] == [
            "is_archived", "not_in_channel", "msg_too_long", None]  # k:4: released without a refusal (a 429)
        assert ledger.refused(session, errors={"is_archived", "not_in_channel"}, since=NOW) == {
            "C1": {"is_archived", "not_in_channel"}}
        assert ledger.refused(session, errors={"is_archived"}, since=NOW + timedelta(seconds=1)) == {}
        assert ledger.begin_attempts(session, ["k:1", "k:4"], now=NOW) == {"k:1": 1, "k:4": 1}  # released: free


def test_mark_all_sent_records_each_message_and_its_channel(runtime):
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, entries("k:1", "k:2"), now=NOW)
        ledger.begin_attempts(session, ["k:1", "k:2"], now=NOW)
        ledger.mark_all_sent(session, [("k:2", "D2", "2.000"), ("k:1", "C1", "1.000")], now=NOW)
    with runtime.sessions() as session:
        rows = {key: ledger.get(session, key) for key in ["k:1", "k:2"]}
        assert {k: (r.status, r.channel_id, r.message_ts, r.sent_at) for k, r in rows.items()} == {
            "k:1": ("sent", "C1", "1.000", NOW), "k:2": ("sent", "D2", "2.000", NOW)}
    with transaction(runtime.sessions) as session:
        assert ledger.begin_attempts(session, ["k:1", "k:2"], now=NOW + timedelta(days=1)) == {}


def test_workers_beginning_overlapping_batches_at_once_win_every_key_exactly_once(runtime):
    keys = [f"k:{n:03d}" for n in range(60)]
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, entries(*keys), now=NOW)

    def worker(seed: int) -> dict[str, int]:
        mine = keys[seed * 5:] + keys[:seed * 5]  # every worker wants every key, each in its own order
        won: dict[str, int] = {}
        for start in range(0, len(mine), 7):
            with transaction(runtime.sessions) as session:
                won.update(ledger.begin_attempts(session, mine[start:start + 7], now=NOW))
        return won

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(worker, range(6)))
    winners = [key for won in results for key in won]
    assert sorted(winners) == keys
    assert all(before == 0 for won in results for before in won.values())


def test_stale_claims_are_those_past_their_own_dutys_window_oldest_first(runtime):
    grace = {"checkin_prompt": timedelta(hours=3), "checkin_snoozed": timedelta(days=1)}
    ages = {("checkin_prompt", "a"): timedelta(hours=4), ("checkin_prompt", "b"): timedelta(hours=2),
            ("checkin_snoozed", "c"): timedelta(hours=4), ("checkin_snoozed", "d"): timedelta(days=2),
            ("weekly_digest", "e"): timedelta(days=2), ("weekly_digest", "f"): timedelta(days=16),
            ("checkin_prompt", "g"): timedelta(days=3)}
    with transaction(runtime.sessions) as session:
        for (duty, key), age in ages.items():
            ledger.claim(session, key=key, duty=duty, team_id="T1", channel_id="C1", due_at=NOW - age, now=NOW)
        ledger.claim(session, key="sent", duty="checkin_prompt", team_id="T1", channel_id="C1",
                     due_at=NOW - timedelta(days=9), now=NOW, status=ledger.SENT)
    with runtime.sessions() as session:
        found = ledger.stale_claims(session, now=NOW, grace=grace, default=timedelta(days=15))
    assert [row.key for row in found] == ["f", "g", "d", "a"]


def test_a_dm_keeps_the_user_it_went_to_when_slack_names_its_channel(runtime):
    """`tandem forget` finds a person's DM channel ids through the recipient (see Delivery.recipient)."""
    with transaction(runtime.sessions) as session:
        for key, channel in [("k:1", "U0MARIA"), ("k:2", "C1"), ("k:3", "U0OWNER")]:
            ledger.claim(session, key=key, duty="test", team_id="T1", channel_id=channel, due_at=NOW, now=NOW)
        ledger.mark_all_sent(session, [("k:1", "D0MARIA", "1.000"), ("k:2", "C1", "2.000")], now=NOW)
        ledger.mark_sent(session, key="k:3", ts="3.000", now=NOW, channel_id="D0OWNER")
    with runtime.sessions() as session:
        rows = {key: ledger.get(session, key) for key in ["k:1", "k:2", "k:3"]}
        assert {k: (r.channel_id, r.recipient) for k, r in rows.items()} == {
            "k:1": ("D0MARIA", "U0MARIA"), "k:2": ("C1", None), "k:3": ("D0OWNER", "U0OWNER")}


def test_the_lease_is_two_minutes_and_runs_out_exactly_at_two(runtime):
    claim(runtime, "k:1")
    assert attempt(runtime, "k:1") == 0
    assert attempt(runtime, "k:1", NOW + timedelta(minutes=2) - timedelta(microseconds=1)) is None
    assert attempt(runtime, "k:1", NOW + timedelta(minutes=2)) == 1  # the lease ends at its instant
    assert attempt(runtime, "k:1", NOW + timedelta(minutes=3)) is None  # the new attempt holds a new lease
    assert ledger.LEASE == timedelta(minutes=2)


def test_a_released_claim_looks_ancient_and_keeps_its_key(runtime):
    claim(runtime, "k:1")
    attempt(runtime, "k:1")
    with transaction(runtime.sessions) as session:
        ledger.release(session, key="k:1")
        ledger.release_all(session, [])
    with runtime.sessions() as session:
        row = ledger.get(session, "k:1")
        assert (row.status, row.claimed_at) == ("claimed", datetime(2000, 1, 1, tzinfo=UTC))


def test_mark_sent_without_a_channel_keeps_the_channel(runtime):
    claim(runtime, "k:1")
    with transaction(runtime.sessions) as session:
        ledger.mark_sent(session, key="k:1", ts="1.000", now=NOW)
        ledger.mark_all_sent(session, [], now=NOW)
    with runtime.sessions() as session:
        row = ledger.get(session, "k:1")
        assert (row.status, row.channel_id, row.recipient, row.message_ts, row.sent_at) == (
            "sent", "C1", None, "1.000", NOW)


def test_finishing_skipped_closes_only_claimed_keys(runtime):
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, entries("k:1", "k:2", "k:3"), now=NOW)
        ledger.mark_sent(session, key="k:3", ts="3.000", now=NOW)
        ledger.finish_all_skipped(session, ["k:1", "k:3"])
        ledger.finish_skipped(session, key="k:3")
    with runtime.sessions() as session:
        assert {k: v.status for k, v in ledger.known(session, ["k:1", "k:2", "k:3"]).items()} == {
            "k:1": "skipped", "k:2": "claimed", "k:3": "sent"}
        assert ledger.known(session, []) == {}
        assert ledger.known(session, ["k:3"])["k:3"] == ("k:3", "sent", "3.000")


def test_stale_claims_window_edges(runtime):
    with transaction(runtime.sessions) as session:
        for key, duty, age in [("at", "checkin_prompt", timedelta(hours=3)),
                               ("past", "checkin_prompt", timedelta(hours=3, microseconds=1)),
                               ("other_at", "other", timedelta(days=1)),
                               ("other_past", "other", timedelta(days=1, microseconds=1))]:
            ledger.claim(session, key=key, duty=duty, team_id="T1", channel_id="C1", due_at=NOW - age, now=NOW)
    with runtime.sessions() as session:
        found = ledger.stale_claims(session, now=NOW, grace={"checkin_prompt": timedelta(hours=3)},
                                    default=timedelta(days=1))
    assert [row.key for row in found] == ["other_past", "past"]


def test_refused_counts_claims_due_exactly_since_and_only_with_a_channel(runtime):
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, [ledger.Entry("k:1", "test", "T1", "C1", NOW),
                                   ledger.Entry("k:2", "test", "T1", None, NOW),
                                   ledger.Entry("k:3", "test", "T1", "C3", NOW - timedelta(microseconds=1))], now=NOW)
        ledger.release_all(session, ["k:1", "k:2", "k:3"], errors=dict.fromkeys(["k:1", "k:2", "k:3"], "is_archived"))
    with runtime.sessions() as session:
        assert ledger.refused(session, errors={"is_archived"}, since=NOW) == {"C1": {"is_archived"}}


def test_batches_are_sorted_distinct_and_at_most_five_hundred():
    keys = [f"k:{n:04d}" for n in range(1001)]
    found = list(ledger.batches(reversed(keys + keys[:10])))
    assert [len(b) for b in found] == [500, 500, 1]
    assert [k for b in found for k in b] == keys
    assert list(ledger.batches([])) == []


def test_statuses_are_the_words_stored():
    assert (ledger.CLAIMED, ledger.SENT, ledger.SKIPPED, ledger.SCHEDULED) == (
        "claimed", "sent", "skipped", "scheduled")


def test_a_scheduled_message_comes_due_at_its_time_moves_when_scheduled_again_and_expires(runtime):
    def schedule(key: str, due_at: datetime) -> None:
        with transaction(runtime.sessions) as session:
            ledger.schedule(session, key=key, duty="nudge", team_id="T1", channel_id="C1", due_at=due_at,
                            now=NOW - timedelta(days=2), message_ts="1.0")

    def due(now: datetime) -> set[str]:
        with runtime.sessions() as session:
            return {row.key for row in ledger.scheduled_due(session, duty="nudge", now=now,
                                                             lookback=timedelta(hours=1))}

    schedule("on-time", NOW)
    schedule("moved", NOW)
    schedule("moved", NOW + timedelta(minutes=5))  # scheduled again: it moves, it is not a second message
    schedule("expired", NOW - timedelta(hours=1))  # exactly one lookback old: moot
    assert due(NOW - timedelta(hours=1, seconds=1)) == set()  # nothing yet
    assert due(NOW) == {"on-time"}  # "expired" is exactly one lookback old now
    assert due(NOW + timedelta(minutes=5)) == {"on-time", "moved"}


def test_unsettled_keys_are_the_absent_and_the_claimed(empty_database_url):  # type: ignore[no-untyped-def]
    """Asked of many keys, the ledger answers with the ones still open; whatever way the keys travel."""
    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    try:
        with transaction(runtime.sessions) as session:
            ledger.claim(session, key="k:claimed", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
            ledger.skip(session, key="k:skipped", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
            ledger.claim(session, key="k:sent", duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
            ledger.mark_sent(session, key="k:sent", ts="1.0", now=NOW)
        absent = [f"k:new{n}" for n in range(3000)]
        with runtime.sessions() as session:
            held = ["k:claimed", "k:skipped", "k:sent"]
            assert ledger.unsettled(session, held + absent[:2]) == {"k:claimed", "k:new0", "k:new1"}
            assert ledger.unsettled(session, held + absent) == {"k:claimed", *absent}
            assert ledger.unsettled(session, held + ["two\nlines"]) == {"k:claimed", "two\nlines"}
            assert ledger.unsettled(session, []) == set()
    finally:
        runtime.engine.dispose()


def test_unsettled_asks_in_chunks_and_answers_as_one_query_would(empty_database_url, monkeypatch):  # type: ignore[no-untyped-def]
    """100,000 keys at once held their joined text twice at the top of the worker's memory: they go a chunk a
    query, and the answer is every chunk's."""
    from sqlalchemy import event

    runtime = migrated_runtime(empty_database_url, Clock(NOW))
    monkeypatch.setattr(ledger, "UNSETTLED_CHUNK", 2)
    statements: list[str] = []
    event.listen(runtime.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        with transaction(runtime.sessions) as session:
            for key in ("k:a", "k:c"):
                ledger.claim(session, key=key, duty="test", team_id="T1", channel_id="C1", due_at=NOW, now=NOW)
            ledger.mark_sent(session, key="k:c", ts="1.0", now=NOW)
        keys = {1: "k:a", 2: "k:b", 3: "k:c", 4: "k:d", 5: "two\nlines"}
        with runtime.sessions() as session:
            statements.clear()
            assert ledger.unsettled(session, keys.values()) == {"k:a", "k:b", "k:d", "two\nlines"}
        assert len([s for s in statements if "deliveries" in s]) == 3  # five keys, two a query
    finally:
        runtime.engine.dispose()


def sent_prompt(session, key: str, due_at: datetime, duty: str = slots.DUTY) -> None:  # type: ignore[no-untyped-def]
    ledger.claim(session, key=key, duty=duty, team_id="T1", channel_id="C1", due_at=due_at, now=due_at)
    ledger.mark_sent(session, key=key, ts=f"{due_at.timestamp():.6f}", now=due_at)


def test_closed_prompts_are_read_no_more_and_close_keeps_the_first_instant(runtime):
    day = NOW - timedelta(days=1)
    with transaction(runtime.sessions) as session:
        for n in range(5):
            sent_prompt(session, f"checkin:{n}:2027-03-14", day + timedelta(minutes=n))
        ledger.claim(session, key="checkin:9:2027-03-14", duty=slots.DUTY, team_id="T1", channel_id="C1",
                     due_at=day, now=day)  # claimed, never posted: no prompt to follow up
        sent_prompt(session, "reminder:1:2027-03-14", day, duty="checkin_reminder")  # another duty's row
    with transaction(runtime.sessions) as session:
        ledger.close(session, ["checkin:1:2027-03-14", "checkin:3:2027-03-14"], now=NOW)
    with transaction(runtime.sessions) as session:
        ledger.close(session, ["checkin:1:2027-03-14"], now=NOW + timedelta(hours=1))
        ledger.close(session, [], now=NOW)
    with runtime.sessions() as session:
        assert [p.key for p in duties.sent_prompts(session, day)] == [
            "checkin:0:2027-03-14", "checkin:2:2027-03-14", "checkin:4:2027-03-14"]
        assert [p.key for p in duties.sent_prompts(session, day + timedelta(minutes=2))] == [
            "checkin:2:2027-03-14", "checkin:4:2027-03-14"]
        assert [p.key for p in duties.sent_prompts(session, day, until=day + timedelta(minutes=2))] == [
            "checkin:0:2027-03-14", "checkin:2:2027-03-14"]
        row = ledger.get(session, "checkin:1:2027-03-14")
        assert row is not None and row.closed_at == NOW
    with transaction(runtime.sessions) as session:
        ledger.close_aged(session, before=day + timedelta(minutes=2), now=NOW)
    with runtime.sessions() as session:
        assert [p.key for p in duties.sent_prompts(session, day - timedelta(days=30))] == [
            "checkin:2:2027-03-14", "checkin:4:2027-03-14"]
        row = ledger.get(session, "checkin:1:2027-03-14")
        assert row is not None and row.closed_at == NOW  # closed before: kept its instant


def test_the_open_prompts_read_is_served_by_the_partial_index(runtime):
    """The read spells out the index's predicate: with a bound duty or status the planner could not prove it
    and would scan every prompt of the last two weeks. The predicate names the sweep's own duty and status."""
    assert OPEN_PROMPTS == f"duty = '{slots.DUTY}' AND status = '{ledger.SENT}' AND closed_at IS NULL"
    with runtime.sessions() as session:
        plan = plans.can_use(session.connection(), duties.open_prompts_statement(NOW - timedelta(days=14), NOW),
                             "ix_deliveries_open_prompts", "deliveries", "2027-03-01 00:00:00")
    assert "ix_deliveries_open_prompts" in plan, plan


def test_beginning_attempts_tells_when_each_keys_attempt_before_began(runtime):
    """What the lanes ask each round (one statement on PostgreSQL): the attempts won, each with the start of the
    attempt before it, read before this one overwrites it; a key whose live attempt holds it is not won."""
    first, second = NOW - timedelta(minutes=5), NOW
    with transaction(runtime.sessions) as session:
        ledger.claim_all(session, entries("k:fresh", "k:retried", "k:held", "k:sent"), now=NOW)
        assert ledger.begin_attempts_since(session, ["k:retried", "k:sent"], now=NOW - timedelta(minutes=5),
                                           wall=first) == {"k:retried": (0, None), "k:sent": (0, None)}
        ledger.begin_attempts(session, ["k:held"], now=NOW, wall=first)
        ledger.mark_all_sent(session, [("k:sent", "C1", "1.000")], now=NOW)
    with transaction(runtime.sessions) as session:
        won = ledger.begin_attempts_since(session, ["k:fresh", "k:retried", "k:held", "k:sent", "k:none"], now=NOW,
                                          wall=second)
    assert won == {"k:fresh": (0, None), "k:retried": (1, first)}
    with runtime.sessions() as session:
        assert ledger.attempted_since(session, ["k:fresh", "k:retried", "k:held"]) == {
            "k:fresh": second, "k:retried": second, "k:held": first}

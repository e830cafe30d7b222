"""Check-in prompts end to end: database, sweep, the bot's real WebClient, the Slack emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.delivery import ledger, marks
from jobs import checkin_prompts, run_due
from jobs.context import start as tick
from jobs.delivery import EVENT_TYPE
from tests.jobs.conftest import MARIA, OWNER, PROJECT, add_engagement

# Monday 2027-03-08 10:00 in Manila.
MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)


def sweep(runtime, client, now, dry_run=False):  # type: ignore[no-untyped-def]
    return list(checkin_prompts.sweep(tick(runtime, client, now=now, dry_run=dry_run)))


def test_a_prompt_is_posted_once_at_ten_manila_with_its_key_and_buttons(runtime, client, emulator):
    add_engagement(runtime)
    assert sweep(runtime, client, MONDAY_TEN - timedelta(minutes=1)) == []
    lines = sweep(runtime, client, MONDAY_TEN)
    assert lines == [f"checkin_prompt checkin:1:2027-03-08 -> {PROJECT}: check-in prompt for <@{MARIA}>"]
    assert sweep(runtime, client, MONDAY_TEN) == [] and sweep(runtime, client, MONDAY_TEN + timedelta(hours=1)) == []
    [message] = emulator.messages(PROJECT)
    assert f"<@{MARIA}>" in message["text"] or f"<@{MARIA}>" in str(message["blocks"])
    actions = [e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["open_checkin", "snooze_checkin", "my_work"]
    history = client.conversations_history(channel=PROJECT, include_all_metadata=True)["messages"]
    assert history[0]["metadata"] == {"event_type": EVENT_TYPE, "event_payload": {"key": "checkin:1:2027-03-08"}}
    with runtime.sessions() as session:
        row = ledger.get(session, "checkin:1:2027-03-08")
        assert (row.status, row.message_ts) == ("sent", message["ts"])


def test_run_due_for_a_week_posts_monday_and_thursday_and_dry_run_records_nothing(runtime, client, emulator):
    add_engagement(runtime)
    dry = list(run_due(runtime, client, now=MONDAY_TEN, dry_run=True))
    assert dry == [f"(dry run) checkin_prompt checkin:1:2027-03-08 -> {PROJECT}: check-in prompt for <@{MARIA}>"]
    assert emulator.messages(PROJECT) == []
    now, lines = MONDAY_TEN - timedelta(hours=1), []
    while now <= MONDAY_TEN + timedelta(days=7):
        lines += list(run_due(runtime, client, now=now))
        now += timedelta(hours=1)  # hourly: every slot still falls into one sweep (3 h grace)
    prompts = [line.split()[1] for line in lines if line.startswith("checkin_prompt")]
    assert prompts == ["checkin:1:2027-03-08", "checkin:1:2027-03-11", "checkin:1:2027-03-15"]
    assert len(emulator.messages(PROJECT)) == 3


def test_slots_missed_beyond_the_grace_window_are_skipped_not_sent(runtime, client, emulator):
    add_engagement(runtime)
    assert sweep(runtime, client, MONDAY_TEN + timedelta(hours=5)) == []
    assert emulator.messages(PROJECT) == []
    with runtime.sessions() as session:
        assert ledger.get(session, "checkin:1:2027-03-08").status == "skipped"


def test_missed_slots_are_looked_for_only_since_the_last_complete_run(runtime, client, emulator, monkeypatch):
    add_engagement(runtime)
    asked: list[list[str]] = []
    known = ledger.known
    monkeypatch.setattr(ledger, "known", lambda session, keys: asked.append(sorted(keys)) or known(session, keys))
    late = MONDAY_TEN + timedelta(hours=5)
    assert sweep(runtime, client, late) == []  # no mark yet: the whole look-back (Thursday 03-04 is beyond it)
    assert asked.pop() == ["checkin:1:2027-03-08"]
    assert sweep(runtime, client, late + timedelta(minutes=1), dry_run=True) == []
    with runtime.sessions() as session:
        assert marks.done_through(session, "checkin_prompt") == late  # a dry run records nothing, moves nothing
    asked.clear()
    assert sweep(runtime, client, late + timedelta(minutes=1)) == []
    assert asked == [[]]  # nothing went stale in that minute: no key to ask about
    thursday_late = MONDAY_TEN + timedelta(days=3, hours=5)  # the runs stopped for three days
    assert sweep(runtime, client, thursday_late) == []
    assert asked[-1] == ["checkin:1:2027-03-11"]
    with runtime.sessions() as session:
        assert ledger.get(session, "checkin:1:2027-03-11").status == "skipped"
        assert marks.done_through(session, "checkin_prompt") == thursday_late
    assert sweep(runtime, client, late) == []  # a run back in time looks back the whole way again
    assert asked[-1] == ["checkin:1:2027-03-08"]
    with runtime.sessions() as session:
        assert marks.done_through(session, "checkin_prompt") == thursday_late  # and leaves the later mark


def test_a_crash_between_posting_and_recording_does_not_post_twice(runtime, client, emulator, clock):
    add_engagement(runtime)
    key = "checkin:1:2027-03-08"
    with transaction(runtime.sessions) as session:  # a worker claimed, began its attempt and posted...
        ledger.claim(session, key=key, duty="checkin_prompt", team_id="T1", channel_id=PROJECT,
                     due_at=MONDAY_TEN, now=clock())
        ledger.begin_attempt(session, key=key, now=clock())
    posted = client.chat_postMessage(channel=PROJECT, text="prompt",
                                     metadata={"event_type": EVENT_TYPE, "event_payload": {"key": key}})
    assert sweep(runtime, client, MONDAY_TEN) == []  # ...then died: its lease still holds
    clock.now += ledger.LEASE + timedelta(seconds=1)
    assert sweep(runtime, client, MONDAY_TEN + timedelta(minutes=5)) == []
    assert len(emulator.messages(PROJECT)) == 1
    with runtime.sessions() as session:
        assert ledger.get(session, key).message_ts == posted["ts"]


def test_on_429_the_key_stays_claimed_and_the_next_sweep_posts_it(runtime, client, emulator):
    add_engagement(runtime)
    emulator.fail_next("chat.postMessage", status=429, retry_after=0, count=3)  # more than the client retries
    assert sweep(runtime, client, MONDAY_TEN) == []
    with runtime.sessions() as session:
        assert ledger.get(session, "checkin:1:2027-03-08").status == "claimed"
    assert len(sweep(runtime, client, MONDAY_TEN + timedelta(minutes=1))) == 1
    assert len(emulator.messages(PROJECT)) == 1


def count_statements(runtime, client, now):  # type: ignore[no-untyped-def]
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(runtime.engine, "before_cursor_execute", listener)
    try:
        lines = list(run_due(runtime, client, now=now, dry_run=True))
    finally:
        event.remove(runtime.engine, "before_cursor_execute", listener)
    return len(seen), lines


def test_deciding_what_is_due_takes_the_same_number_of_queries_for_2_or_12_engagements(runtime, client):
    add_engagement(runtime, count=2)
    few, lines = count_statements(runtime, client, MONDAY_TEN)
    assert len(lines) == 2
    add_engagement(runtime, count=10, first=2)
    many, lines = count_statements(runtime, client, MONDAY_TEN + timedelta(minutes=1))
    assert len(lines) == 12 and many == few


def test_once_the_due_prompts_are_out_the_sweep_asks_no_check_in_dates(runtime, client, emulator):
    """Inside the grace window every posted slot is still due; asking the check-ins of each of them every
    minute read two weeks of check-ins per engagement for nothing."""
    add_engagement(runtime, count=12)
    for index in range(1, 12):
        emulator.add_channel(f"C0P{index:04d}", members=[OWNER])
    assert len(sweep(runtime, client, MONDAY_TEN)) == 12
    seen: list[str] = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(runtime.engine, "before_cursor_execute", listener)
    try:
        assert sweep(runtime, client, MONDAY_TEN + timedelta(minutes=1)) == []
    finally:
        event.remove(runtime.engine, "before_cursor_execute", listener)
    assert [s for s in seen if "checkins" in s] == []
    assert any("deliveries" in s for s in seen)  # it did look at the ledger


def test_two_workers_stepping_through_days_at_once_post_every_message_once(runtime, client, emulator):
    """Two threads (each its own client and sessions) run every sweep every 30 minutes of 4 days.

    Half-hour steps stay well inside every grace window, so no due message can fall between them.
    """
    from concurrent.futures import ThreadPoolExecutor

    from bot.slack.app import make_client

    add_engagement(runtime, count=3, sla_hours=2)
    for index in (1, 2):
        emulator.add_channel(f"C0P{index:04d}", members=[OWNER])

    def worker(_: int) -> list[str]:
        own = make_client(runtime)
        lines, now = [], MONDAY_TEN - timedelta(minutes=30)
        while now <= MONDAY_TEN + timedelta(days=4):
            lines += list(run_due(runtime, own, now=now))
            now += timedelta(minutes=30)
        return lines

    with ThreadPoolExecutor(max_workers=2) as pool:
        lines = [line for result in pool.map(worker, range(2)) for line in result]
    keys = [line.split()[1] for line in lines]
    assert len(keys) == len(set(keys)) and "checkin:1:2027-03-11" in keys
    posted = [c.args.get("metadata") for c in emulator.calls_to("chat.postMessage")]
    assert len(posted) == len(keys)


def test_three_engagements_prompted_the_same_day_all_reach_the_contractor(runtime, client, emulator):
    """The daily cap never drops a check-in prompt: the third shares the day's last row with the second."""
    for index in (1, 2):
        emulator.add_channel(f"C0P{index:04d}", name=f"proj-{index}", members=[OWNER, MARIA])
    ids = add_engagement(runtime, count=3)
    with transaction(runtime.sessions) as session:  # one contractor in all three
        rows = [session.get(Engagement, i) for i in ids]
        for row in rows[1:]:
            old = row.contractor
            row.contractor = rows[0].contractor
            session.flush()
            session.delete(old)
    lines = sweep(runtime, client, MONDAY_TEN)
    assert sorted(line.split()[1] for line in lines) == sorted(f"checkin:{i}:2027-03-08" for i in ids)
    assert [len(emulator.messages(c)) for c in (PROJECT, "C0P0001", "C0P0002")] == [1, 1, 1]
    with runtime.sessions() as session:
        assert {ledger.get(session, f"checkin:{i}:2027-03-08").status for i in ids} == {"sent"}
        caps = [ledger.get(session, f"cap:{rows[0].contractor_id}:2027-03-08:{n}") for n in (1, 2, 3)]
    assert caps[0] is not None and caps[1] is not None and caps[2] is None  # still two rows: the cap holds

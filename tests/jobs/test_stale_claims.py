"""Keys left claimed by a dead attempt end as sent or skipped once their grace window has passed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.session import transaction
from bot.domain.delivery import ledger
from jobs import stale_claims
from jobs.context import start as tick
from jobs.delivery import EVENT_TYPE
from tests.jobs.conftest import PROJECT, add_engagement

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila
KEY = "checkin:1:2027-03-08"


def claim(runtime, *, attempts: int, claimed_at: datetime) -> None:  # type: ignore[no-untyped-def]
    """What a worker leaves behind when it dies after claiming (and maybe beginning) an attempt."""
    with transaction(runtime.sessions) as session:
        ledger.claim(session, key=KEY, duty="checkin_prompt", team_id="T1", channel_id=PROJECT,
                     due_at=MONDAY_TEN, now=claimed_at)
        for _ in range(attempts):
            ledger.begin_attempt(session, key=KEY, now=claimed_at, lease=timedelta(0))


def sweep(runtime, client, now: datetime) -> None:  # type: ignore[no-untyped-def]
    assert list(stale_claims.sweep(tick(runtime, client, now=now))) == []


def status(runtime) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        row = ledger.get(session, KEY)
        return row.status, row.message_ts


def test_a_claim_no_attempt_began_is_skipped_once_its_grace_window_has_passed(runtime, client, emulator, clock):
    add_engagement(runtime)
    claim(runtime, attempts=0, claimed_at=MONDAY_TEN)
    clock.now = MONDAY_TEN + timedelta(hours=4)
    sweep(runtime, client, MONDAY_TEN + timedelta(hours=2, minutes=59))  # still within grace: left to the sweep
    assert status(runtime) == ("claimed", None)
    sweep(runtime, client, MONDAY_TEN + timedelta(hours=3, minutes=1))
    assert status(runtime) == ("skipped", None) and emulator.messages(PROJECT) == []


def test_an_attempt_that_posted_then_died_is_found_in_slack_and_recorded_as_sent(runtime, client, emulator, clock):
    add_engagement(runtime)
    claim(runtime, attempts=1, claimed_at=MONDAY_TEN)
    posted = client.chat_postMessage(channel=PROJECT, text="prompt",
                                     metadata={"event_type": EVENT_TYPE, "event_payload": {"key": KEY}})
    clock.now = MONDAY_TEN + timedelta(hours=4)
    sweep(runtime, client, clock.now)
    assert status(runtime) == ("sent", posted["ts"]) and len(emulator.messages(PROJECT)) == 1


def test_an_attempt_that_died_before_posting_is_skipped_and_a_live_one_is_left_alone(runtime, client, emulator,
                                                                                       clock):
    add_engagement(runtime)
    claim(runtime, attempts=1, claimed_at=MONDAY_TEN + timedelta(hours=3, minutes=59))
    clock.now = MONDAY_TEN + timedelta(hours=4)
    sweep(runtime, client, clock.now)
    assert status(runtime) == ("claimed", None)  # its lease still runs: that attempt may be posting now
    clock.now += ledger.LEASE
    sweep(runtime, client, clock.now)
    assert status(runtime) == ("skipped", None) and emulator.messages(PROJECT) == []


def test_a_stale_claim_in_a_channel_closed_to_the_bot_is_closed_not_asked_about_forever(runtime, client, emulator,
                                                                                       clock):
    """Its history cannot be read (removed from a private channel: channel_not_found) past the grace window."""
    add_engagement(runtime)
    claim(runtime, attempts=1, claimed_at=MONDAY_TEN)
    emulator.add_channel("G0SECRET", name="secret", is_private=True, members=[])
    with transaction(runtime.sessions) as session:
        session.execute(ledger.TABLE.update().values(channel_id="G0SECRET"))
    emulator.remove_member("G0SECRET", emulator.bot_user_id)
    clock.now = MONDAY_TEN + timedelta(hours=4)
    sweep(runtime, client, clock.now)
    assert status(runtime) == ("skipped", None)
    assert emulator.calls_to("conversations.history")  # it did look, and could not

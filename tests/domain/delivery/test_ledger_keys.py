"""Ledger keys: built and parsed in one module, and every shape exactly as the databases already store it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.delivery import ledger_keys
from bot.domain.delivery.ledger_keys import LedgerKey

DAY = date(2027, 3, 8)
AT = datetime(2027, 3, 8, 14, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize(("built", "stored"), [
    # The right-hand side is what earlier releases wrote (the f-strings this module replaced).
    (ledger_keys.slot(ledger_keys.CHECKIN, 7, DAY), "checkin:7:2027-03-08"),
    (ledger_keys.slot(ledger_keys.REMINDER, 7, DAY), "reminder:7:2027-03-08"),
    (ledger_keys.slot(ledger_keys.OWNER_ALERT, 7, DAY), "owner-alert:7:2027-03-08"),
    (ledger_keys.slot(ledger_keys.SNOOZE, 7, DAY), "snooze:7:2027-03-08"),
    (ledger_keys.snoozed(7, DAY, AT), "snoozed:7:2027-03-08:20270308T1405"),
    (ledger_keys.snooze_dm("feedback:7:every:2027-03-08"), "snooze-dm:feedback:7:every:2027-03-08"),
    (ledger_keys.snooze_dm_nudge("snooze-dm:review:3:1", AT), "snooze-dm:review:3:1:20270308T1405"),
    (ledger_keys.risk(7, DAY), "risk:7:2027-03"),
    (ledger_keys.thanks_nudge(7, 2027, 9), "thanks-nudge:7:2027-W09"),
    (ledger_keys.feedback_done(7, AT), "feedback:7:done:20270308T140509"),
    (ledger_keys.feedback_every(7, DAY), "feedback:7:every:2027-03-08"),
    (ledger_keys.review(3, 2), "review:3:2"),
    (ledger_keys.blocker(11), "blocker:11"),
    (ledger_keys.blocker(11, notice=True), "blocker-notice:11"),
    (ledger_keys.cap(5, DAY, 3), "cap:5:2027-03-08:3"),
    (ledger_keys.day_key(ledger_keys.PAYMENT, 4, DAY), "payment:4:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.DEADLINE, 7, DAY), "deadline:7:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.ONBOARDING, 7, DAY), "onboarding:7:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.TRIAL, 7, DAY), "trial:7:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.DEADLINE_REVIEW, 7, DAY), "deadline_review:7:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.CHANNEL_PROBLEM, 7, DAY), "channel_problem:7:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.DIGEST, 2, DAY), "digest:2:2027-03-08"),
    (ledger_keys.day_key(ledger_keys.OBSERVER_DIGEST, 2, DAY), "digest-observer:2:2027-03-08"),
])
def test_every_key_keeps_the_shape_already_stored(built: str, stored: str) -> None:
    assert built == stored
    if not stored.startswith("snooze-dm:"):
        assert str(LedgerKey.parse(stored)) == stored  # parse and build are inverses
        assert ledger_keys.subject_of(stored) == LedgerKey.parse(stored).subject  # type: ignore[union-attr]  # ours


def test_a_parsed_key_names_its_kind_subject_and_day() -> None:
    key = LedgerKey.parse("owner-alert:42:2027-03-08")
    assert key == LedgerKey("owner-alert", 42, ("2027-03-08",))
    assert (key.day, key.engagement_id) == (DAY, 42)
    assert LedgerKey.parse("payment:4:2027-03-08").engagement_id is None  # a payment id, not an engagement's


@pytest.mark.parametrize("text", ["", "checkin", "checkin:", "checkin:x:2027-03-08", "snooze-dm:checkin:1:2027-03-08",
                                  ":7:2027-03-08"])
def test_what_is_not_a_key_of_ours_parses_to_none(text: str) -> None:
    assert LedgerKey.parse(text) is None


def test_slot_keys_read_back_and_other_keys_are_refused() -> None:
    assert ledger_keys.slot_of("snooze:7:2027-03-08") == (7, DAY)
    assert ledger_keys.slot_of("snoozed:7:2027-03-08:20270308T1405") == (7, DAY)
    for other in ("payment:4:2027-03-08", "blocker:11", "nonsense"):
        with pytest.raises(ValueError, match="not a slot key"):
            ledger_keys.slot_of(other)


def test_feedback_reasons_read_back_from_the_key() -> None:
    assert ledger_keys.feedback_reason(ledger_keys.feedback_done(7, AT)) == "task"
    assert ledger_keys.feedback_reason(ledger_keys.feedback_every(7, DAY)) == "period"
    assert ledger_keys.feedback_reason("feedback:7:end:2027-03-08") == "end"


def test_slots_are_the_slot_keys_in_order() -> None:
    """The batch the health rule asks the ledger with: the stored shape, engagement by engagement."""
    days = [date(2027, 3, 9), DAY, date(2026, 12, 31)]
    assert ledger_keys.slots(ledger_keys.CHECKIN, [7, 120], days) == [
        "checkin:7:2027-03-09", "checkin:7:2027-03-08", "checkin:7:2026-12-31",
        "checkin:120:2027-03-09", "checkin:120:2027-03-08", "checkin:120:2026-12-31"]
    assert ledger_keys.slots(ledger_keys.REMINDER, iter([3]), [DAY]) == [ledger_keys.slot(ledger_keys.REMINDER, 3, DAY)]
    with pytest.raises(AssertionError):
        ledger_keys.slots("payment", [3], [DAY])

"""The payment alert calendar and its wording, day by day, with the schedule written out by hand.

The promise (README, payments): 3 days before, on the day, then 1, 3 and 7 days overdue, then weekly.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.money import payment_alerts, payments
from bot.text.money import Money
from tests.domain.conftest import NOW, OWNER, TODAY

DUE = date(2027, 3, 19)

# days from the due date -> the latest alert on or before that day, as days from the due date
SCHEDULE = {
    -10: None, -5: None, -4: None,
    -3: -3, -2: -3, -1: -3,
    0: 0,
    1: 1, 2: 1,
    3: 3, 4: 3, 5: 3, 6: 3,
    7: 7, 8: 7, 13: 7,
    14: 14, 15: 14, 20: 14,
    21: 21, 27: 21, 28: 28, 35: 35, 36: 35, 70: 70,
}


@pytest.mark.parametrize(("offset", "alert"), sorted(SCHEDULE.items()))
def test_alert_day(offset: int, alert: int | None) -> None:
    found = payment_alerts.alert_day(DUE, DUE + timedelta(days=offset))
    assert found == (None if alert is None else DUE + timedelta(days=alert))


@pytest.mark.parametrize(("offset", "text"), [
    (-30, "due in 30 days"),
    (-3, "due in 3 days"),
    (-2, "due in 2 days"),
    (-1, "due tomorrow"),
    (0, "due today"),
    (1, "overdue by 1 day"),
    (2, "overdue by 2 days"),
    (8, "overdue by 8 days"),
])
def test_describe_due_wording(offset: int, text: str) -> None:
    assert payment_alerts.describe_due(DUE, DUE + timedelta(days=offset)) == text


def test_key_and_duty() -> None:
    assert payment_alerts.key_for(42, date(2027, 3, 16)) == "payment:42:2027-03-16"
    assert payment_alerts.DUTY == "payment_alert"


def test_unpaid_lists_every_unpaid_payment_soonest_first(session, engagement) -> None:
    def add(due: date):  # type: ignore[no-untyped-def]
        return payments.add(session, engagement=engagement, by_user=OWNER, amount=Money(100, "USD"),
                            due_on=due, today=TODAY, now=NOW)

    later, paid, sooner, same_day = add(date(2027, 4, 1)), add(date(2027, 3, 1)), add(date(2027, 3, 2)), add(
        date(2027, 4, 1))
    payments.settle(session, payment=paid, by_user=OWNER, now=NOW)
    found = payment_alerts.unpaid(session)
    assert [p.number for p in found] == [sooner.number, later.number, same_day.number]
    assert found[0].engagement.owner.user_id == OWNER

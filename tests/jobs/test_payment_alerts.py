"""Payment alerts: owner-only DMs before, on and after the due date, in the owner's working hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.models import Payment
from bot.db.session import transaction
from bot.domain.money.payment_alerts import alert_day
from jobs import payment_alerts
from jobs.context import start as tick
from tests.jobs.conftest import OWNER, PROJECT, add_engagement, add_payment

DUE = date(2027, 3, 19)  # a Friday


def daily(runtime, client, start: date, days: int, hour: int = 10) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for offset in range(days):
        now = datetime.combine(start + timedelta(days=offset), datetime.min.time(), UTC) + timedelta(hours=hour)
        lines += list(payment_alerts.sweep(tick(runtime, client, now=now)))
    return lines


def test_the_alert_schedule():
    assert alert_day(DUE, DUE - timedelta(days=4)) is None
    assert alert_day(DUE, DUE - timedelta(days=2)) == DUE - timedelta(days=3)
    assert [alert_day(DUE, DUE + timedelta(days=d)) - DUE for d in (0, 1, 2, 3, 6, 7, 13, 14, 21)] == [
        timedelta(days=d) for d in (0, 1, 1, 3, 3, 7, 7, 14, 21)]


def test_alerts_go_only_to_the_owner_on_their_working_days_until_paid(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    payment_id = add_payment(runtime, engagement_id, DUE)
    lines = daily(runtime, client, date(2027, 3, 10), 30)
    keys = [line.split()[1] for line in lines]
    # 03-20 (day 1) is a Saturday: on Monday the latest due alert is day 3, sent then.
    assert keys == [f"payment:{payment_id}:2027-03-{d}" for d in (16, 19, 22, 26)] + [
        f"payment:{payment_id}:2027-04-02"]
    dm = emulator.messages(emulator.dm_channel(OWNER))
    assert len(dm) == 5 and "500" in str(dm[0]["blocks"]) and "due in 3 days" in dm[0]["text"]
    assert emulator.messages(PROJECT) == []
    assert "mark_paid" in str(dm[-1]["blocks"])
    with transaction(runtime.sessions) as session:
        session.get_one(Payment, payment_id).status = "paid"
    assert daily(runtime, client, date(2027, 4, 9), 14) == []


def test_downtime_never_loses_the_alert_and_never_bursts(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    add_payment(runtime, engagement_id, DUE)
    lines = daily(runtime, client, date(2027, 3, 31), 1)  # first sweep after 12 days down
    assert len(lines) == 1 and "2027-03-26" in lines[0]
    assert "overdue by 12 days" in emulator.messages(emulator.dm_channel(OWNER))[0]["text"]


def test_alerts_wait_for_the_owners_working_hours(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    add_payment(runtime, engagement_id, DUE)
    assert daily(runtime, client, DUE, 1, hour=7) == []  # 07:00 London
    assert len(daily(runtime, client, DUE, 1, hour=9)) == 1

"""Weekly digest (Monday 09:00 owner time, payment alerts ride along) and open-blocker alerts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.models import Checkin
from bot.db.session import transaction
from jobs import blockers, digest, run_due
from jobs.context import start as tick
from tests.jobs.conftest import OWNER, add_engagement, add_payment
from tests.support.shown import mentions_amount, shown

MONDAY_NINE = datetime(2027, 3, 15, 9, tzinfo=UTC)  # 09:00 London


def test_digest_monday_nine_once_and_carries_the_payment_alert(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    add_payment(runtime, engagement_id, date(2027, 3, 18))  # reminder due 03-15
    assert list(digest.sweep(tick(runtime, client, now=MONDAY_NINE - timedelta(minutes=1)))) == []
    lines = list(run_due(runtime, client, now=MONDAY_NINE))
    assert [line.split()[0] for line in lines if "payment" in line or "digest" in line] == ["weekly_digest"]
    dm = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "weekly digest" in m["text"]]
    assert len(dm) == 1 and "silent" in str(dm[0]["blocks"]) and "due in 3 days" in str(dm[0]["blocks"])
    assert "London" in str(dm[0]["blocks"])
    later = list(run_due(runtime, client, now=MONDAY_NINE + timedelta(hours=1)))
    assert not [line for line in later if "payment" in line or "digest" in line]


def test_blocker_open_two_working_days_alerts_the_owner_once(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime)
    asked = datetime(2027, 3, 11, 2, tzinfo=UTC)  # Thursday 10:00 Manila
    with transaction(runtime.sessions) as session:
        session.add(Checkin(engagement_id=engagement_id, author_id=2, local_date=date(2027, 3, 11), status="blocked",
                            blockers="need the DNS login", answered_at=asked, source="form",
                            created_at=asked, updated_at=asked))
    friday, monday = datetime(2027, 3, 12, 10, tzinfo=UTC), datetime(2027, 3, 15, 10, tzinfo=UTC)
    assert list(blockers.sweep(tick(runtime, client, now=friday))) == []
    sent = list(blockers.sweep(tick(runtime, client, now=monday)))  # Friday, Monday: two working days
    assert [line.split()[1].split(":")[0] for line in sent] == ["blocker", "blocker-notice"]  # DM, then channel
    assert list(blockers.sweep(tick(runtime, client, now=monday + timedelta(hours=1)))) == []
    [dm] = emulator.messages(emulator.dm_channel(OWNER))
    assert "need the DNS login" in str(dm["blocks"])


def test_observers_get_their_own_digest_at_their_own_monday_nine_without_money(runtime, client, emulator):
    from bot.db.models import Observer
    from jobs import observer_digest
    from tests.support.duties import person

    [engagement_id] = add_engagement(runtime)
    add_payment(runtime, engagement_id, date(2027, 3, 18))
    emulator.add_user("U0SAM", real_name="Sam Partner", tz="America/New_York")
    emulator.add_user("U0GONE", real_name="Gone Observer", tz="Europe/London")
    with transaction(runtime.sessions) as session:
        for user, tz, removed in (("U0SAM", "America/New_York", None), ("U0GONE", "Europe/London", MONDAY_NINE)):
            session.add(Observer(engagement_id=engagement_id, person=person(user, tz), added_by=OWNER,
                                 created_at=MONDAY_NINE, removed_at=removed))
    assert list(observer_digest.sweep(tick(runtime, client, now=MONDAY_NINE))) == []  # 05:00 in New York
    sam_nine = datetime(2027, 3, 15, 13, tzinfo=UTC)  # 09:00 EDT (the US changed clocks on the 14th)
    assert list(observer_digest.sweep(tick(runtime, client, now=sam_nine - timedelta(minutes=1)))) == []
    [line] = [ln for ln in run_due(runtime, client, now=sam_nine) if ln.startswith("observer_digest")]
    assert "digest-observer:" in line and "U0SAM" in line
    assert [ln for ln in run_due(runtime, client, now=sam_nine + timedelta(hours=2))
            if ln.startswith("observer_digest")] == []
    [dm] = emulator.messages(emulator.dm_channel("U0SAM"))
    assert "Project 1" in str(dm["blocks"]) and "silent" in str(dm["blocks"])
    assert "payment" not in shown(dm).lower() and "USD" not in shown(dm) and not mentions_amount(shown(dm), "500")
    assert emulator.messages(emulator.dm_channel("U0GONE")) == []

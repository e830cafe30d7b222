"""Follow-ups: a reminder in the prompt's thread after the SLA, the owner's DM after twice the SLA."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.db.session import transaction
from bot.domain import duties
from bot.domain.checkin import checkins
from bot.domain.checkin.checkins import Report
from bot.domain.delivery import ledger
from bot.domain.roster import people
from bot.domain.schedule import slots
from jobs import run_due
from tests.jobs.conftest import MARIA, OWNER, PROJECT, add_engagement, engagement_row

MONDAY_TEN = datetime(2027, 3, 8, 2, tzinfo=UTC)  # 10:00 Manila, 02:00 London


def step(runtime, client, start, end, minutes=15):  # type: ignore[no-untyped-def]
    lines, now = [], start
    while now <= end:
        lines += list(run_due(runtime, client, now=now))
        now += timedelta(minutes=minutes)
    return lines


def test_unanswered_prompt_gets_one_thread_reminder_then_the_owner_hears_in_their_hours(runtime, client, emulator):
    add_engagement(runtime, sla_hours=4)
    lines = step(runtime, client, MONDAY_TEN, MONDAY_TEN + timedelta(days=2, hours=12))
    [prompt] = emulator.messages(PROJECT)
    replies = emulator.messages(PROJECT, thread_ts=prompt["ts"])
    assert len(replies) == 1 and f"<@{MARIA}>" in str(replies[0])
    reminder = next(line for line in lines if line.startswith("checkin_reminder"))
    assert "reminder:1:2027-03-08" in reminder
    # Other duties (digest, feedback, thanks) also DM the owner; only the missed-check-in alert matters here.
    owner_dm = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if m["text"].startswith("No check-in")]
    assert len(owner_dm) == 1 and "2027-03-08" not in owner_dm[0]["text"]
    order = [line.split()[0] for line in lines]
    assert order.index("checkin_reminder") < order.index("checkin_owner_alert")
    # 4 working hours after Monday 10:00 Manila is 14:00; 8 skip Tuesday (Eid'l Fitr, a Philippine
    # holiday in 2027) and end Wednesday 10:00 Manila = 02:00 London: the DM waits for 09:00 London.


def test_the_owner_alert_arrives_at_nine_london_on_wednesday(runtime, client, emulator):
    add_engagement(runtime, sla_hours=4)
    step(runtime, client, MONDAY_TEN, datetime(2027, 3, 10, 8, 45, tzinfo=UTC))
    alerts = lambda: [m for m in emulator.messages(emulator.dm_channel(OWNER))  # noqa: E731
                      if m["text"].startswith("No check-in")]
    assert alerts() == []
    nine = datetime(2027, 3, 10, 9, tzinfo=UTC)
    assert [ln for ln in step(runtime, client, nine, nine) if ln.startswith("checkin_owner_alert")] != []
    assert len(alerts()) == 1


def test_a_check_in_by_any_route_answers_the_prompt(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime, sla_hours=4)
    list(run_due(runtime, client, now=MONDAY_TEN))
    engagement = engagement_row(runtime, engagement_id)
    with transaction(runtime.sessions) as session:
        author = people.get(session, team_id="T1", user_id=MARIA)
        checkins.record(session, engagement=engagement, author=author, report=Report("on_track", done="mockups"),
                        source="command", now=MONDAY_TEN + timedelta(hours=1))
    lines = step(runtime, client, MONDAY_TEN, MONDAY_TEN + timedelta(days=2))
    assert not [line for line in lines if line.startswith(("checkin_reminder", "checkin_owner_alert"))]
    [prompt] = emulator.messages(PROJECT)
    assert emulator.messages(PROJECT, thread_ts=prompt["ts"]) == []
    assert date(2027, 3, 8) == checkins.local_date(engagement, MONDAY_TEN)


def open_prompts(runtime) -> list[str]:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        return [p.key for p in duties.sent_prompts(session, MONDAY_TEN - timedelta(days=14))]


def closed_at(runtime, key: str) -> datetime | None:  # type: ignore[no-untyped-def]
    with runtime.sessions() as session:
        row = ledger.get(session, key)
        assert row is not None
        return row.closed_at


def test_an_answered_prompt_is_closed_once_past_its_sla_and_a_dry_run_closes_nothing(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime, sla_hours=4)
    key = slots.key_for(engagement_id, date(2027, 3, 8))
    list(run_due(runtime, client, now=MONDAY_TEN))
    with transaction(runtime.sessions) as session:
        author = people.get(session, team_id="T1", user_id=MARIA)
        checkins.record(session, engagement=engagement_row(runtime, engagement_id), author=author,
                        report=Report("on_track", done="mockups"), source="command",
                        now=MONDAY_TEN + timedelta(hours=1))
    list(run_due(runtime, client, now=MONDAY_TEN + timedelta(hours=3)))  # within the SLA: not looked at yet
    assert open_prompts(runtime) == [key]
    after_sla = MONDAY_TEN + timedelta(hours=4, minutes=1)
    list(run_due(runtime, client, now=after_sla, dry_run=True))
    assert open_prompts(runtime) == [key]
    list(run_due(runtime, client, now=after_sla))
    assert open_prompts(runtime) == [] and closed_at(runtime, key) == after_sla


def test_an_unanswered_prompt_stays_open_until_its_owner_is_told_then_closes(runtime, client, emulator):
    [engagement_id] = add_engagement(runtime, sla_hours=4)
    key = slots.key_for(engagement_id, date(2027, 3, 8))
    lines = step(runtime, client, MONDAY_TEN, datetime(2027, 3, 10, 8, 45, tzinfo=UTC))
    assert [line for line in lines if line.startswith("checkin_reminder")] != []
    assert open_prompts(runtime) == [key]  # reminded, the owner not yet told
    nine = datetime(2027, 3, 10, 9, tzinfo=UTC)
    assert [line for line in step(runtime, client, nine, nine) if line.startswith("checkin_owner_alert")] != []
    assert open_prompts(runtime) == [key]  # closed by the next run, which finds both settled
    step(runtime, client, nine + timedelta(minutes=1), nine + timedelta(minutes=1))
    assert open_prompts(runtime) == [] and closed_at(runtime, key) == nine + timedelta(minutes=1)
    later = step(runtime, client, nine + timedelta(minutes=2), nine + timedelta(days=3))
    assert not [line for line in later if line.startswith(("checkin_reminder", "checkin_owner_alert"))
                and "2027-03-08" in line]


def test_the_shortest_sla_of_all_sets_when_prompts_are_first_read(runtime, client, emulator):
    """The database leaves out prompts younger than the shortest SLA: an 8-hour engagement beside a 2-hour one
    must not hold the 2-hour one's reminder back."""
    [quick] = add_engagement(runtime, sla_hours=2)
    add_engagement(runtime, sla_hours=8, first=1)
    emulator.add_channel("C0P0001", members=[OWNER])
    lines = step(runtime, client, MONDAY_TEN, MONDAY_TEN + timedelta(hours=2, minutes=15))
    reminders = [line for line in lines if line.startswith("checkin_reminder")]
    assert len(reminders) == 1 and f"reminder:{quick}:2027-03-08" in reminders[0]

"""Check-in slots in the contractor's zone: right local time through DST, never on days off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedule import slots
from tests.support.duties import engagement, person

DAILY = "1234567"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def step_through(item, start: datetime, end: datetime, step: timedelta) -> dict[str, list[datetime]]:
    """Run a simulated clock from start to end; the in-memory 'ledger' records when each key was claimed."""
    claimed: dict[str, list[datetime]] = {}
    now = start
    while now <= end:
        for slot in slots.due_for_all([item], now)[0]:
            if slot.key not in claimed:
                claimed[slot.key] = [now]
            elif claimed[slot.key][-1] != now and slot.key not in claimed:
                claimed[slot.key].append(now)
        now += step
    return claimed


def local_times(item, start: datetime, end: datetime) -> list[str]:
    tz = ZoneInfo(item.contractor.person.tz)
    return [s.due_at.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z") for s in slots.slots_between(item, start, end)]


def test_manila_prompts_at_ten_local_on_monday_and_thursday():
    item = engagement(person(tz="Asia/Manila"), days="14", at=time(10))
    found = list(slots.slots_between(item, utc(2027, 3, 7), utc(2027, 3, 21)))
    assert [s.due_at for s in found] == [utc(2027, 3, 8, 2), utc(2027, 3, 11, 2), utc(2027, 3, 15, 2),
                                         utc(2027, 3, 18, 2)]
    assert found[0].key == "checkin:1:2027-03-08"


def test_new_york_keeps_ten_local_across_both_2027_changes():
    item = engagement(person(tz="America/New_York"), days="14", at=time(10))
    spring = list(slots.slots_between(item, utc(2027, 3, 10), utc(2027, 3, 16)))
    assert [s.due_at for s in spring] == [utc(2027, 3, 11, 15), utc(2027, 3, 15, 14)]
    autumn = list(slots.slots_between(item, utc(2027, 11, 3), utc(2027, 11, 9)))
    assert [s.due_at for s in autumn] == [utc(2027, 11, 4, 14), utc(2027, 11, 8, 15)]


def test_berlin_keeps_ten_local_across_both_2027_changes():
    item = engagement(person(tz="Europe/Berlin"), days="12345", at=time(10))
    assert local_times(item, utc(2027, 3, 24), utc(2027, 3, 31)) == [
        "Wed 2027-03-24 10:00 CET", "Thu 2027-03-25 10:00 CET", "Fri 2027-03-26 10:00 CET",
        "Mon 2027-03-29 10:00 CEST", "Tue 2027-03-30 10:00 CEST"]
    assert local_times(item, utc(2027, 10, 28), utc(2027, 11, 2)) == [
        "Thu 2027-10-28 10:00 CEST", "Fri 2027-10-29 10:00 CEST", "Mon 2027-11-01 10:00 CET"]


def test_a_wall_time_in_the_spring_gap_maps_forward_and_the_day_is_not_skipped():
    item = engagement(person(tz="America/New_York", work_days=DAILY), days=DAILY, at=time(2, 30))
    found = {s.local_date: s.due_at for s in slots.slots_between(item, utc(2027, 3, 13), utc(2027, 3, 16))}
    assert found[date(2027, 3, 14)] == utc(2027, 3, 14, 7, 30)  # 03:30 EDT, the gap's far side
    assert found[date(2027, 3, 13)] == utc(2027, 3, 13, 7, 30)  # 02:30 EST
    assert found[date(2027, 3, 15)] == utc(2027, 3, 15, 6, 30)  # 02:30 EDT


def test_a_wall_time_in_the_autumn_fold_fires_once_at_its_first_occurrence():
    item = engagement(person(tz="Europe/Berlin", work_days=DAILY), days=DAILY, at=time(2, 30))
    claimed = step_through(item, utc(2027, 10, 30, 12), utc(2027, 11, 1, 12), timedelta(minutes=1))
    assert claimed["checkin:1:2027-10-31"] == [utc(2027, 10, 31, 0, 30)]  # 02:30 CEST, not 02:30 CET
    assert len(claimed) == 2


def test_minute_by_minute_through_the_us_changes_every_prompt_once_at_ten_local():
    item = engagement(person(tz="America/New_York", work_days=DAILY), days=DAILY, at=time(10))
    for start in (utc(2027, 3, 12), utc(2027, 11, 5)):
        claimed = step_through(item, start, start + timedelta(days=4), timedelta(minutes=1))
        tz = ZoneInfo("America/New_York")
        assert len(claimed) == 4
        assert all(len(times) == 1 and times[0].astimezone(tz).time() == time(10) for times in claimed.values())


def test_no_prompts_on_weekends_holidays_or_time_off():
    manila = person(tz="Asia/Manila", country="PH", time_off=[(date(2027, 6, 21), date(2027, 6, 22))])
    item = engagement(manila, days=DAILY, at=time(9, 30))
    days = [s.local_date for s in slots.slots_between(item, utc(2027, 6, 7), utc(2027, 6, 27))]
    assert date(2027, 6, 12) not in days and date(2027, 6, 13) not in days  # a weekend
    assert date(2027, 6, 14) in days
    assert date(2027, 6, 21) not in days and date(2027, 6, 22) not in days  # time off
    berlin = engagement(person(tz="Europe/Berlin", country="DE"), days=DAILY)
    easter = [s.local_date for s in slots.slots_between(berlin, utc(2027, 3, 25), utc(2027, 3, 31))]
    assert easter == [date(2027, 3, 25), date(2027, 3, 30)]  # Good Friday and Easter Monday off
    us = engagement(person(tz="America/New_York", country="US"), days=DAILY)
    week = slots.slots_between(us, utc(2027, 11, 22), utc(2027, 11, 28))
    assert date(2027, 11, 25) not in [s.local_date for s in week]


def test_no_prompts_for_paused_engagements_or_outside_their_dates():
    contractor = person(tz="Europe/Berlin")
    window = (utc(2027, 5, 3), utc(2027, 5, 17))
    assert not list(slots.slots_between(engagement(contractor, status="paused"), *window))
    assert not list(slots.slots_between(engagement(contractor, status="finished"), *window))
    dated = engagement(contractor, days="12345", start_on=date(2027, 5, 5), deadline=date(2027, 5, 7))
    assert [s.local_date for s in slots.slots_between(dated, *window)] == [
        date(2027, 5, 5), date(2027, 5, 6), date(2027, 5, 7)]


def test_slots_missed_beyond_the_grace_window_are_stale_not_due():
    item = engagement(person(tz="Asia/Manila"), days="14", at=time(10))
    now = utc(2027, 3, 8, 2) + timedelta(hours=3, minutes=1)  # the promised grace is three hours
    assert slots.due_for_all([item], now)[0] == []
    assert [s.key for s in slots.due_for_all([item], now)[1]] == ["checkin:1:2027-03-08"]
    assert [s.key for s in slots.due_for_all([item], utc(2027, 3, 8, 4))[0]] == ["checkin:1:2027-03-08"]


def test_the_grace_window_is_three_hours_and_ends_exactly_at_three():
    item = engagement(person(tz="Asia/Manila"), days="14", at=time(10))  # Monday 2027-03-08 02:00 UTC
    due_at = utc(2027, 3, 8, 2)
    assert slots.due_for_all([item], due_at - timedelta(microseconds=1))[0] == []
    assert [s.due_at for s in slots.due_for_all([item], due_at)[0]] == [due_at]  # due at its instant exactly
    assert slots.due_for_all([item], due_at)[1] == []
    last_chance = due_at + timedelta(hours=3) - timedelta(microseconds=1)
    assert [s.key for s in slots.due_for_all([item], last_chance)[0]] == ["checkin:1:2027-03-08"]
    assert slots.due_for_all([item], last_chance)[1] == []
    at_end = due_at + timedelta(hours=3)  # the end of the window belongs to "stale", never to both
    assert slots.due_for_all([item], at_end)[0] == []
    assert [s.key for s in slots.due_for_all([item], at_end)[1]] == ["checkin:1:2027-03-08"]


def test_stale_looks_back_two_days_beyond_the_grace_window():
    item = engagement(person(tz="Asia/Manila"), days="14", at=time(10))
    due_at = utc(2027, 3, 8, 2)
    horizon = due_at + timedelta(hours=3) + timedelta(days=2)
    just_inside = horizon - timedelta(microseconds=1)
    assert [s.key for s in slots.due_for_all([item], just_inside)[1]] == ["checkin:1:2027-03-08"]
    assert slots.due_for_all([item], horizon)[1] == []


def test_slots_on_the_local_days_of_the_window_ends_are_found():
    # 2027-03-08 00:00 UTC is 08:00 that Monday in Manila; the 10:00 slot is 02:00 UTC, the window's end.
    item = engagement(person(tz="Asia/Manila"), days="14", at=time(10))
    found = list(slots.slots_between(item, utc(2027, 3, 8), utc(2027, 3, 8, 2)))
    assert [(s.local_date, s.due_at) for s in found] == [(date(2027, 3, 8), utc(2027, 3, 8, 2))]
    assert list(slots.slots_between(item, utc(2027, 3, 8, 2), utc(2027, 3, 8, 3))) == []  # start is exclusive


def test_first_and_last_day_of_an_engagement_prompt():
    item = engagement(person(tz="UTC"), days=DAILY, at=time(10), start_on=date(2027, 5, 5), deadline=date(2027, 5, 5))
    assert [s.local_date for s in slots.slots_between(item, utc(2027, 5, 1), utc(2027, 5, 9))] == [date(2027, 5, 5)]


def test_keys_and_their_parts():
    assert slots.key_for(12, date(2027, 3, 8)) == "checkin:12:2027-03-08"
    assert slots.parse_key("checkin:12:2027-03-08") == (12, date(2027, 3, 8))
    assert slots.Slot(7, date(2027, 1, 2), utc(2027, 1, 2, 10)).key == "checkin:7:2027-01-02"
    assert slots.DUTY == "checkin_prompt"


def test_due_for_all_splits_due_from_stale_across_engagements():
    manila = engagement(person(tz="Asia/Manila"), id=1, days="14", at=time(10))  # 02:00 UTC Monday
    london = engagement(person(tz="Europe/London"), id=2, days="1", at=time(6))  # 06:00 UTC Monday
    due, stale = slots.due_for_all([manila, london], utc(2027, 3, 8, 6))
    assert [s.key for s in due] == ["checkin:2:2027-03-08"]
    assert [s.key for s in stale] == ["checkin:1:2027-03-08"]  # Thursday 03-04 is beyond the lookback


def test_is_slot_day_answers_yes_or_no():
    monday, thursday, friday = date(2027, 3, 8), date(2027, 3, 11), date(2027, 3, 12)
    item = engagement(person(tz="Asia/Manila"), days="14", start_on=monday, deadline=thursday)
    assert slots.is_slot_day(item, monday) is True
    assert slots.is_slot_day(item, thursday) is True
    assert slots.is_slot_day(item, date(2027, 3, 9)) is False  # a Tuesday: not a check-in day
    assert slots.is_slot_day(item, date(2027, 3, 4)) is False  # a Thursday before the start
    assert slots.is_slot_day(engagement(person(tz="Asia/Manila"), days=DAILY, deadline=thursday), friday) is False
    assert slots.is_slot_day(engagement(person(tz="Asia/Manila"), status="paused"), monday) is False


ZONES = sorted(z for z in available_timezones()
               if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix", "right")))


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    days=st.sets(st.integers(1, 7), min_size=1).map(lambda s: "".join(str(d) for d in sorted(s))),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    start=st.datetimes(min_value=datetime(2026, 1, 1),
                       max_value=datetime(2028, 12, 1)).map(lambda d: d.replace(tzinfo=UTC)),
    steps=st.lists(st.integers(1, 170), min_size=1, max_size=30),
)
def test_stepping_any_clock_claims_every_slot_exactly_once_and_loses_none(zone, days, at, start, steps):
    """Random zones, cadences and step sizes up to the grace window: each slot claimed once, promptly."""
    item = engagement(person(tz=zone, work_days=DAILY), days=days, at=at)
    claimed: dict[str, datetime] = {}
    now, last, index = start, start, 0
    while now <= start + timedelta(days=5):
        for slot in slots.due_for_all([item], now)[0]:
            assert slot.due_at <= now <= slot.due_at + slots.GRACE
            claimed.setdefault(slot.key, now)
        last, now, index = now, now + timedelta(minutes=steps[index % len(steps)]), index + 1
    # The first sweep also catches what came due within the grace window before it.
    expected = {s.key: s.due_at for s in slots.slots_between(item, start - slots.GRACE, last)}
    assert set(expected) == set(claimed)
    for key, due_at in expected.items():
        assert timedelta(0) <= claimed[key] - max(due_at, start) <= timedelta(minutes=max(steps))


@settings(max_examples=40, deadline=None)
@given(zone=st.sampled_from(ZONES), day=st.dates(date(2026, 1, 1), date(2028, 12, 31)),
       at=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_each_local_date_has_at_most_one_slot_and_its_wall_time_is_kept_or_moved_forward(zone, day, at):
    item = engagement(person(tz=zone, work_days=DAILY), days=DAILY, at=at)
    found = [s for s in slots.slots_between(item, datetime.combine(day - timedelta(days=2), time(), UTC),
                                            datetime.combine(day + timedelta(days=3), time(), UTC))
             if s.local_date == day]
    assert len(found) == 1
    local = found[0].due_at.astimezone(ZoneInfo(zone))
    wall = datetime.combine(day, at)
    assert timedelta(0) <= local.replace(tzinfo=None) - wall <= timedelta(hours=2)


def test_next_slot_looks_exactly_a_month_ahead():
    """Time off through 3 Feb: the next prompt is Thu 4 Feb 10:00 (30.5 days away, found); with time off
    through 4 Feb it is Fri 5 Feb 10:00, 31.5 days away, past the 31-day horizon: no next check-in is named."""
    now = utc(2027, 1, 4, 22)  # Monday night; weekdays at 10:00 UTC
    through_3rd = engagement(person(work_days="12345", time_off=[(date(2027, 1, 5), date(2027, 2, 3))]),
                             days="12345")
    assert slots.next_slot(through_3rd, now).due_at == utc(2027, 2, 4, 10)
    through_4th = engagement(person(work_days="12345", time_off=[(date(2027, 1, 5), date(2027, 2, 4))]),
                             days="12345")
    assert slots.next_slot(through_4th, now) is None
    assert slots.next_slot(through_4th, now, horizon=timedelta(days=32)).due_at == utc(2027, 2, 5, 10)


@settings(max_examples=60, deadline=None)
@given(
    cadences=st.lists(st.tuples(st.sampled_from(ZONES[::7] + ["Europe/Berlin", "America/New_York", "Pacific/Apia"]),
                                st.sampled_from(["1", "14", "12345", DAILY]),
                                st.sampled_from([time(0), time(2, 30), time(10), time(23, 59)])),
                      min_size=1, max_size=12),
    start=st.datetimes(min_value=datetime(2026, 1, 1),
                       max_value=datetime(2028, 12, 1)).map(lambda d: d.replace(tzinfo=UTC)),
    hours=st.integers(0, 80),
)
def test_slots_of_many_engagements_are_each_ones_slots_in_the_order_given(cadences, start, hours):
    """Computed once per (zone, time) for the group, they are what each engagement's own scan finds."""
    items = [engagement(person(tz=zone, work_days=DAILY), id=i, days=days, at=at)
             for i, (zone, days, at) in enumerate(cadences, start=1)]
    items.reverse()  # any order: the result follows the input
    end = start + timedelta(hours=hours)
    expected = [slot for item in items for slot in slots.slots_between(item, start, end)]
    assert slots.slots_in(items, start, end) == expected


@settings(max_examples=40, deadline=None)
@given(
    zone=st.sampled_from(["Europe/Berlin", "America/Sao_Paulo", "Asia/Manila", "Australia/Lord_Howe"]),
    start=st.datetimes(min_value=datetime(2026, 1, 1),
                       max_value=datetime(2028, 12, 1)).map(lambda d: d.replace(tzinfo=UTC)),
    steps=st.lists(st.integers(1, 60 * 30), min_size=1, max_size=12),
)
def test_sweeps_that_look_back_only_since_the_last_one_still_see_every_slot(zone, start, steps):
    """A sweep looks back from the previous sweep's instant: across any gaps, every slot since the first
    sweep's full look-back is seen once as due or as stale (nothing is skipped without a record)."""
    item = engagement(person(tz=zone, work_days=DAILY), days=DAILY, at=time(10))
    seen: list[str] = []
    went_stale: list[str] = []
    since, now = None, start
    for minutes in steps:
        due, stale = slots.due_for_all([item], now, since=since)
        seen += [s.key for s in due + stale]
        went_stale += [s.key for s in stale]
        since, now = now, now + timedelta(minutes=minutes)
    first_from = start - slots.GRACE - slots.LOOKBACK
    expected = [s.key for s in slots.slots_between(item, first_from, since)]
    assert sorted(set(seen)) == sorted(expected)
    assert len(went_stale) == len(set(went_stale))  # each slot is recorded as stale by one sweep only


def test_a_mark_later_than_now_looks_back_the_whole_way():
    """A run back in time (`run-due --now` an earlier instant) does not trust a mark from its future."""
    item = engagement(person(tz="Europe/London", work_days=DAILY), days=DAILY, at=time(6))
    now = utc(2027, 3, 8, 12)
    _, full = slots.due_for_all([item], now)
    assert len(full) == 2  # the 6th and 7th: two days back, beyond the grace window
    assert slots.due_for_all([item], now, since=now + timedelta(days=1))[1] == full
    assert slots.due_for_all([item], now, since=now)[1] == []  # nothing went stale since the last sweep

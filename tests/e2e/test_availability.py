"""Availability from its sources, end to end: Slack zones, user_change, /availability and the daily cap.

Signed requests to `tandem serve`; the duties run in-process at simulated instants on its database.
Expectations come from zoneinfo and the `holidays` package, not from bot.domain.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select, update

from bot.db.models import Engagement, Person
from bot.db.session import transaction
from tests.e2e.conftest import OWNER
from tests.e2e.helpers import in_days, row_counts
from tests.e2e.jobs_helpers import LONDON, london_workday, today_london

BOGOTA, TOKYO = ZoneInfo("America/Bogota"), ZoneInfo("Asia/Tokyo")
OBJECTIVES = 'objectives="Faster site" deliverables="Homepage"'


def contractor_in(emulator, user: str, tz: str, channels: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A contractor of their own (the emulator is shared by the session: Maria's zone stays Bogotá)."""
    emulator.add_user(user, name=user.lower(), real_name=user.title(), tz=tz)
    for channel in channels:
        emulator.add_channel(channel, name=channel.lower(), members=[OWNER, user])


def kickoff(slack, duties, user: str, channel: str, checkins: str) -> int:  # type: ignore[no-untyped-def]
    """An engagement started by the owner; its dates widened to cover Dec 2026 - Jan 2027 whatever today is."""
    reply = slack.slash("/kickoff", f'<@{user}|{user.lower()}> "Site {channel}" due {in_days(60)} '
                        f"checkins={checkins} {OBJECTIVES}", user=OWNER, channel=channel).wait()
    assert reply.ephemeral, reply.text
    with transaction(duties.runtime.sessions) as session:
        engagement = session.scalars(select(Engagement).where(Engagement.channel_id == channel)).one()
        engagement.start_on = min(engagement.start_on, date(2026, 12, 1))
        engagement.deadline = max(engagement.deadline, date(2027, 2, 26))
        return engagement.id


def person_of(duties, user: str) -> Person:  # type: ignore[no-untyped-def]
    with duties.runtime.sessions() as session:
        found = session.scalars(select(Person).where(Person.user_id == user)).one()
        session.expunge(found)
        return found


def prompts(duties, at: datetime) -> list[str]:  # type: ignore[no-untyped-def]
    return [line.split()[1] for line in duties.run(at, "checkin_prompt")]


def test_a_bogota_contractor_with_no_country_is_not_prompted_on_colombian_holidays(slack, emulator, duties) -> None:
    contractor_in(emulator, "U0BOGOTA", "America/Bogota", ["C0BOGOTA"])
    engagement_id = kickoff(slack, duties, "U0BOGOTA", "C0BOGOTA", "tue,wed,fri@10:00")
    colombia = holidays.country_holidays("CO", years=[2026, 2027])
    assert date(2026, 12, 8) in colombia and date(2027, 1, 1) in colombia and date(2026, 12, 9) not in colombia

    at = lambda day: datetime.combine(day, time(10, 30), BOGOTA)  # noqa: E731
    assert prompts(duties, at(date(2026, 12, 8))) == []  # Tuesday, Immaculate Conception
    assert prompts(duties, at(date(2026, 12, 9))) == [f"checkin:{engagement_id}:2026-12-09"]
    assert prompts(duties, at(date(2027, 1, 1))) == []  # Friday, New Year's Day
    assert prompts(duties, at(date(2027, 1, 5))) == [f"checkin:{engagement_id}:2027-01-05"]
    assert person_of(duties, "U0BOGOTA").country == "CO"  # from the Slack zone: nobody typed country=

    shown = slack.slash("/availability", "", user="U0BOGOTA", channel="C0BOGOTA").wait()
    assert shown.ephemeral and "Public holidays:* CO (from your Slack zone)" in shown.text
    assert "/availability country=" in shown.text
    card = slack.slash("/contractor", "show <@U0BOGOTA|u0bogota>", user=OWNER, channel="C0BOGOTA").wait()
    assert "Public holidays: CO (from their Slack zone" in card.text


def test_a_user_change_to_tokyo_moves_the_next_prompt_and_the_holidays(slack, emulator, duties) -> None:
    contractor_in(emulator, "U0MOVER", "America/Bogota", ["C0MOVER"])
    engagement_id = kickoff(slack, duties, "U0MOVER", "C0MOVER", "wed@10:00")
    wednesday = date(2026, 12, 9)
    tokyo_ten = datetime.combine(wednesday, time(10, 30), TOKYO)  # 20:30 the evening before in Bogotá
    assert prompts(duties, tokyo_ten) == []

    assert slack.change_user("U0MOVER", tz="Asia/Tokyo").status == 200
    assert emulator.wait_for(lambda: person_of(duties, "U0MOVER").tz == "Asia/Tokyo")
    assert person_of(duties, "U0MOVER").country == "JP"
    assert prompts(duties, tokyo_ten) == [f"checkin:{engagement_id}:{wednesday.isoformat()}"]
    assert prompts(duties, datetime.combine(wednesday, time(10, 30), BOGOTA)) == []  # not again at Bogotá's ten


def test_an_explicit_zone_is_not_overwritten_by_user_change(slack, emulator, duties) -> None:
    contractor_in(emulator, "U0BERLIN", "America/Bogota", ["C0BERLIN"])
    set_by_hand = slack.slash("/availability", "tz=Europe/Berlin", user="U0BERLIN", channel="C0BERLIN").wait()
    assert set_by_hand.ephemeral and "Europe/Berlin (set by hand" in set_by_hand.text
    assert "Public holidays:* DE (from your Slack zone)" in set_by_hand.text  # the zone's country, not Bogotá's

    slack.change_user("U0BERLIN", tz="Asia/Tokyo", real_name="Bertha Berlin")
    assert emulator.wait_for(lambda: person_of(duties, "U0BERLIN").name == "Bertha Berlin")  # the event landed
    kept = person_of(duties, "U0BERLIN")
    assert (kept.tz, kept.country) == ("Europe/Berlin", "DE")

    # /contractor's tz= is explicit too
    contractor_in(emulator, "U0LISBON", "America/Bogota", ["C0LISBON"])
    slack.slash("/contractor", "add <@U0LISBON|u0lisbon> tz=Europe/Lisbon", user=OWNER, channel="C0LISBON").wait()
    slack.change_user("U0LISBON", tz="Asia/Tokyo", real_name="Luis Lisbon")
    assert emulator.wait_for(lambda: person_of(duties, "U0LISBON").name == "Luis Lisbon")
    assert (person_of(duties, "U0LISBON").tz, person_of(duties, "U0LISBON").country) == ("Europe/Lisbon", "PT")


def test_a_user_change_of_a_stranger_stores_nothing(slack, emulator, bot) -> None:
    emulator.add_user("U0STRANGE", name="stranger", real_name="Stranger", tz="America/Bogota")
    before = row_counts(bot.database_url)
    assert slack.change_user("U0STRANGE", tz="Asia/Tokyo").status == 200
    emulator.wait_for(lambda: False, timeout=0.5)
    assert row_counts(bot.database_url) == before


def test_an_owner_sets_their_own_hours_and_owner_dms_wait_for_them(slack, emulator, duties) -> None:
    # Before the owner is stored: read from Slack, then saved with the hours.
    set_hours = slack.slash("/availability", "hours=14:00-18:00 days=mon-fri", user=OWNER, channel="C0PROJECT").wait()
    assert set_hours.ephemeral and "Mon–Fri 14:00–18:00" in set_hours.text and "Europe/London" in set_hours.text
    slack.slash("/kickoff", f'<@U0MARIA|maria> "Website" due {in_days(60)} {OBJECTIVES}',
                user=OWNER, channel="C0PROJECT").wait()
    day = london_workday(today_london() + timedelta(days=1)).date()
    slack.slash("/payment", f"add 500 USD due {(day + timedelta(days=3)).isoformat()}", user=OWNER,
                channel="C0PROJECT").wait()
    dm = emulator.dm_channel(OWNER)
    assert duties.run(datetime.combine(day, time(10), LONDON), "payment_alert") == []  # 10:00: not at work yet
    assert emulator.messages(dm) == []
    sent = duties.run(datetime.combine(day, time(14, 30), LONDON), "payment_alert")
    assert len(sent) == 1 and "USD 500.00" in str(emulator.messages(dm)[-1]["blocks"])
    shown = slack.slash("/availability", "", user=OWNER, channel="C0PROJECT").wait()
    assert "14:00–18:00" in shown.text and "GB" in shown.text


def test_time_off_and_bad_input(slack, emulator, bot, duties) -> None:
    contractor_in(emulator, "U0AWAY", "America/Bogota", ["C0AWAY"])
    engagement_id = kickoff(slack, duties, "U0AWAY", "C0AWAY", "wed@10:00")
    colombia = holidays.country_holidays("CO", years=range(2026, 2030))
    wednesday = datetime.now(BOGOTA).date() + timedelta(days=1)
    while wednesday.isoweekday() != 3 or wednesday in colombia or wednesday + timedelta(days=7) in colombia:
        wednesday += timedelta(days=1)
    with transaction(duties.runtime.sessions) as session:
        session.execute(update(Engagement).where(Engagement.id == engagement_id)
                        .values(deadline=wednesday + timedelta(days=30)))
    away = slack.slash("/availability", f"away {wednesday.isoformat()}..{(wednesday + timedelta(days=2)).isoformat()}",
                       user="U0AWAY", channel="C0AWAY").wait()
    assert away.ephemeral and "Time off noted" in away.text and f"{wednesday:%d %b}–" in away.text
    assert prompts(duties, datetime.combine(wednesday, time(10, 30), BOGOTA)) == []
    next_week = wednesday + timedelta(days=7)
    assert prompts(duties, datetime.combine(next_week, time(10, 30), BOGOTA)) == [
        f"checkin:{engagement_id}:{next_week.isoformat()}"]

    before = row_counts(bot.database_url)
    today = datetime.now(BOGOTA).date()
    for text in ("tz=Mars/Base", "hours=17-09", "days=funday", "country=XX", "colour=red", "frobnicate",
                 "away", "away 2026-12-24..2026-12-20", f"away {(today - timedelta(days=30)).isoformat()}"):
        reply = slack.slash("/availability", text, user="U0AWAY", channel="C0AWAY").wait()
        assert reply.ephemeral and ":warning:" in reply.text and "For example" in reply.text, text
        assert "/availability" in reply.text, text
        if text.startswith("away"):  # the example is dated from the speaker's today, never in the past
            example = (today + timedelta(days=14)).isoformat()
            assert example in reply.text, (text, reply.text)
    assert row_counts(bot.database_url) == before
    helped = slack.slash("/availability", "help", user="U0AWAY", channel="C0AWAY").wait()
    assert helped.ephemeral and "/availability away" in helped.text and (today + timedelta(days=14)).isoformat() in \
        helped.text


def test_three_engagements_prompted_the_same_day_each_get_their_prompt(slack, emulator, duties) -> None:
    channels = ["C0TRI1", "C0TRI2", "C0TRI3"]
    contractor_in(emulator, "U0TRIPLE", "America/Bogota", channels)
    ids = [kickoff(slack, duties, "U0TRIPLE", channel, "wed@10:00") for channel in channels]
    sent = prompts(duties, datetime.combine(date(2026, 12, 9), time(10, 30), BOGOTA))
    assert sorted(sent) == sorted(f"checkin:{i}:2026-12-09" for i in ids)
    for channel in channels:  # each in its own channel: replies in its thread belong to that engagement
        assert any("U0TRIPLE" in str(m.get("blocks")) for m in emulator.messages(channel)[1:]), channel


def test_a_newcomers_mistake_is_answered_privately_and_stores_nothing(slack, emulator, bot) -> None:
    emulator.add_user("U0NEWBIE", name="newbie", real_name="New Bie", tz="Asia/Manila")
    where = emulator.dm_channel("U0NEWBIE")  # a newcomer in no channel yet types in her DM with the app
    before = row_counts(bot.database_url)
    reply = slack.slash("/availability", "hours=18-09", user="U0NEWBIE", channel=where).wait()
    assert reply.ephemeral and ":warning:" in reply.text and "/availability hours=" in reply.text
    assert row_counts(bot.database_url) == before  # not even the person
    helped = slack.slash("/availability", "help", user="U0NEWBIE", channel=where).wait()
    manila_today = datetime.now(ZoneInfo("Asia/Manila")).date()
    assert helped.ephemeral and (manila_today + timedelta(days=14)).isoformat() in helped.text
    shown = slack.slash("/availability", "", user="U0NEWBIE", channel=where).wait()
    assert shown.ephemeral and "Asia/Manila (from your Slack profile" in shown.text and "PH (from your Slack zone)" \
        in shown.text

"""A blocker stays open until it is cleared: an on-track check-in, the alert's Resolved button, `/checkin unblock`.

The served bot runs on the real clock, so "Tuesday" is made by moving a check-in given today back
to an earlier working day of Maria's; the duties then run at simulated instants. Working days are
counted here with the `holidays` package and weekdays directly, never with bot.domain.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from sqlalchemy import select

from bot.db.models import Checkin, Person
from bot.db.session import transaction
from tests.e2e.conftest import BYSTANDER, LOUNGE, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days
from tests.e2e.jobs_helpers import LONDON, today_london

BOGOTA = ZoneInfo("America/Bogota")
KICKOFF = (f'<@{MARIA}|maria> "Website" due {in_days(40)} objectives="Faster site" deliverables="Homepage"')
BLOCKED = "blocked 40% homepage halfway | blocked: need the logo files"


def works(duties, day: date) -> bool:
    """Maria's working day: Monday to Friday, and no public holiday of her country if she has one."""
    with duties.runtime.sessions() as session:
        country = session.scalar(select(Person.country).where(Person.user_id == MARIA))
    return day.isoweekday() <= 5 and not (country and day in holidays.country_holidays(country, years=day.year))


def working_days_before(duties, day: date, n: int) -> date:
    """The n-th working day of Maria's before `day`."""
    while n:
        day -= timedelta(days=1)
        n -= works(duties, day)
    return day


def today_bogota() -> date:
    return datetime.now(BOGOTA).date()


def backdate(duties, day: date) -> int:
    """Move the newest check-in to `day` in Maria's calendar (as if given then); its id."""
    with transaction(duties.runtime.sessions) as session:
        checkin = session.scalars(select(Checkin).order_by(Checkin.id.desc())).first()
        at = datetime.combine(day, time(11), tzinfo=BOGOTA)
        checkin.local_date, checkin.answered_at, checkin.created_at, checkin.updated_at = day, at, at, at
        return checkin.id


def blocker_state(duties, checkin_id: int) -> tuple[datetime | None, str | None]:
    with duties.runtime.sessions() as session:
        checkin = session.get_one(Checkin, checkin_id)
        return checkin.blocker_resolved_at, checkin.blocker_resolved_by


def alerts_over_a_week(duties) -> list[str]:
    """The blocker alerts the duties send at 10:00 and 15:00 London on each of the next seven days.

    Every day of the week, holidays too: the weekly digest comes on Monday even when it is a bank holiday.
    """
    sent = []
    for day in range(1, 8):
        for hour in (10, 15):
            at = datetime.combine(today_london() + timedelta(days=day), time(hour), tzinfo=LONDON)
            sent += duties.run(at, "blocker_alert")
    return sent


def home(slack, emulator) -> str:
    """The owner's Home tab as text."""
    emulator.reset_calls()
    slack.open_home(OWNER)
    assert emulator.wait_for(lambda: emulator.calls_to("views.publish"))
    return str(emulator.home_views(OWNER))


def checkin(slack, text: str) -> None:
    assert "check-in" in slack.slash("/checkin", text, user=MARIA, channel=PROJECT).wait().text


def test_an_on_track_checkin_clears_the_blocker_so_no_alert_follows(slack, emulator, duties) -> None:
    """Blocked on Tuesday, on track with the brand assets on Wednesday: nothing about it on Thursday."""
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=PROJECT).wait()
    checkin(slack, BLOCKED)
    tuesday = backdate(duties, working_days_before(duties, today_bogota(), 1))
    checkin(slack, "on-track 60% got the brand assets")
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "need the logo files" not in board.text and ":red_circle:" not in board.text
    assert alerts_over_a_week(duties) == []
    resolved_at, resolved_by = blocker_state(duties, tuesday)
    assert resolved_at is not None and resolved_by == MARIA
    [digest] = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "weekly digest" in m["text"]]
    assert "need the logo files" not in str(digest["blocks"]) and "blocked" not in str(digest["blocks"])


@pytest.mark.parametrize("presser", [OWNER, MARIA])
def test_resolved_on_the_alert_clears_the_blocker_and_bystanders_are_refused(slack, emulator, duties,
                                                                             presser: str) -> None:
    from bot.slack import ids

    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=PROJECT).wait()
    checkin(slack, BLOCKED)
    reported = working_days_before(duties, today_bogota(), 2)
    blocked = backdate(duties, reported)
    checkin(slack, "at-risk 50% still waiting, doing the footer meanwhile")  # no blocked: and not on track
    age = sum(works(duties, reported + timedelta(days=n)) for n in range(1, (today_bogota() - reported).days + 1))
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    days = "1 working day" if age == 1 else f"{age} working days"
    assert f"blocked {days}: need the logo files" in board.text and ":red_circle:" in board.text
    assert f"blocked {days}: need the logo files" in home(slack, emulator)

    assert len(alerts_over_a_week(duties)) == 2  # the owner's DM and the channel's notice, once each
    [digest] = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "weekly digest" in m["text"]]
    assert "working days: need the logo files" in str(digest["blocks"])  # older by then: at least 2
    [alert] = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "blocker" in m["text"].lower()]
    [notice] = [m for m in emulator.messages(PROJECT) if "still open" in str(m["blocks"])]
    assert "need the logo files" in str(alert["blocks"]) and "need the logo files" in str(notice["blocks"])

    slack.click(ids.RESOLVE_BLOCKER, user=BYSTANDER, message=notice)
    assert emulator.wait_for(lambda: emulator.ephemerals(user=BYSTANDER))
    assert "only" in str(emulator.ephemerals(user=BYSTANDER)[-1]).lower()
    assert blocker_state(duties, blocked) == (None, None)

    pressed, where = (alert, emulator.dm_channel(OWNER)) if presser == OWNER else (notice, PROJECT)
    slack.click(ids.RESOLVE_BLOCKER, user=presser, message=pressed)
    assert emulator.wait_for(lambda: blocker_state(duties, blocked)[0] is not None)
    assert blocker_state(duties, blocked)[1] == presser
    now_shown = lambda: next(m for m in emulator.messages(where) if m["ts"] == pressed["ts"])  # noqa: E731
    assert emulator.wait_for(lambda: "resolved (by" in str(now_shown()["blocks"]))
    assert ids.RESOLVE_BLOCKER not in str(now_shown()["blocks"])
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "need the logo files" not in board.text and "At risk · 50%" in board.text


def test_checkin_unblock_clears_it_for_the_contractor_or_owner_in_the_channel(slack, emulator, duties) -> None:
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=PROJECT).wait()
    assert "unblock" in slack.slash("/checkin", "help", user=MARIA, channel=PROJECT).wait().text
    checkin(slack, BLOCKED)
    blocked = backdate(duties, working_days_before(duties, today_bogota(), 1))
    refused = slack.slash("/checkin", "unblock", user=BYSTANDER, channel=PROJECT).wait()
    assert ":warning:" in refused.text and "can clear" in refused.text
    elsewhere = slack.slash("/checkin", "unblock", user=MARIA, channel=LOUNGE).wait()
    assert ":warning:" in elsewhere.text and "no engagement in this channel" in elsewhere.text
    assert blocker_state(duties, blocked) == (None, None)

    cleared = slack.slash("/checkin", "unblock", user=MARIA, channel=PROJECT).wait()
    assert "cleared the blocker" in cleared.text and "need the logo files" in cleared.text
    assert blocker_state(duties, blocked)[1] == MARIA
    assert "cleared the blocker" in str(emulator.messages(PROJECT)[-1])
    again = slack.slash("/checkin", "unblock", user=OWNER, channel=PROJECT).wait()
    assert "no open blocker" in again.text.lower()
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "need the logo files" not in board.text  # the blocked check-in itself still says what it said
    assert alerts_over_a_week(duties) == []

"""Observers end to end: added at kickoff or with /engagement, they read the board and are never prompted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import Observer
from bot.domain.engagement import observers
from tests.e2e.conftest import BYSTANDER, DEV, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days
from tests.e2e.jobs_helpers import london_workday, today_london

KICKOFF = (f'<@{MARIA}|maria> "Website" due {in_days(30)} objectives="Faster site" deliverables="Homepage" '
           "budget=2000 USD")


def test_observers_from_kickoff_see_the_board_and_are_never_prompted(slack, emulator, duties) -> None:
    slack.slash("/kickoff", KICKOFF + f" observers=<@{BYSTANDER}|bob>", user=OWNER, channel=PROJECT).wait()
    board = slack.slash("/checkin", "status", user=BYSTANDER, channel=PROJECT).wait()
    assert "Status board (1)" in board.text and "Website" in board.text and "2,000" not in board.text
    with duties.runtime.sessions() as session:
        [[person]] = observers.list_for(session, [session.scalars(select(Observer)).one().engagement_id]).values()
        assert person.user_id == BYSTANDER
    for day in range(1, 8):
        duties.run(london_workday(today_london() + timedelta(days=day), avoid_monday=False))
    assert emulator.messages(emulator.dm_channel(BYSTANDER)) == []
    assert f"<@{BYSTANDER}>" not in str(emulator.messages(PROJECT)[1:])


def test_engagement_observe_list_and_unobserve(slack, duties) -> None:
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=PROJECT).wait()
    assert "never prompted" in slack.slash("/engagement", "help", user=OWNER, channel=PROJECT).wait().text
    added = slack.slash("/engagement", f"observe <@{DEV}|dev>", user=OWNER, channel=PROJECT).wait()
    assert "now observes" in added.text
    again = slack.slash("/engagement", f"observe <@{DEV}|dev>", user=OWNER, channel=PROJECT).wait()
    assert "already observes" in again.text
    assert f"<@{DEV}>" in slack.slash("/engagement", "observers", user=OWNER, channel=PROJECT).wait().text
    refused = slack.slash("/engagement", f"observe <@{BYSTANDER}|bob>", user=MARIA, channel=PROJECT).wait()
    assert "Only the engagement's owner" in refused.text
    contractor = slack.slash("/engagement", f"observe <@{MARIA}|maria>", user=OWNER, channel=PROJECT).wait()
    assert "already takes part" in contractor.text
    assert "no longer observes" in slack.slash("/engagement", f"unobserve <@{DEV}|dev>", user=OWNER,
                                               channel=PROJECT).wait().text
    with duties.runtime.sessions() as session:
        [row] = session.scalars(select(Observer)).all()  # kept, stamped: nothing hard-deleted
        assert row.removed_at is not None
        assert observers.list_for(session, [row.engagement_id]) == {}
    assert "No engagements" in slack.slash("/checkin", "status", user=DEV, channel=PROJECT).wait().text

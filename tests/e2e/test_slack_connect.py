"""An external member of a Slack Connect channel works through Tandem in the other organisation's shape.

Dev belongs to another organisation (AGENCY_ORG) and reaches the owner's engagement through the
shared channel C0AGENCY. Slack sends Dev's form submissions with `team.id`, `user.team_id` and
`view.team_id` of Dev's organisation and only `view.app_installed_team_id` of ours
(slack-reference/payloads/view_submission_slack_connect_other_org.json); Dev's messages arrive with
the envelope's `team_id` of Dev's organisation and `authorizations[0].team_id` of ours
(event_shared_channel_reaction_source_team.json). Everything must land on the owner's engagement in
the installed workspace.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.db.models import Checkin, Engagement, Submission, Thanks
from bot.db.session import make_engine
from tests.e2e.conftest import AGENCY, AGENCY_ORG, DEV, OWNER
from tests.e2e.helpers import in_days

KICKOFF = (f'<@{DEV}|dev> "Agency app" due {in_days(30)} budget=900 EUR '
           'objectives="Ship the app" deliverables="Android build"')


def rows(database_url: str, model: Any) -> list[Any]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(model.__table__)).mappings())
    finally:
        engine.dispose()


def engagement_id(database_url: str, team_id: str) -> int:
    [engagement] = rows(database_url, Engagement)
    assert engagement["team_id"] == team_id and engagement["channel_id"] == AGENCY
    return int(engagement["id"])


def test_the_driver_sends_the_other_organisations_shape(slack, emulator, bot) -> None:
    assert emulator.team_id != AGENCY_ORG
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    opened = slack.slash("/checkin", "", user=DEV, channel=AGENCY).wait()
    sent = slack.submit_view(opened.view["id"], values={"status": {"status": "on_track"},
                                                        "progress": {"progress": "40"},
                                                        "done": {"done": "login screen"}}, user=DEV)
    payload = sent.payload
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Checkin)) == 1)  # settled before the next test
    assert payload["team"]["id"] == AGENCY_ORG and payload["user"]["team_id"] == AGENCY_ORG
    assert payload["view"]["team_id"] == AGENCY_ORG and payload["view"]["app_installed_team_id"] == emulator.team_id


def test_an_external_members_checkin_milestone_and_thanks_land_on_the_installed_workspace(slack, emulator,
                                                                                           bot) -> None:
    team = emulator.team_id
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    engagement = engagement_id(bot.database_url, team)

    opened = slack.slash("/checkin", "", user=DEV, channel=AGENCY).wait()
    assert opened.view is not None, opened.text
    sent = slack.submit_view(opened.view["id"], values={"status": {"status": "on_track"},
                                                        "progress": {"progress": "40"},
                                                        "done": {"done": "login screen"}}, user=DEV)
    assert not sent.body, sent.body
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Checkin)) == 1)
    assert [c["engagement_id"] for c in rows(bot.database_url, Checkin)] == [engagement]

    added = slack.slash("/task", f'add "Android build" due {in_days(10)} pay=800 EUR', user=OWNER,
                        channel=AGENCY).wait()
    assert "task *1*" in added.text
    submitted = slack.slash("/task", "submit 1 https://example.com/build", user=DEV, channel=AGENCY).wait()
    assert "submitted for review" in submitted.text
    [submission] = rows(bot.database_url, Submission)
    assert submission["submitted_by"] == DEV

    form = slack.slash("/thanks", "", user=DEV, channel=AGENCY).wait()
    assert form.view is not None, form.text
    thanked = slack.submit_view(form.view["id"], values={"recipient": {"recipient": OWNER},
                                                         "reason": {"reason": "the quick reviews"}}, user=DEV)
    assert not thanked.body, thanked.body
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Thanks)) == 1)
    [thanks] = rows(bot.database_url, Thanks)
    assert (thanks["team_id"], thanks["engagement_id"], thanks["from_user"]) == (team, engagement, DEV)


def test_an_external_members_thread_reply_is_their_checkin(slack, emulator, bot, duties) -> None:
    """Dev's reply arrives with the envelope team_id of Dev's organisation, user_team/source_team too."""
    from datetime import date, time, timedelta
    from zoneinfo import ZoneInfo

    from tests.e2e.jobs_helpers import workday

    slack.slash("/kickoff", f'<@{DEV}|dev> "Agency app" due {in_days(40)} checkins=everyday@10:00 '
                'objectives="Ship the app" deliverables="Android build"', user=OWNER, channel=AGENCY).wait()
    engagement = engagement_id(bot.database_url, emulator.team_id)
    day = workday(date.today() + timedelta(days=1), "PH")
    duties.run(datetime.combine(day, time(10, 1), tzinfo=ZoneInfo("Asia/Manila")), "checkin_prompt")
    [prompt] = [m for m in emulator.messages(AGENCY) if (m.get("metadata") or {}).get("event_type")]
    reply = slack.post_message(DEV, AGENCY, "on-track 70% android build signed", thread_ts=prompt["ts"])
    envelope = reply.payload
    assert envelope["team_id"] == AGENCY_ORG and envelope["authorizations"][0]["team_id"] == emulator.team_id
    assert envelope["event"]["user_team"] == AGENCY_ORG
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Checkin)) == 1)
    assert [c["engagement_id"] for c in rows(bot.database_url, Checkin)] == [engagement]

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

import json
from datetime import datetime
from typing import Any

import pytest

from bot.db.models import Checkin, Engagement, Feedback, Payment, Submission, Task, Thanks
from bot.emulator.view_state import DriverError
from tests.e2e.conftest import AGENCY, AGENCY_ORG, AGENCY_PAL, BYSTANDER, DEV, OWNER
from tests.e2e.helpers import in_days, row_counts, rows

KICKOFF = (f'<@{DEV}|dev> "Agency app" due {in_days(30)} budget=900 EUR '
           'objectives="Ship the app" deliverables="Android build"')


def engagement_id(database_url: str, team_id: str) -> int:
    [engagement] = rows(database_url, Engagement)
    assert engagement["team_id"] == team_id and engagement["channel_id"] == AGENCY
    return int(engagement["id"])


def test_the_driver_sends_the_other_organisations_shape(slack, emulator, bot) -> None:
    assert emulator.team_id != AGENCY_ORG
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    with pytest.raises(DriverError, match="another organisation"):  # Slack offers Dev none of our commands
        slack.slash("/checkin", "", user=DEV, channel=AGENCY)
    opened = slack.click("open_submit", user=DEV, message=task_post(slack, emulator)).wait()
    clicked = opened.payload  # a message's button: our team, Dev's own organisation on the user (bolt-js#1614)
    assert clicked["team"]["id"] == emulator.team_id and clicked["user"]["team_id"] == AGENCY_ORG
    sent = slack.submit_view(opened.view["id"], values={"link": {"link": ""}}, user=DEV)
    payload = sent.payload
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Submission)) == 1)  # settled before the next test
    assert payload["team"]["id"] == AGENCY_ORG and payload["user"]["team_id"] == AGENCY_ORG
    assert payload["view"]["team_id"] == AGENCY_ORG and payload["view"]["app_installed_team_id"] == emulator.team_id


def test_an_external_members_thanks_land_on_the_installed_workspace(slack, emulator, bot) -> None:
    """*Say thanks* under Dev's own work opens the /thanks form Dev cannot open by command."""
    team = emulator.team_id
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    engagement = engagement_id(bot.database_url, team)
    mine = slack.click("my_work", user=DEV, message=task_post(slack, emulator)).wait()
    [shown] = [e for e in emulator.ephemerals(AGENCY, DEV) if "Say thanks" in json.dumps(e["blocks"])]
    form = slack.click("open_thanks", user=DEV, message=shown).wait()
    assert mine.ephemeral and form.view is not None and form.view["callback_id"] == "thanks_modal", form.text
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


# --- Everything by buttons: Slack offers an external member none of our slash commands ---------------------

CADENCE = (f'<@{DEV}|dev> "Agency app" due {in_days(40)} checkins=everyday@10:00 budget=900 EUR '
           'objectives="Ship the app" deliverables="Android build"')
TASK = f'add "Android build" due {in_days(10)} pay=800 EUR'
MONEY = ("800", "900", "EUR", "€")  # the milestone pay and the budget: never in the shared channel


def prompt_of(slack, emulator, duties) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The owner kicks off with a daily cadence; tomorrow's 10:00 Manila prompt is posted in the shared channel."""
    from datetime import date, time, timedelta
    from zoneinfo import ZoneInfo

    from tests.e2e.jobs_helpers import workday

    slack.slash("/kickoff", CADENCE, user=OWNER, channel=AGENCY).wait()
    day = workday(date.today() + timedelta(days=1), "PH")
    duties.run(datetime.combine(day, time(10, 1), tzinfo=ZoneInfo("Asia/Manila")), "checkin_prompt")
    [prompt] = [m for m in emulator.messages(AGENCY) if (m.get("metadata") or {}).get("event_type")]
    return prompt


def task_post(slack, emulator) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The owner adds a paid milestone; the channel's announcement of it (no money in it)."""
    slack.slash("/task", TASK, user=OWNER, channel=AGENCY).wait()
    [post] = [m for m in emulator.messages(AGENCY) if "added task *1*" in (m.get("text") or "")]
    return post


def channel_text(emulator) -> str:  # type: ignore[no-untyped-def]
    """Every message anyone in the shared channel can read, threads included."""
    shown = []
    for message in emulator.messages(AGENCY):
        shown.append(json.dumps([message.get("text"), message.get("blocks")]))
        shown += [json.dumps([r.get("text"), r.get("blocks")]) for r in emulator.messages(AGENCY, message["ts"])]
    return "\n".join(shown)


def refused(reply, bot, before: dict[str, int]) -> str:  # type: ignore[no-untyped-def]
    """A click that must change nothing: an ephemeral answer to the clicker, no form, the same rows."""
    reply.wait()
    assert reply.view is None and reply.ephemeral, reply.items()
    assert row_counts(bot.database_url) == before
    return reply.text


def test_an_external_member_checks_in_from_the_prompts_button_and_form(slack, emulator, bot, duties) -> None:
    prompt = prompt_of(slack, emulator, duties)
    engagement = engagement_id(bot.database_url, emulator.team_id)
    before = row_counts(bot.database_url)
    emulator.reset_calls()  # from here on Dev is known from kickoff: nothing asks Slack who Dev is
    for stranger in (AGENCY_PAL, BYSTANDER):  # Dev's colleague at the agency; a member of our own workspace
        text = refused(slack.click("open_checkin", user=stranger, message=prompt), bot, before)
        assert "for the engagement's contractor" in text
        assert f"Only <@{DEV}> can snooze" in refused(slack.click("snooze_checkin", user=stranger, message=prompt),
                                                      bot, before)

    opened = slack.click("open_checkin", user=DEV, message=prompt).wait()
    assert opened.payload["user"]["team_id"] == AGENCY_ORG and opened.payload["team"]["id"] == emulator.team_id
    assert opened.view is not None and opened.view["callback_id"] == "checkin_modal", opened.text
    sent = slack.submit_view(opened.view["id"], values={"status": {"status": "at_risk"},
                                                        "progress": {"progress": "55"},
                                                        "done": {"done": "login screen"}}, user=DEV)
    assert sent.payload["view"]["team_id"] == AGENCY_ORG and not sent.body, sent.body
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Checkin)) == 1)
    [checkin] = rows(bot.database_url, Checkin)
    assert (checkin["engagement_id"], checkin["status"], checkin["progress"], checkin["source"]) == (
        engagement, "at_risk", 55, "form")
    assert emulator.wait_for(lambda: "login screen" in channel_text(emulator))

    assert not [c for c in emulator.calls_to("users.info") if c.args.get("user") == DEV]
    board = slack.slash("/checkin", "status", user=OWNER, channel=AGENCY).wait().text
    assert "Agency app" in board and "55%" in board


def test_only_the_contractors_reply_in_the_prompts_thread_is_a_checkin(slack, emulator, bot, duties) -> None:
    prompt = prompt_of(slack, emulator, duties)
    pal = slack.post_message(AGENCY_PAL, AGENCY, "on-track 90% all done here", thread_ts=prompt["ts"])
    assert pal.payload["event"]["user_team"] == AGENCY_ORG
    dev = slack.post_message(DEV, AGENCY, "blocked 30% waiting for the API keys", thread_ts=prompt["ts"])
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Checkin)) == 1)

    def reacted(ts: str) -> bool:
        return any(m["ts"] == ts and m["reactions"] for m in emulator.messages(AGENCY, prompt["ts"]))

    assert emulator.wait_for(lambda: reacted(dev.posted["ts"]))
    assert not emulator.wait_for(lambda: reacted(pal.posted["ts"]), timeout=1.0)
    [checkin] = rows(bot.database_url, Checkin)
    assert (checkin["status"], checkin["progress"], checkin["source"]) == ("blocked", 30, "thread")


def test_an_external_member_submits_a_milestone_by_buttons_and_the_owner_approves_it(slack, emulator, bot) -> None:
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    post = task_post(slack, emulator)
    before = row_counts(bot.database_url)
    for stranger in (AGENCY_PAL, BYSTANDER, OWNER):
        text = refused(slack.click("open_submit", user=stranger, message=post), bot, before)
        assert f"<@{DEV}>" in text and "Nothing was changed" in text

    opened = slack.click("open_submit", user=DEV, message=post).wait()
    assert opened.view is not None and opened.view["callback_id"] == "submit_modal", opened.text
    sent = slack.submit_view(opened.view["id"], values={"link": {"link": "https://example.com/build"}}, user=DEV)
    assert not sent.body, sent.body
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Submission)) == 1)
    [submission] = rows(bot.database_url, Submission)
    [task] = rows(bot.database_url, Task)
    assert (submission["submitted_by"], submission["link"], submission["outcome"]) == (
        DEV, "https://example.com/build", "pending")
    assert task["status"] == "submitted"
    assert emulator.wait_for(lambda: any(e["user"] == DEV and "submitted for review" in json.dumps(e["blocks"])
                                         for e in emulator.ephemerals(AGENCY)))
    assert emulator.wait_for(lambda: "submitted task *1*" in channel_text(emulator))

    dm = emulator.dm_channel(OWNER)
    assert emulator.wait_for(lambda: any("Approve" in json.dumps(m["blocks"]) for m in emulator.messages(dm)))
    [review] = [m for m in emulator.messages(dm) if "Approve" in json.dumps(m["blocks"])]
    assert "800.00" in json.dumps(review["blocks"])  # the owner alone hears what it earns
    again = slack.click("open_submit", user=DEV, message=post).wait()
    assert again.view is None and "already waiting for review" in again.text
    slack.click("approve_work", user=OWNER, message=review).wait()
    assert emulator.wait_for(lambda: rows(bot.database_url, Task)[0]["status"] == "done")
    [payment] = rows(bot.database_url, Payment)
    assert (payment["amount_minor"], payment["currency"]) == (80000, "EUR")

    board = slack.slash("/checkin", "status", user=OWNER, channel=AGENCY).wait().text
    assert "Agency app" in board and "0 open tasks" in board
    assert not any(amount in channel_text(emulator) for amount in MONEY)


def test_my_tasks_shows_an_external_member_their_work_without_money(slack, emulator, bot, duties) -> None:
    prompt = prompt_of(slack, emulator, duties)
    post = task_post(slack, emulator)
    before = row_counts(bot.database_url)
    for stranger in (AGENCY_PAL, OWNER):
        assert "Nothing was changed" in refused(slack.click("my_work", user=stranger, message=prompt), bot, before)
    assert not [e for e in emulator.ephemerals(AGENCY) if e["user"] in (AGENCY_PAL, OWNER)
                and "Android build" in json.dumps(e["blocks"])]

    [brief] = [m for m in emulator.messages(AGENCY) if (m.get("text") or "").startswith("Kickoff:")]
    for source in (brief, prompt, post):
        mine = slack.click("my_work", user=DEV, message=source).wait()
        assert mine.ephemeral and "Android build" in mine.text and "next check-in" in mine.text, mine.text
        assert not any(amount in json.dumps(mine.blocks) for amount in MONEY)
    [shown] = [e for e in emulator.ephemerals(AGENCY, DEV) if "Android build" in json.dumps(e["blocks"])][-1:]

    opened = slack.click("open_submit_1", user=DEV, message=shown).wait()  # "Submit 1" under the list
    assert opened.view is not None and opened.view["callback_id"] == "submit_modal"
    assert not slack.submit_view(opened.view["id"], values={"link": {"link": ""}}, user=DEV).body
    assert emulator.wait_for(lambda: [s["link"] for s in rows(bot.database_url, Submission)] == [""])


def test_another_organisation_reaches_no_owners_button(slack, emulator, bot) -> None:
    """Only a contractor's buttons pass from another organisation, even if Slack delivered another one."""
    from bot.emulator.interaction_payloads import message_click
    from bot.emulator.transport import Delivery

    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    post = task_post(slack, emulator)
    before = row_counts(bot.database_url)
    payload, origin = message_click(emulator, "my_work", DEV, post, None, None)
    payload["actions"][0].update(action_id="deadline_end", value=str(engagement_id(bot.database_url,
                                                                                    emulator.team_id)))
    reply = slack.deliver(Delivery("interactive", payload, False, None, 0), origin).wait()
    assert reply.ephemeral and "from your organisation" in reply.text, reply.text
    assert row_counts(bot.database_url) == before
    # An owner's form in Dev's hands (opened here as the app would): refused on the form, nothing saved.
    from slack_sdk import WebClient

    from tests.e2e.conftest import BOT_TOKEN
    form = {"type": "modal", "callback_id": "kickoff_modal", "title": {"type": "plain_text", "text": "Kickoff"},
            "submit": {"type": "plain_text", "text": "Start"},
            "blocks": [{"type": "input", "block_id": "title", "label": {"type": "plain_text", "text": "Title"},
                        "element": {"type": "plain_text_input", "action_id": "title"}}]}
    app = WebClient(token=BOT_TOKEN, base_url=emulator.api_url)
    opened = app.views_open(trigger_id=emulator.mint_trigger(DEV), view=form)["view"]
    sent = slack.submit_view(opened["id"], values={"title": {"title": "Dev's own"}}, user=DEV)
    assert sent.body["response_action"] == "errors"
    assert "only the engagement's contractor" in sent.body["errors"]["title"]
    assert row_counts(bot.database_url) == before
    [engagement] = rows(bot.database_url, Engagement)
    assert engagement["status"] == "active"


def test_feedback_the_owner_shares_reaches_the_external_member_without_a_home_tab(slack, emulator, bot,
                                                                                  duties) -> None:
    from datetime import date, timedelta

    from tests.e2e.jobs_helpers import london_workday

    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    post = task_post(slack, emulator)
    duties.run(london_workday(date.today() + timedelta(days=15)))  # the fortnightly feedback prompt to the owner
    dm = emulator.dm_channel(OWNER)
    [prompt] = [m for m in emulator.messages(dm) if "share_feedback" in json.dumps(m["blocks"])]
    slack.click("rate_feedback_quality_4", user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: [f["quality"] for f in rows(bot.database_url, Feedback)] == [4])
    slack.click("share_feedback", user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: all(f["shared_at"] for f in rows(bot.database_url, Feedback)))

    mine = slack.click("my_work", user=DEV, message=post).wait()
    assert "Feedback shared with you" in mine.text and "quality 4/5" in mine.text, mine.text
    assert "Feedback shared" not in channel_text(emulator) and "4/5" not in channel_text(emulator)


def test_an_external_member_resubmits_from_the_changes_request_in_the_tasks_thread(slack, emulator, bot) -> None:
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    post = task_post(slack, emulator)
    opened = slack.click("open_submit", user=DEV, message=post).wait()
    slack.submit_view(opened.view["id"], values={"link": {"link": "https://example.com/v1"}}, user=DEV)
    dm = emulator.dm_channel(OWNER)
    assert emulator.wait_for(lambda: any("Request changes" in json.dumps(m["blocks"]) for m in emulator.messages(dm)))
    [review] = [m for m in emulator.messages(dm) if "Request changes" in json.dumps(m["blocks"])]
    asked = slack.click("request_changes", user=OWNER, message=review).wait()
    slack.submit_view(asked.view["id"], values={"comment": {"comment": "Sign the build"}}, user=OWNER)

    def changes() -> list[dict[str, Any]]:
        return [m for m in emulator.messages(AGENCY, post["ts"]) if "Sign the build" in json.dumps(m["blocks"])]

    assert emulator.wait_for(lambda: len(changes()) == 1)
    [note] = changes()
    before = row_counts(bot.database_url)
    assert "Nothing was changed" in refused(slack.click("open_submit", user=AGENCY_PAL, message=note), bot, before)
    again = slack.click("open_submit", user=DEV, message=note).wait()  # "Submit again" under the request
    assert again.view is not None and again.view["callback_id"] == "submit_modal", again.text
    slack.submit_view(again.view["id"], values={"link": {"link": "https://example.com/v2"}}, user=DEV)
    assert emulator.wait_for(lambda: sorted((s["round"], s["link"]) for s in rows(bot.database_url, Submission))
                             == [(1, "https://example.com/v1"), (2, "https://example.com/v2")])

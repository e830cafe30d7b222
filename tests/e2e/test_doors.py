"""Doors an attacker tried: each test is a request a workspace member, the contractor or another
workspace could send through the real endpoint, and what it must not get or change.

Every test here failed before the fix it comes with (see the commit that added it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.db.models import Checkin, Engagement, Feedback, Payment, Submission, Task, Thanks
from bot.emulator.driver import SlackDriver
from bot.emulator.interaction_payloads import message_click, submission
from bot.emulator.reply import Reply
from bot.emulator.transport import Delivery
from bot.slack import ids
from tests.e2e.conftest import BYSTANDER, LOUNGE, MARIA, OWNER, PROJECT, SIGNING_SECRET
from tests.e2e.helpers import in_days, row_counts, rows
from tests.e2e.test_checkin import kickoff
from tests.support.shown import mentions_amount, shown

ELSEWHERE = "T0ELSEWHERE"  # a second workspace that installed Tandem too (ids are shared sequences)


def brief(emulator) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The kickoff brief in the project channel: a message with buttons anyone in the channel can press."""
    return next(m for m in emulator.messages(PROJECT) if ids.MY_WORK in str(m.get("blocks")))


def press(driver: SlackDriver, message: dict[str, Any], user: str, action_id: str, value: str) -> Reply:
    """A click on `message` whose button is another one (copied from elsewhere, or forged): the payload
    Slack builds for `user`, its action replaced by `action_id` carrying `value`."""
    payload, origin = message_click(driver.emu, ids.MY_WORK, user, message, None, None)
    payload["actions"] = [{"type": "button", "action_id": action_id, "block_id": "copied", "value": value,
                           "text": {"type": "plain_text", "text": "Copied"}, "action_ts": "1700000000.000001"}]
    return driver.deliver(Delivery("interactive", payload, False, None, 0), origin)


def elsewhere(slack: SlackDriver) -> SlackDriver:
    """The same Slack, signed as Slack signs, for a request from the second workspace."""
    return SlackDriver(slack.emu, bot_url=slack.bot_url, signing_secret=SIGNING_SECRET, team_id=ELSEWHERE)


def test_the_contractor_blocking_a_milestone_is_not_told_its_pay(slack, emulator) -> None:
    """Milestone pay is the owner's private term: the contractor's own reply must not carry it."""
    kickoff(slack)
    added = slack.slash("/task", f'add "Homepage design" due {in_days(10)} pay=800 USD', user=OWNER,
                        channel=PROJECT).wait()
    assert "USD 800.00" in added.text  # the owner is told (the test's own control)
    blocked = slack.slash("/task", "block 1 waiting for the brand assets", user=MARIA, channel=PROJECT).wait()
    assert blocked.ephemeral and "blocked" in blocked.text.lower()
    assert not mentions_amount(blocked.text, "800") and "Milestone pay" not in blocked.text


def test_a_blocker_of_another_workspace_cannot_be_resolved(slack, emulator, bot) -> None:
    """Resolved names a check-in by its id: a click from another workspace must not clear it, even by its people."""
    kickoff(slack)
    slack.slash("/checkin", "blocked 40% halfway | blocked: need the logo files", user=MARIA, channel=PROJECT).wait()
    [checkin] = rows(bot.database_url, Checkin)
    press(elsewhere(slack), brief(emulator), OWNER, ids.RESOLVE_BLOCKER, str(checkin["id"])).wait()
    assert emulator.wait_for(lambda: "no longer exists" in str(emulator.responses) + str(emulator.ephemerals(
        user=OWNER)), 5)
    [after] = rows(bot.database_url, Checkin)
    assert after["blocker_resolved_at"] is None and after["blocker_resolved_by"] is None
    # The same click from the engagement's own workspace clears it: the refusal above was the team's.
    press(slack, brief(emulator), OWNER, ids.RESOLVE_BLOCKER, str(checkin["id"])).wait()
    assert emulator.wait_for(lambda: rows(bot.database_url, Checkin)[0]["blocker_resolved_by"] == OWNER, 5)


TAMPERED = [  # a button of Tandem's whose value was edited: what an attacker or a broken client sends
    (f"{ids.RATE_FEEDBACK}_quality_3", "not-a-rating"),
    (ids.SNOOZE_CHECKIN, "{engagement}:not-a-day"),
    (ids.SNOOZE_CHECKIN, "one:2031-01-06"),
    (ids.TRIAL_END, "one"),
    (f"{ids.HOME_PAGE}_next", "page two"),
    (ids.SEND_THANKS, "{engagement}:for-nothing"),
]


@pytest.mark.parametrize(("action_id", "value"), TAMPERED)
def test_a_tampered_button_value_gets_a_friendly_answer_and_changes_nothing(slack, emulator, bot, action_id: str,
                                                                            value: str) -> None:
    """Not "something went wrong on my side" (and a traceback for the operator): the button is not one of ours."""
    kickoff(slack)
    before = row_counts(bot.database_url)
    [engagement] = rows(bot.database_url, Engagement)
    answers = lambda: emulator.ephemerals(user=OWNER) + emulator.responses + emulator.calls_to("views.publish")  # noqa: E731
    earlier = len(answers())
    press(slack, brief(emulator), OWNER, action_id, value.format(engagement=engagement["id"]))
    assert emulator.wait_for(lambda: len(answers()) > earlier, 5)
    said = str(answers()[earlier:])
    assert "went wrong" not in said
    assert row_counts(bot.database_url) == before


def test_an_unknown_action_id_is_logged_on_one_short_line(slack, emulator, bot) -> None:
    """Bolt's "Unhandled request" warning echoed the action id whole, twice, with its line breaks: a member could
    forge log lines ("ERROR ...") or fill the log with a megabyte per request."""
    kickoff(slack)
    start = bot.log.stat().st_size
    forged = "not_ours\n2031-01-06 09:00:00,000 ERROR bot.slack.app: FORGED token=xoxb-1 " + "x" * 20_000
    reply = press(slack, brief(emulator), OWNER, forged, "1")
    assert reply.status == 404
    time.sleep(0.3)  # the warning is written as the request is answered
    logged = bot.log.read_bytes()[start:].decode()
    assert "Unhandled request" in logged  # still said, once
    assert all(not line.startswith("2031-01-06") for line in logged.splitlines())
    assert max(len(line) for line in logged.splitlines()) < 1000


def submit_tampered(driver: SlackDriver, view_id: str, values: dict[str, Any], user: str,
                    edit: Callable[[dict[str, Any]], None]) -> Reply:
    """A form submitted as Slack builds it for `user`, then edited by `edit` (a hostile or broken client)."""
    payload, origin = submission(driver.emu, view_id, values, user, False, False)
    edit(payload)
    return driver.deliver(Delivery("interactive", payload, True, None, 0), origin)


def test_a_thanks_form_naming_no_person_posts_nothing(slack, emulator, bot) -> None:
    """The thanks form's person is written into the channel's message as <@…>: a value that is no user id (here
    one closing the mention and opening <!channel>) would ping the whole channel, shared with an agency."""
    kickoff(slack)
    view_id = slack.slash("/thanks", "", user=OWNER, channel=PROJECT).wait().view["id"]
    posted = len(emulator.messages(PROJECT))

    def forge(payload: dict[str, Any]) -> None:
        payload["view"]["state"]["values"][ids.RECIPIENT][ids.RECIPIENT]["selected_user"] = f"{MARIA}> <!channel"

    reply = submit_tampered(slack, view_id, {ids.RECIPIENT: {ids.RECIPIENT: MARIA},
                                             ids.REASON: {ids.REASON: "for the homepage"}}, OWNER, forge)
    assert isinstance(reply.body, dict) and ids.RECIPIENT in reply.body.get("errors", {})
    time.sleep(0.3)
    assert len(emulator.messages(PROJECT)) == posted and rows(bot.database_url, Thanks) == []


def test_approve_pressed_four_times_at_once_owes_the_milestone_once(slack, emulator, bot) -> None:
    """A double-click (or a slow Slack and an impatient owner): each click read the submission as waiting, so
    each approved it and each added the milestone's payment: the owner owed it four times."""
    from tests.e2e.test_milestones import add_milestone, submit

    add_milestone(slack, emulator)
    review = submit(slack, emulator)
    clicks = [threading.Thread(target=slack.click, args=(ids.APPROVE_WORK,), kwargs={"user": OWNER, "message": review})
              for _ in range(4)]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    assert emulator.wait_for(lambda: len(rows(bot.database_url, Payment)) >= 1, 5)
    time.sleep(1.0)  # the other clicks have had their time
    [payment] = rows(bot.database_url, Payment)
    assert payment["amount_minor"] == 80000
    [submission] = rows(bot.database_url, Submission)
    assert submission["outcome"] == "approved"


def test_an_engagement_ended_four_times_at_once_ends_once(slack, emulator, bot) -> None:
    """End, pressed again before the first answer came back (or /engagement end sent twice): each read the
    engagement as open, so the channel got the closing note four times and the owner four closing reviews."""
    kickoff(slack)
    ends = [threading.Thread(target=slack.slash, args=("/engagement", "end"), kwargs={"user": OWNER,
                                                                                      "channel": PROJECT})
            for _ in range(4)]
    for end in ends:
        end.start()
    for end in ends:
        end.join()
    closing = lambda: [m for m in emulator.messages(PROJECT) if "has ended" in m["text"]]  # noqa: E731
    assert emulator.wait_for(lambda: closing(), 5)
    time.sleep(1.0)  # the other commands have had their time
    assert len(closing()) == 1
    reviews = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "closing review" in shown(m).lower()]
    assert len(reviews) == 1


@pytest.mark.parametrize("action_id", [ids.MY_WORK, ids.OPEN_THANKS, ids.OPEN_SUBMIT])
def test_a_contractor_button_pointed_at_another_engagement_names_nothing(slack, emulator, bot, action_id: str) -> None:
    """Ids run in sequence: a contractor's button whose value names another engagement (or its task) answered
    with that engagement's title and contractor, to anyone, from any channel. A refusal from the engagement's
    own channel may say whose button it is (the channel shows it); from elsewhere it names nothing."""
    slack.slash("/kickoff", f'<@{MARIA}|maria> "Quiet merger talks" due {in_days(30)} objectives="Due diligence" '
                'deliverables="Report"', user=OWNER, channel=PROJECT).wait()
    slack.slash("/task", f'add "Data room index" due {in_days(5)}', user=OWNER, channel=PROJECT).wait()
    slack.slash("/kickoff", f'<@{MARIA}|maria> "Lounge playlist" due {in_days(30)} objectives="Music" '
                'deliverables="Playlist"', user=OWNER, channel=LOUNGE).wait()
    secret = next(e for e in rows(bot.database_url, Engagement) if e["channel_id"] == PROJECT)
    [task] = rows(bot.database_url, Task)
    value = str(task["id"] if action_id == ids.OPEN_SUBMIT else secret["id"])
    lounge_brief = next(m for m in emulator.messages(LOUNGE) if ids.MY_WORK in str(m.get("blocks")))
    said = lambda: emulator.ephemerals(user=BYSTANDER) + emulator.responses  # noqa: E731
    earlier = len(said())
    press(slack, lounge_brief, BYSTANDER, action_id, value)
    assert emulator.wait_for(lambda: len(said()) > earlier, 5)
    answer = str(said()[earlier:])
    assert "Quiet merger" not in answer and MARIA not in answer and "no longer exists" in answer
    assert emulator.views == {} or all(v.get("callback_id") is None for v in emulator.views.values())


def test_three_ratings_clicked_at_once_land_on_one_feedback(slack, emulator, bot) -> None:
    """Quality, timeliness and communication clicked in quick succession: each click found no Feedback row for
    the prompt yet and each made one, so the scorecard counted three half-filled feedbacks instead of one."""
    kickoff(slack)
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    [prompt] = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "One last look back" in shown(m)]
    ratings = {"quality": 4, "timeliness": 5, "communication": 3}
    clicks = [threading.Thread(target=slack.click, args=(f"{ids.RATE_FEEDBACK}_{dimension}_{score}",),
                               kwargs={"user": OWNER, "message": prompt}) for dimension, score in ratings.items()]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    assert emulator.wait_for(lambda: rows(bot.database_url, Feedback), 5)
    time.sleep(1.0)  # every click has had its time
    [feedback] = rows(bot.database_url, Feedback)
    assert {dimension: feedback[dimension] for dimension in ratings} == ratings


def test_send_thanks_pressed_four_times_at_once_thanks_once(slack, emulator, bot) -> None:
    """The thank-you nudge's Send thanks, pressed again before the nudge turned into its confirmation: four
    thanks in the channel, four on the owner's record."""
    kickoff(slack)
    [engagement] = rows(bot.database_url, Engagement)
    nudge = brief(emulator)  # a message of the channel's carrying the owner's Send thanks (its value as sent)
    presses = [threading.Thread(target=press, args=(slack, nudge, OWNER, ids.SEND_THANKS, f"{engagement['id']}:task"))
               for _ in range(4)]
    for pressed in presses:
        pressed.start()
    for pressed in presses:
        pressed.join()
    posted = lambda: [m for m in emulator.messages(PROJECT) if "thanks" in m["text"] and ":raised_hands:" in m["text"]]  # noqa: E731
    assert emulator.wait_for(lambda: posted(), 5)
    time.sleep(1.0)  # every press has had its time
    assert len(posted()) == 1 and len(rows(bot.database_url, Thanks)) == 1


def at_once(times: int, call: Callable[[], object]) -> None:
    """`call` from `times` threads at once, as Slack delivers a double-click or a command sent twice."""
    threads = [threading.Thread(target=call) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_reopen_sent_four_times_at_once_reopens_once(slack, emulator, bot) -> None:
    kickoff(slack)
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    at_once(4, lambda: slack.slash("/engagement", "reopen", user=OWNER, channel=PROJECT))
    notes = lambda: [m for m in emulator.messages(PROJECT) if "reopened" in shown(m)]  # noqa: E731
    assert emulator.wait_for(lambda: notes(), 5)
    time.sleep(1.0)  # every command has had its time
    assert len(notes()) == 1 and rows(bot.database_url, Engagement)[0]["status"] == "active"


def test_share_pressed_four_times_at_once_tells_the_contractor_once(slack, emulator, bot) -> None:
    kickoff(slack)
    slack.slash("/engagement", "end", user=OWNER, channel=PROJECT).wait()
    [prompt] = [m for m in emulator.messages(emulator.dm_channel(OWNER)) if "One last look back" in shown(m)]
    slack.click(f"{ids.RATE_FEEDBACK}_quality_4", user=OWNER, message=prompt)
    assert emulator.wait_for(lambda: rows(bot.database_url, Feedback), 5)
    at_once(4, lambda: slack.click(ids.SHARE_FEEDBACK, user=OWNER, message=prompt))
    told = lambda: emulator.messages(emulator.dm_channel(MARIA))  # noqa: E731
    assert emulator.wait_for(lambda: told(), 5)
    time.sleep(1.0)  # every click has had its time
    assert len(told()) == 1

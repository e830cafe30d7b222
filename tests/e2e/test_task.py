"""/task end to end: add, list, done, block in the engagement's channel; the form; refusals."""

from __future__ import annotations

from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts
from tests.e2e.test_checkin import kickoff


def test_add_list_done_and_block(slack, emulator) -> None:
    kickoff(slack)
    added = slack.slash("/task", f'add "Homepage design" due {in_days(5)} <@{MARIA}|maria>', user=OWNER,
                        channel=PROJECT).wait()
    assert "Added task *1*" in added.text
    assert "added task *1*: Homepage design" in emulator.messages(PROJECT)[-1]["text"]
    slack.slash("/task", 'add "Copy" due tomorrow', user=MARIA, channel=PROJECT).wait()
    blocked = slack.slash("/task", "block 2 waiting for brand assets", user=MARIA, channel=PROJECT).wait()
    assert "blocked" in blocked.text
    done = slack.slash("/task", "done 1", user=MARIA, channel=PROJECT).wait()
    assert "Task *1* is done" in done.text
    listed = slack.slash("/task", "list", user=OWNER, channel=PROJECT).wait()
    assert "blocked: waiting for brand assets" in listed.text and "1 open, 1 done" in listed.text


def test_text_that_mentions_payload_is_an_ordinary_command(slack, emulator) -> None:
    """Bolt alone reads such a form as empty and answers 404 (dispatch_failed): bot/slack/bolt_compat, patch 2."""
    kickoff(slack)
    added = slack.slash("/task", f'add "Fix the payload parser" due {in_days(5)}', user=OWNER, channel=PROJECT).wait()
    assert added.status == 200 and "Added task *1*" in added.text
    assert "Fix the payload parser" in emulator.messages(PROJECT)[-1]["text"]
    assert "Fix the payload parser" in slack.slash("/task", "list", user=MARIA, channel=PROJECT).wait().text


def test_refusals_and_bad_input_change_nothing(slack, bot) -> None:
    kickoff(slack)
    slack.slash("/task", 'add "Homepage"', user=OWNER, channel=PROJECT).wait()
    before = row_counts(bot.database_url)
    stranger = slack.slash("/task", "done 1", user=BYSTANDER, channel=PROJECT).wait()
    assert stranger.ephemeral and "owner" in stranger.text.lower()
    for text in ("done x", "done 99", 'add "Unclosed', "add", 'add "Late" due someday', "fly away"):
        reply = slack.slash("/task", text, user=OWNER, channel=PROJECT).wait()
        assert ":warning:" in reply.text, text
    assert row_counts(bot.database_url) == before


def test_outside_an_engagement_points_to_kickoff(slack) -> None:
    reply = slack.slash("/task", "list", user=OWNER, channel="C0LOUNGE").wait()
    assert "/kickoff" in reply.text


def test_form_and_help(slack, bot) -> None:
    kickoff(slack)
    assert "/task block" in slack.slash("/task", "help", user=OWNER, channel=PROJECT).wait().text
    opened = slack.slash("/task", "", user=OWNER, channel=PROJECT).wait()
    assert opened.view is not None
    empty = slack.submit_view(opened.view["id"], values={}, user=OWNER)
    assert empty.body["response_action"] == "errors"
    saved = slack.submit_view(opened.view["id"], values={"title": {"title": "Write the FAQ"}}, user=OWNER)
    assert not saved.body
    assert row_counts(bot.database_url)["tasks"] == 1

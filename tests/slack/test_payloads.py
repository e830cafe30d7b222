"""The typed payload wrappers read the fields Slack really sends (shapes from slack-reference/payloads)."""

from bot.slack.payloads import Click, Command, Submission

BLOCK_ACTIONS = {  # slack-reference/payloads/block_actions.json, with a message
    "type": "block_actions",
    "user": {"id": "W111", "username": "primary-owner", "name": "primary-owner", "team_id": "T111"},
    "container": {"type": "message", "message_ts": "111.222", "channel_id": "C111", "is_ephemeral": True},
    "trigger_id": "111.222.valid",
    "team": {"id": "T111", "domain": "workspace-domain"},
    "channel": {"id": "C111", "name": "test-channel"},
    "message": {"ts": "111.333", "thread_ts": "111.000", "text": "prompt"},
    "actions": [{"action_id": "a", "block_id": "b", "value": "click_me_123", "type": "button"}],
}


def test_a_slash_command_names_its_speaker_place_and_text():
    command = Command.of({"team_id": "T1", "user_id": "U1", "channel_id": "D9", "text": "status",
                          "trigger_id": "1.2", "response_url": "https://hooks.slack.com/commands/T1/1/x"})
    assert (command.team_id, command.user_id, command.channel_id, command.text) == ("T1", "U1", "D9", "status")
    assert command.in_dm
    assert not Command.of({"channel_id": "C1"}).in_dm


def test_a_click_reads_the_first_action_and_the_thread_it_sits_in():
    click = Click.of(BLOCK_ACTIONS)
    assert (click.team_id, click.user_id, click.channel_id) == ("T111", "W111", "C111")
    assert (click.action_id, click.value) == ("a", "click_me_123")
    assert (click.message_ts, click.thread_ts) == ("111.333", "111.000")
    assert not click.from_other_org and not click.in_view


def test_a_click_without_a_message_falls_back_to_the_container_and_is_its_own_thread():
    body = {**BLOCK_ACTIONS, "message": None}
    click = Click.of(body, {"action_id": "b", "value": "7"})
    assert (click.message_ts, click.thread_ts, click.value) == ("111.222", "111.222", "7")


def test_a_submission_from_the_other_side_of_slack_connect_belongs_to_the_installed_workspace():
    body = {  # slack-reference/payloads/view_submission_slack_connect_other_org.json
        "type": "view_submission", "team": {"id": "T-other-side"},
        "user": {"id": "W111", "team_id": "T-other-side"},
        "view": {"team_id": "T-other-side", "app_installed_team_id": "T-installed-workspace",
                 "callback_id": "view-id", "private_metadata": "42",
                 "state": {"values": {"b": {"a": {"type": "plain_text_input", "value": "hi"}}}}},
    }
    submission = Submission.of(body)
    assert submission.team_id == "T-installed-workspace"
    assert (submission.user_id, submission.callback_id, submission.private_metadata) == ("W111", "view-id", "42")
    assert submission.values["b"]["a"]["value"] == "hi"


def test_a_click_by_an_external_member_says_so():
    body = {**BLOCK_ACTIONS, "user": {"id": "W2", "team_id": "T-other"},
            "view": {"app_installed_team_id": "T111"}}
    click = Click.of(body)
    assert click.team_id == "T111" and click.from_other_org and click.in_view

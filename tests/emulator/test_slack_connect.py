"""Slack Connect from the other organisation, compared with Slack's own payloads.

References (slack-reference/payloads, from bolt-python's tests):
- view_submission_slack_connect_other_org.json: `team.id`, `user.team_id`, `view.team_id` are the
  other organisation; `view.app_installed_team_id` is the workspace that installed the app.
- event_shared_channel_reaction_source_team.json: the envelope's `team_id` is the source
  organisation, `authorizations[0].team_id` the installed workspace.
- web-api-shapes/api/users.info.json: a member object carries its own `team_id`.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from bot.emulator import SlackEmulator
from bot.emulator.view_state import DriverError
from bot.slack.workspace import workspace_of
from tests.emulator.bolt_harness import FORM
from tests.emulator.conftest import OWNER
from tests.emulator.test_payloads import captured  # noqa: F401  (fixture)

REFERENCE = Path("/work/shared/slack-reference/payloads")
KAZ, KAZ_ORG, SHARED = "W0KAZ", "T0OTHERSIDE", "C0SHARED"


def fixture(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((REFERENCE / name).read_text())


def external(emu: SlackEmulator) -> None:
    emu.add_user(KAZ, name="kaz", real_name="Kaz Other", team_id=KAZ_ORG)
    emu.add_channel(SHARED, name="shared", is_shared=True, members=[OWNER, KAZ])


def test_users_info_answers_with_the_external_members_own_team(emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]
    external(emu)
    user = client.users_info(user=KAZ)["user"]
    assert user["team_id"] == KAZ_ORG and user["profile"]["team"] == KAZ_ORG
    assert client.users_info(user=OWNER)["user"]["team_id"] == emu.team_id


def test_view_submission_from_the_other_org_has_the_fixtures_team_fields(captured, emu, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    drv, seen = captured
    external(emu)
    reference = fixture("view_submission_slack_connect_other_org.json")
    view = client.views_open(trigger_id=emu.mint_trigger(KAZ), view=FORM)["view"]
    drv.submit_view(view["id"], {"title": {"title": "T"}}, user=KAZ)
    sent = json.loads(dict(parse_qsl(seen[-1][1]))["payload"])
    # Where the fixture has the other side's team, so does the emulator; where it has the install, ours.
    other, installed = reference["team"]["id"], reference["view"]["app_installed_team_id"]
    mapping = {other: KAZ_ORG, installed: emu.team_id}
    assert sent["team"]["id"] == mapping[reference["team"]["id"]]
    assert sent["user"]["team_id"] == mapping[reference["user"]["team_id"]]
    assert sent["view"]["team_id"] == mapping[reference["view"]["team_id"]]
    assert sent["view"]["app_installed_team_id"] == mapping[reference["view"]["app_installed_team_id"]]
    # Tandem reads the installed workspace out of both, as Bolt does.
    assert workspace_of(reference) == installed and workspace_of(sent) == emu.team_id


def test_events_from_the_other_org_carry_the_source_team_and_the_installation(captured, emu) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    drv, seen = captured
    external(emu)
    reference = fixture("event_shared_channel_reaction_source_team.json")
    drv.post_message(KAZ, SHARED, "hello from the other side")
    sent = json.loads(seen[-1][1])
    assert reference["team_id"] != reference["authorizations"][0]["team_id"]
    assert sent["team_id"] == KAZ_ORG and sent["authorizations"][0]["team_id"] == emu.team_id
    assert sent["event"]["user_team"] == KAZ_ORG and sent["event"]["source_team"] == KAZ_ORG
    assert workspace_of(reference) == "T_INSTALLED" and workspace_of(sent) == emu.team_id


def test_the_installed_workspace_of_every_reference_payload(emu) -> None:  # type: ignore[no-untyped-def]
    """Bolt's order on Slack's own payloads: commands, clicks, views and events of the home team."""
    assert workspace_of(fixture("slash_command.json")) == "T111"
    assert workspace_of(fixture("block_actions.json")) == "T111"
    assert workspace_of(fixture("view_submission.json")) == "T111"
    assert workspace_of(fixture("event_shared_channel_member_joined.json")) == "T_INSTALLED"
    assert workspace_of(fixture("event_message_channel.json")) == "T111"


def test_another_organisations_member_has_no_slash_commands(captured, emu) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Slack offers an app's slash commands only to the installing workspace's members."""
    drv, seen = captured
    external(emu)
    with pytest.raises(DriverError, match="another organisation"):
        drv.slash("/checkin", "", user=KAZ, channel=SHARED)
    assert seen == []


def test_another_organisations_member_clicks_only_in_shared_channels_they_are_in(captured, emu, client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    drv, seen = captured
    external(emu)
    emu.add_channel("C0OURSONLY", name="ours-only", members=[OWNER])
    button = [{"type": "actions", "elements": [{"type": "button", "action_id": "go", "value": "1",
                                                "text": {"type": "plain_text", "text": "Go"}}]}]
    ours = client.chat_postMessage(channel="C0OURSONLY", text="go", blocks=button)
    shared = client.chat_postMessage(channel=SHARED, text="go", blocks=button)
    with pytest.raises(DriverError, match="another organisation"):
        drv.click("go", user=KAZ, message={"channel": "C0OURSONLY", "ts": ours["ts"]})
    drv.click("go", user=KAZ, message={"channel": SHARED, "ts": shared["ts"]})
    sent = json.loads(dict(parse_qsl(seen[-1][1]))["payload"])
    assert sent["user"]["team_id"] == KAZ_ORG and sent["channel"]["id"] == SHARED


def test_another_organisations_member_is_a_stranger_until_a_shared_channel_joins_them(emu, client) -> None:  # type: ignore[no-untyped-def]
    """users.info's `is_stranger`: from another workspace and in no shared channel the app can see."""
    emu.add_user(KAZ, name="kaz", real_name="Kaz Other", team_id=KAZ_ORG)
    assert client.users_info(user=KAZ)["user"]["is_stranger"] is True
    external(emu)  # the shared channel C0SHARED, with Kaz and the app in it
    assert client.users_info(user=KAZ)["user"]["is_stranger"] is False
    assert "is_stranger" not in client.users_info(user=OWNER)["user"]

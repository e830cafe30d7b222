"""The emulator's Add to Slack: oauth.v2.access as Slack answers it, a bot token per workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import SlackEmulator

SHAPE = next((p / "shared/slack-reference/web-api-shapes/api/oauth.v2.access.json"
              for p in Path(__file__).resolve().parents
              if (p / "shared/slack-reference/web-api-shapes/api/oauth.v2.access.json").exists()), None)
CLIENT_ID, CLIENT_SECRET = "111.222", "secret-of-the-app"


def trade(emu: SlackEmulator, **args: str):  # type: ignore[no-untyped-def]
    return WebClient(base_url=emu.api_url).oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, **args)


def keys(shape: dict, prefix: str = "") -> set[str]:  # type: ignore[type-arg]
    found = set()
    for key, value in shape.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
    return found


def test_a_code_is_traded_once_for_its_workspaces_token_in_slacks_shape(emu: SlackEmulator) -> None:
    emu.configure_oauth(CLIENT_ID, CLIENT_SECRET)
    code = emu.issue_oauth_code("T0000000002", "Bravo", installer="U0OWNER")
    answer = trade(emu, code=code)
    assert answer["team"] == {"id": "T0000000002", "name": "Bravo"} and answer["token_type"] == "bot"
    assert answer["authed_user"]["id"] == "U0OWNER" and answer["access_token"].startswith("xoxb-")
    if SHAPE is not None:
        allowed = keys(json.loads(SHAPE.read_text())) | {"enterprise"}  # null when not Enterprise Grid
        assert keys({k: v for k, v in answer.data.items() if k != "enterprise"}) <= allowed
    with pytest.raises(SlackApiError, match="invalid_code"):
        trade(emu, code=code)
    token = answer["access_token"]
    assert WebClient(token=token, base_url=emu.api_url).auth_test()["team_id"] == "T0000000002"
    assert WebClient(token=emu.bot_token, base_url=emu.api_url).auth_test()["team_id"] == emu.team_id
    assert emu.calls_to("auth.test")[0].token == token


def test_wrong_client_credentials_and_revoked_tokens_are_refused(emu: SlackEmulator) -> None:
    emu.configure_oauth(CLIENT_ID, CLIENT_SECRET)
    code = emu.issue_oauth_code("T0000000001")
    with pytest.raises(SlackApiError, match="bad_client_secret"):
        WebClient(base_url=emu.api_url).oauth_v2_access(client_id=CLIENT_ID, client_secret="nope", code=code)
    token = trade(emu, code=code)["access_token"]
    emu.uninstall("T0000000001")
    with pytest.raises(SlackApiError, match="token_revoked"):
        WebClient(token=token, base_url=emu.api_url).auth_test()


def test_with_rotation_a_refresh_token_renews_the_access_token_once(emu: SlackEmulator) -> None:
    emu.configure_oauth(CLIENT_ID, CLIENT_SECRET, rotation_seconds=43200)
    first = trade(emu, code=emu.issue_oauth_code("T0000000001"))
    assert first["access_token"].startswith("xoxe.xoxb-1-") and 43000 < first["expires_in"] <= 43200
    renewed = trade(emu, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert renewed["access_token"] != first["access_token"] and renewed["team"]["id"] == "T0000000001"
    with pytest.raises(SlackApiError, match="invalid_refresh_token"):
        trade(emu, grant_type="refresh_token", refresh_token=first["refresh_token"])

"""The Web API as slack_sdk's WebClient sees it: shapes, pagination, DMs, users, errors."""

from __future__ import annotations

import json
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator import SlackEmulator
from tests.emulator.conftest import ALICE, ELSEWHERE, GUEST, OWNER, PROJ, SECRET


def error_of(call) -> dict:  # type: ignore[no-untyped-def]
    """The ok:false body slack_sdk raised for `call`."""
    with pytest.raises(SlackApiError) as raised:
        call()
    return raised.value.response.data


def code(call) -> str:  # type: ignore[no-untyped-def]
    """The Slack error code `call` failed with."""
    return error_of(call)["error"]


def test_auth_test_identifies_the_bot_and_lists_scopes(
    client: WebClient, emu: SlackEmulator
) -> None:
    response = client.auth_test()
    assert response["user_id"] == "U0TANDEMBOT" and response["bot_id"] == "B0TANDEM"
    assert response["team_id"] == "T0TANDEM" and response["is_enterprise_install"] is False
    assert response["url"] == "https://tandem.slack.com/"
    assert "chat:write" in response.headers["x-oauth-scopes"].split(",")
    emu.scopes = ["chat:write"]
    assert client.auth_test().headers["x-oauth-scopes"] == "chat:write"


def test_post_then_history_with_and_without_metadata(client: WebClient, emu: SlackEmulator) -> None:
    emu.history_tier.use("legacy")  # several reads in a row (the 2025 tier: tests/emulator/test_fidelity.py)
    metadata = {"event_type": "kickoff_posted", "event_payload": {"engagement": 7}}
    posted = client.chat_postMessage(channel=PROJ, text="Kickoff!", metadata=metadata)
    assert posted["channel"] == PROJ and posted["message"]["bot_id"] == "B0TANDEM"
    assert posted["message"]["metadata"] == metadata
    plain = client.conversations_history(channel=PROJ)["messages"]
    assert [m["text"] for m in plain] == ["Kickoff!"] and "metadata" not in plain[0]
    full = client.conversations_history(channel=PROJ, include_all_metadata=True)["messages"]
    assert full[0]["metadata"] == metadata
    assert emu.messages(PROJ)[0]["metadata"] == metadata


def test_history_paginates_newest_first_and_respects_oldest(client: WebClient, emu: SlackEmulator) -> None:
    emu.history_tier.use("legacy")
    stamps = [client.chat_postMessage(channel=PROJ, text=f"m{i}")["ts"] for i in range(5)]
    first = client.conversations_history(channel=PROJ, limit=2)
    assert [m["text"] for m in first["messages"]] == ["m4", "m3"] and first["has_more"]
    cursor = first["response_metadata"]["next_cursor"]
    second = client.conversations_history(channel=PROJ, limit=2, cursor=cursor)
    assert [m["text"] for m in second["messages"]] == ["m2", "m1"]
    newer = client.conversations_history(channel=PROJ, oldest=stamps[2])["messages"]
    assert [m["text"] for m in newer] == ["m4", "m3"]
    inclusive = client.conversations_history(channel=PROJ, oldest=stamps[2], inclusive=True)
    assert len(inclusive["messages"]) == 3
    assert (
        code(lambda: client.conversations_history(channel=PROJ, cursor="junk")) == "invalid_cursor"
    )


def test_threads_replies_and_parent_fields(client: WebClient, emu: SlackEmulator) -> None:
    emu.history_tier.use("legacy")
    parent = client.chat_postMessage(channel=PROJ, text="parent")["ts"]
    client.chat_postMessage(channel=PROJ, text="reply 1", thread_ts=parent)
    client.chat_postMessage(channel=PROJ, text="loud", thread_ts=parent, reply_broadcast=True)
    thread = client.conversations_replies(channel=PROJ, ts=parent)["messages"]
    assert [m["text"] for m in thread] == ["parent", "reply 1", "loud"]
    assert thread[0]["reply_count"] == 2 and thread[1]["parent_user_id"] == "U0TANDEMBOT"
    assert [m["text"] for m in emu.messages(PROJ)] == ["parent", "loud"]
    assert [m["text"] for m in emu.messages(PROJ, thread_ts=parent)] == ["reply 1", "loud"]
    assert code(lambda: client.conversations_replies(channel=PROJ, ts="1.2")) == "thread_not_found"


def test_dm_by_user_id_and_conversations_open_are_the_same_stable_channel(
    client: WebClient,
) -> None:
    opened = client.conversations_open(users=ALICE)
    assert opened["channel"]["id"].startswith("D") and "already_open" not in opened.data
    again = client.conversations_open(users=ALICE)
    assert again["channel"]["id"] == opened["channel"]["id"] and again["already_open"] is True
    posted = client.chat_postMessage(channel=ALICE, text="Hi Alice")
    assert posted["channel"] == opened["channel"]["id"]
    assert (
        client.conversations_history(channel=posted["channel"])["messages"][0]["text"] == "Hi Alice"
    )
    assert code(lambda: client.conversations_open(users="U0NOBODY")) == "user_not_found"


def test_users_info_shape_and_timezone_offset(client: WebClient) -> None:
    user = client.users_info(user=ALICE)["user"]
    assert user["tz"] == "America/New_York"
    assert user["tz_offset"] in (-18000, -14400)
    assert user["tz_label"] in ("Eastern Standard Time", "Eastern Daylight Time")
    assert (
        user["profile"]["real_name"] == "Alice Contractor" and user["profile"]["display_name"] == ""
    )
    assert user["is_restricted"] is False and user["is_bot"] is False
    guest = client.users_info(user=GUEST)["user"]
    assert guest["is_restricted"] is True and guest["tz_offset"] == 19800
    assert client.users_info(user="U0TANDEMBOT")["user"]["is_bot"] is True
    assert code(lambda: client.users_info(user="U0NOBODY")) == "user_not_found"
    members = {m["id"] for m in client.users_list()["members"]}
    assert {OWNER, ALICE, GUEST, "USLACKBOT", "U0TANDEMBOT"} <= members


def test_conversations_info_flags_and_visibility(client: WebClient, emu: SlackEmulator) -> None:
    emu.add_channel("C0SHARED", name="agency", is_shared=True, members=[OWNER])
    shared = client.conversations_info(channel="C0SHARED")["channel"]
    assert shared["is_shared"] and shared["is_ext_shared"] and not shared["is_private"]
    private = client.conversations_info(channel=SECRET)["channel"]
    assert private["is_private"] and private["is_channel"] and not private["is_im"]
    dm = client.conversations_open(users=OWNER)["channel"]["id"]
    emu.scopes.append("im:read")
    assert client.conversations_info(channel=dm)["channel"]["is_im"] is True
    assert client.conversations_members(channel=PROJ)["members"] == [OWNER, ALICE, "U0TANDEMBOT"]


def test_error_codes_like_slack(client: WebClient, emu: SlackEmulator) -> None:
    post, ephemeral = client.chat_postMessage, client.chat_postEphemeral
    assert code(lambda: client.api_call("chat.postMessage", params={"channel": PROJ})) == "no_text"
    assert code(lambda: post(channel="C0NOPE", text="x")) == "channel_not_found"
    # Text over 40,000 characters is truncated with a warning, not refused: tests/emulator/test_fidelity.py
    bad_meta = {"event_type": "has space", "event_payload": {}}
    assert (
        code(lambda: post(channel=PROJ, text="x", metadata=bad_meta)) == "invalid_metadata_format"
    )
    assert code(lambda: client.conversations_history(channel=ELSEWHERE)) == "not_in_channel"
    assert code(lambda: ephemeral(channel=PROJ, user=GUEST, text="x")) == "user_not_in_channel"
    assert code(WebClient(token="xoxb-wrong", base_url=emu.api_url).auth_test) == "invalid_auth"
    assert code(WebClient(base_url=emu.api_url).auth_test) == "not_authed"
    assert code(lambda: client.api_call("chat.nope")) == "unknown_method"
    assert error_of(lambda: client.team_info()) == {
        "ok": False,
        "error": "missing_scope",
        "needed": "team:read",
        "provided": ",".join(emu.scopes),
    }
    assert [c.error for c in emu.calls_to("chat.postMessage")] == [
        "no_text",
        "channel_not_found",
        "invalid_metadata_format",
    ]


def test_update_delete_permalink_and_reactions(client: WebClient, emu: SlackEmulator) -> None:
    ts = client.chat_postMessage(channel=PROJ, text="draft")["ts"]
    updated = client.chat_update(channel=PROJ, ts=ts, text="final")
    assert updated["text"] == "final" and emu.messages(PROJ)[0]["text"] == "final"
    link = client.chat_getPermalink(channel=PROJ, message_ts=ts)["permalink"]
    assert link == f"https://tandem.slack.com/archives/{PROJ}/p{ts.replace('.', '')}"
    client.reactions_add(channel=PROJ, timestamp=ts, name="white_check_mark")
    react = client.reactions_add
    assert (
        code(lambda: react(channel=PROJ, timestamp=ts, name="white_check_mark"))
        == "already_reacted"
    )
    assert code(lambda: react(channel=PROJ, timestamp="1.1", name="eyes")) == "message_not_found"
    assert emu.messages(PROJ)[0]["reactions"] == [
        {"name": "white_check_mark", "users": ["U0TANDEMBOT"], "count": 1}
    ]
    client.chat_delete(channel=PROJ, ts=ts)
    assert emu.messages(PROJ) == []
    assert code(lambda: client.chat_update(channel=PROJ, ts=ts, text="x")) == "message_not_found"


def test_ephemeral_is_stored_apart_from_history(client: WebClient, emu: SlackEmulator) -> None:
    sent = client.chat_postEphemeral(channel=PROJ, user=ALICE, text="only you")
    assert sent["message_ts"]
    assert emu.messages(PROJ) == []
    [ephemeral] = emu.ephemerals(PROJ, user=ALICE)
    assert ephemeral["text"] == "only you" and ephemeral["ts"] == sent["message_ts"]
    assert emu.ephemerals(user=OWNER) == []


def raw_post(emu: SlackEmulator, method: str, body: bytes, headers: dict[str, str]) -> dict:
    request = urllib.request.Request(
        emu.api_url + method, data=body, headers=headers, method="POST"
    )
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def test_form_bodies_json_bodies_and_token_placement(emu: SlackEmulator) -> None:
    form = b"token=xoxb-test&channel=C0PROJ&text=hi&blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D"
    answer = raw_post(
        emu, "chat.postMessage", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert answer["ok"] and answer["message"]["blocks"][0]["type"] == "divider"
    assert emu.calls_to("chat.postMessage")[0].args["blocks"] == [{"type": "divider"}]
    json_token = json.dumps({"token": "xoxb-test", "channel": PROJ, "text": "hi"}).encode()
    assert raw_post(emu, "chat.postMessage", json_token, {"Content-Type": "application/json"})[
        "error"
    ] == ("not_authed")
    bearer = {"Content-Type": "application/json", "Authorization": "Bearer xoxb-test"}
    warned = raw_post(
        emu, "chat.postMessage", json.dumps({"channel": PROJ, "text": "hi"}).encode(), bearer
    )
    assert warned["ok"] and warned["warning"] == "missing_charset"
    bad = raw_post(emu, "chat.postMessage", b"token=xoxb-test&channel=C0PROJ&blocks=%5Bnope", {})
    assert bad["error"] == "invalid_blocks_format"


def test_get_with_query_token_for_read_methods(emu: SlackEmulator) -> None:
    url = f"{emu.api_url}users.info?token={emu.bot_token}&user={ALICE}"
    with urllib.request.urlopen(url) as response:
        assert json.loads(response.read())["user"]["name"] == "alice"


def test_reset_forgets_activity_but_keeps_people_and_channels(
    client: WebClient, emu: SlackEmulator
) -> None:
    client.chat_postMessage(channel=PROJ, text="old news")
    client.chat_postEphemeral(channel=PROJ, user=ALICE, text="psst")
    emu.fail_next("auth.test", error="account_inactive")
    emu.reset()
    assert emu.calls == [] and emu.messages(PROJ) == [] and emu.ephemerals() == []
    assert client.auth_test()["ok"]
    assert client.users_info(user=ALICE)["user"]["name"] == "alice"
    assert client.chat_postMessage(channel=PROJ, text="fresh")["ok"]


def test_a_revoked_bot_token_is_refused_until_restored_or_reset(client: WebClient, emu: SlackEmulator) -> None:
    emu.revoke_bot_token()
    for call in (client.auth_test, lambda: client.chat_postMessage(channel=PROJ, text="hi")):
        with pytest.raises(SlackApiError) as refused:
            call()
        assert refused.value.response["error"] == "token_revoked"
    emu.revoke_bot_token(False)
    assert client.auth_test()["ok"]
    emu.revoke_bot_token()
    emu.reset()
    assert client.auth_test()["ok"]


def test_chat_delete_answers_as_slack_does(client: WebClient, emu: SlackEmulator) -> None:
    """Slack's chat.delete: {ok, channel, ts}; only the bot's own messages; gone is message_not_found."""
    dm = client.chat_postMessage(channel=ALICE, text="about you")
    answer = client.chat_delete(channel=dm["channel"], ts=dm["ts"])
    assert answer.data == {"ok": True, "channel": dm["channel"], "ts": dm["ts"]}
    assert emu.messages(dm["channel"]) == []
    assert code(lambda: client.chat_delete(channel=dm["channel"], ts=dm["ts"])) == "message_not_found"
    assert code(lambda: client.chat_delete(channel="C0NOSUCH", ts=dm["ts"])) == "channel_not_found"
    theirs = emu.workspace.add_message(PROJ, text="mine", user=ALICE)
    assert code(lambda: client.chat_delete(channel=PROJ, ts=theirs["ts"])) == "cant_delete_message"
    assert [m["ts"] for m in emu.messages(PROJ)] == [theirs["ts"]]


def test_an_update_that_says_nothing_is_no_text(client: WebClient, emu: SlackEmulator) -> None:
    """chat.update lists no_text among its errors (slack-api-specs/web-api): an edit must carry content."""
    ts = client.chat_postMessage(channel=PROJ, text="draft")["ts"]
    bare = {"channel": PROJ, "ts": ts}  # api_call: chat_update() itself warns before sending this
    assert code(lambda: client.api_call("chat.update", json=bare)) == "no_text"
    assert code(lambda: client.api_call("chat.update", json={**bare, "text": "", "blocks": []})) == "no_text"
    assert emu.messages(PROJ)[0]["text"] == "draft" and "edited" not in emu.messages(PROJ)[0]


def test_a_deactivated_members_dm_cannot_be_opened(client: WebClient, emu: SlackEmulator) -> None:
    """conversations.open's errors include user_disabled (slack-api-specs/web-api)."""
    emu.add_user("U0GONE", name="gone", deleted=True)
    assert code(lambda: client.conversations_open(users="U0GONE")) == "user_disabled"
    assert code(lambda: client.conversations_open(users=f"{ALICE},U0GONE")) == "user_disabled"
    assert client.conversations_open(users=ALICE)["channel"]["id"]

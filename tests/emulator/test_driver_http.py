"""The driver against a real Bolt app over HTTP: signed requests Bolt accepts and parses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from bot.emulator import DriverError, SlackDriver, SlackEmulator
from bot.emulator.view_state import submission_state
from tests.emulator.bolt_harness import HttpBot, build_app
from tests.emulator.conftest import ALICE, ELSEWHERE, OWNER, PROJ, SECRET


@pytest.fixture
def bolt(emu: SlackEmulator) -> Iterator[tuple[SlackDriver, dict[str, list[Any]]]]:
    app, seen = build_app(emu)
    server = HttpBot(app)
    yield SlackDriver(emu, bot_url=server.url, signing_secret=emu.signing_secret), seen
    server.stop()


def test_slash_command_escapes_mentions_and_bolt_parses_every_field(
    bolt, emu: SlackEmulator
) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    reply = drv.slash(
        "/kickoff", '@alice "Site" due 2026-12-20 in #proj-site & more', user=OWNER, channel=PROJ
    )
    assert reply.status == 200 and reply.body == ""
    reply.wait()
    [command] = seen["command"]
    assert (
        command["text"]
        == '<@U0ALICE|alice> "Site" due 2026-12-20 in <#C0PROJ|proj-site> &amp; more'
    )
    assert (command["user_id"], command["user_name"], command["channel_name"]) == (
        OWNER,
        "olivia",
        "proj-site",
    )
    assert (command["team_id"], command["api_app_id"], command["command"]) == (
        "T0TANDEM",
        "A0TANDEM",
        "/kickoff",
    )
    assert command["response_url"].startswith(emu.base_url + "/response/") and command["trigger_id"]
    assert reply.ephemeral and "Kickoff saved" in reply.text and "Kickoff ready" in reply.text
    assert emu.ephemerals(PROJ, OWNER)[-1]["text"].startswith("Kickoff saved")
    assert emu.messages(PROJ) == []


def test_ack_body_is_the_reply(bolt) -> None:  # type: ignore[no-untyped-def]
    drv, _ = bolt
    reply = drv.slash("/echo", "hi <@U0ALICE>", user=OWNER, channel=PROJ).wait(timeout=1)
    assert reply.body == "echo hi <@U0ALICE>" == reply.text  # Bolt acks text as text/plain
    assert reply.ephemeral and not reply.timed_out


def test_click_on_an_ephemeral_reply_and_replace_original(bolt, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    reply = drv.slash("/kickoff", "x", user=OWNER, channel=PROJ).wait()
    with pytest.raises(DriverError):
        drv.click("approve", user=ALICE, message=reply.responses[0])
    with pytest.raises(DriverError):
        drv.click("missing", user=OWNER, message=reply.responses[0])
    clicked = drv.click("approve", user=OWNER, message=reply.responses[0]).wait()
    [(action, body)] = seen["action"]
    assert action["value"] == "42" and action["type"] == "button" and action["block_id"]
    assert body["container"]["is_ephemeral"] is True and "message" not in body
    assert body["user"]["id"] == OWNER and body["channel"] == {"id": PROJ, "name": "proj-site"}
    assert clicked.text == "Approved"
    assert [e["text"] for e in emu.ephemerals(PROJ, OWNER)] == ["Approved"]


def test_click_on_a_channel_message(bolt, emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    from tests.emulator.bolt_harness import APPROVAL

    client.chat_postMessage(channel=PROJ, text="Approve?", blocks=APPROVAL)
    message = emu.messages(PROJ)[-1]
    drv.click("approve", user=ALICE, message=message, value="42").wait()
    [(_, body)] = seen["action"]
    assert body["message"]["ts"] == message["ts"] and body["container"]["is_ephemeral"] is False
    assert body["message"]["blocks"][1]["elements"][0]["action_id"] == "approve"
    assert emu.messages(PROJ)[-1]["text"] == "Approved"


def test_modal_open_errors_click_and_submit(bolt, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    view = drv.slash("/form", "", user=OWNER, channel=PROJ).wait().view
    assert view is not None and view["id"] in emu.views
    good = {
        "title": {"title": "Site"},
        "kind": {"kind": "build"},
        "due": {"due": dt.date(2026, 12, 20)},
    }
    with pytest.raises(DriverError):
        drv.submit_view(view["id"], {**good, "kind": {"kind": "paint"}}, user=OWNER)
    bad = drv.submit_view(view["id"], {**good, "title": {"title": "bad"}}, user=OWNER)
    assert bad.body == {"response_action": "errors", "errors": {"title": "Too short"}}
    assert bad.text == "Too short" and view["id"] in emu.views
    more = drv.click("more", user=OWNER, view_id=view["id"]).wait()
    assert more.view["blocks"][-1]["text"]["text"] == "Extra details"
    assert seen["more"][0]["container"] == {"type": "view", "view_id": view["id"]}
    done = drv.submit_view(view["id"], good, user=OWNER)
    assert done.status == 200 and done.body == "" and view["id"] not in emu.views
    values = seen["submission"][-1]["state"]["values"]
    assert values["kind"]["kind"]["selected_option"]["value"] == "build"
    assert values["due"]["due"] == {"type": "datepicker", "selected_date": "2026-12-20"}
    assert values["who"]["who"] == {"type": "users_select", "selected_user": None}
    assert values["notes"]["notes"]["value"] == "none"
    assert seen["submission"][-1]["private_metadata"] == "C0PROJ"


def test_strict_submission_refuses_what_slack_refuses(bolt) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    view = drv.slash("/form", "", user=OWNER, channel=PROJ).wait().view
    with pytest.raises(DriverError, match="required input"):
        drv.submit_view(view["id"], {"title": {"title": "Site"}}, user=OWNER, strict=True)
    assert seen["submission"] == []


def test_message_events_thread_replies_and_dms(bolt, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    first = drv.post_message(ALICE, PROJ, "hello team").wait()
    assert [m["text"] for m in emu.messages(PROJ, thread_ts=first.posted["ts"])] == ["Got it"]
    event, _ = seen["message"][0]
    assert (
        event["channel_type"] == "channel" and event["user"] == ALICE and "thread_ts" not in event
    )
    drv.post_message(OWNER, PROJ, "and more", thread_ts=first.posted["ts"]).wait()
    event, _ = seen["message"][1]
    assert event["thread_ts"] == first.posted["ts"] and event["parent_user_id"] == ALICE
    direct = drv.post_message(ALICE, emu.bot_user_id, "psst").wait()
    assert direct.payload["event"]["channel_type"] == "im" and direct.payload["event"][
        "channel"
    ].startswith("D")
    with pytest.raises(DriverError):
        drv.post_message(ALICE, "C0SECRET", "let me in")


def test_event_envelope_and_retry_headers(bolt) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    event = {
        "type": "message",
        "user": ALICE,
        "text": "again",
        "ts": "1700000000.000100",
        "channel": PROJ,
    }
    reply = drv.event(event, event_id="Ev0RETRY", retry_num=1, retry_reason="http_timeout").wait()
    assert reply.status == 200
    envelope = reply.payload
    assert envelope["type"] == "event_callback" and envelope["event_id"] == "Ev0RETRY"
    assert (
        envelope["authorizations"][0]["user_id"] == "U0TANDEMBOT"
        and envelope["api_app_id"] == "A0TANDEM"
    )
    _, headers = seen["message"][0]
    assert headers["x-slack-retry-num"] == ["1"] and headers["x-slack-retry-reason"] == [
        "http_timeout"
    ]


def test_app_home_opened_and_url_verification(bolt, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    home = drv.open_home(OWNER).wait()
    assert home.view["type"] == "home" and emu.home_views(OWNER)["id"] == home.view["id"]
    assert seen["home"][0]["tab"] == "home" and "view" not in seen["home"][0]
    drv.open_home(OWNER).wait()
    assert seen["home"][1]["view"]["id"] == home.view["id"]
    check = drv.url_verification("c-123")
    assert check.status == 200 and check.body == {"challenge": "c-123"}


def test_bad_signature_and_stale_timestamp_get_401(bolt, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    drv, seen = bolt
    assert drv.slash("/kickoff", "x", user=OWNER, channel=PROJ, signature="bad").status == 401
    assert drv.slash("/kickoff", "x", user=OWNER, channel=PROJ, timestamp_offset=-600).status == 401
    wrong_secret = SlackDriver(emu, bot_url=drv.bot_url, signing_secret="not-the-secret")
    assert wrong_secret.post_message(ALICE, PROJ, "hi").status == 401
    assert seen["command"] == [] and seen["message"] == []


def test_user_change_carries_the_whole_member_after_the_change(bolt, emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]
    drv, _ = bolt
    reply = drv.change_user(ALICE, tz="Asia/Tokyo", real_name="Alice Moved")
    event = reply.payload["event"]
    assert event["type"] == "user_change" and isinstance(event["cache_ts"], int) and "." in event["event_ts"]
    member = event["user"]
    assert (member["id"], member["tz"], member["tz_offset"], member["profile"]["real_name"]) == (
        ALICE, "Asia/Tokyo", 9 * 3600, "Alice Moved")
    assert member == client.users_info(user=ALICE)["user"]  # what users.info now says
    with pytest.raises(DriverError):
        drv.change_user("U0NOBODY", tz="UTC")
    with pytest.raises(DriverError):
        drv.change_user(ALICE, is_bot=True)


def test_pickers_send_only_what_a_slack_picker_can_pick() -> None:
    """selected_date is YYYY-MM-DD and selected_time HH:mm (Block Kit reference); else it is a forgery."""
    def block(kind: str) -> dict[str, Any]:
        return {"type": "input", "block_id": kind, "label": {"type": "plain_text", "text": kind},
                "element": {"type": kind, "action_id": kind}}

    view = {"id": "V1", "blocks": [block("datepicker"), block("timepicker")]}
    good = submission_state(view, {"datepicker": {"datepicker": "2026-12-21"},
                                   "timepicker": {"timepicker": "09:05"}}, force=False)
    assert good["datepicker"]["datepicker"]["selected_date"] == "2026-12-21"
    assert good["timepicker"]["timepicker"]["selected_time"] == "09:05"
    for values in ({"datepicker": {"datepicker": "21/12/2026"}}, {"datepicker": {"datepicker": "2026-02-30"}},
                   {"timepicker": {"timepicker": "9:05"}}, {"timepicker": {"timepicker": "25:00"}}):
        with pytest.raises(DriverError, match="cannot pick"):
            submission_state(view, values, force=False)
    forged = submission_state(view, {"datepicker": {"datepicker": "tomorrow"}}, force=True)
    assert forged["datepicker"]["datepicker"]["selected_date"] == "tomorrow"


def test_answers_slack_refuses_in_silence_are_noted(bolt, emu: SlackEmulator) -> None:  # type: ignore[no-untyped-def]
    """Slack tells the bot nothing when it cannot show an ack (the user sees an error): emu.refusals."""
    drv, _ = bolt
    drv.slash("/echo", "fine", user=OWNER, channel=PROJ).wait(timeout=1)
    assert emu.refusals == []
    drv.slash("/wide", "", user=OWNER, channel=PROJ)
    assert emu.refusals == ["ack of /wide: no more than 50 items allowed [json-pointer:/blocks]"]
    view = drv.slash("/form", "", user=OWNER, channel=PROJ).wait().view
    drv.submit_view(view["id"], {"title": {"title": "ghost"}}, user=OWNER)
    assert emu.refusals[1] == f"view_submission ack for {view['id']}: errors for non-input blocks: ['nowhere']"
    emu.reset()
    assert emu.refusals == []


def test_a_command_is_typed_only_where_the_user_is_a_member(bolt) -> None:  # type: ignore[no-untyped-def]
    """A non-member sees "Join channel" (public) or nothing (private) where the message box would be."""
    drv, seen = bolt
    for channel in (SECRET, ELSEWHERE):
        with pytest.raises(DriverError, match="not in"):
            drv.slash("/kickoff", "", user=ALICE, channel=channel)
    assert seen["command"] == []
    drv.slash("/kickoff", "", user=OWNER, channel=ELSEWHERE)  # a member, though the app is not there
    assert len(seen["command"]) == 1

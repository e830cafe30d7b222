"""response_url posts act like hooks.slack.com: ephemeral/in_channel, replace/delete, 5 uses."""

from __future__ import annotations

from slack_sdk.webhook import WebhookClient

from bot.emulator import SlackEmulator
from bot.emulator.escaping import escape_command_text
from tests.emulator.conftest import ALICE, OWNER, PROJ


def test_ephemeral_by_default_and_in_channel_on_request(emu: SlackEmulator) -> None:
    hook = WebhookClient(emu.new_response_url(PROJ, OWNER))
    assert hook.send(text="just you").body == "ok"
    assert hook.send(text="everyone", response_type="in_channel").status_code == 200
    assert [e["text"] for e in emu.ephemerals(PROJ, OWNER)] == ["just you"]
    assert [m["text"] for m in emu.messages(PROJ)] == ["everyone"]
    assert [r["body"]["text"] for r in emu.responses] == ["just you", "everyone"]
    assert emu.responses[0]["ephemeral"] is True and emu.responses[1]["ephemeral"] is False


def test_replace_and_delete_original_message(emu: SlackEmulator, client) -> None:  # type: ignore[no-untyped-def]
    ts = client.chat_postMessage(channel=PROJ, text="Approve?")["ts"]
    hook = WebhookClient(emu.new_response_url(PROJ, ALICE, message_ts=ts))
    hook.send(text="Approved by Alice", replace_original=True)
    assert [m["text"] for m in emu.messages(PROJ)] == ["Approved by Alice"]
    hook.send(delete_original=True)
    assert emu.messages(PROJ) == []


def test_errors_and_the_five_use_limit(emu: SlackEmulator) -> None:
    hook = WebhookClient(emu.new_response_url(PROJ, OWNER))
    empty = hook.send_dict({"response_type": "ephemeral"})
    assert (empty.status_code, empty.body) == (400, "no_text")
    for i in range(5):
        assert hook.send(text=f"update {i}").status_code == 200
    spent = hook.send(text="one more")
    assert (spent.status_code, spent.body) == (404, "used_url")
    unknown = WebhookClient(emu.base_url + "/response/nope").send(text="x")
    assert (unknown.status_code, unknown.body) == (404, "no_service")


def test_command_text_escaping_like_should_escape(emu: SlackEmulator) -> None:
    ws = emu.workspace
    assert escape_command_text(ws, "@alice and @olivia") == "<@U0ALICE|alice> and <@U0OWNER|olivia>"
    assert (
        escape_command_text(ws, "ping @here in #proj-site.")
        == "ping <!here> in <#C0PROJ|proj-site>."
    )
    assert escape_command_text(ws, "<@U0ALICE|alice> kept") == "<@U0ALICE|alice> kept"
    assert escape_command_text(ws, "a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d"
    assert (
        escape_command_text(ws, "@stranger mail me@alice.com #nochannel")
        == "@stranger mail me@alice.com #nochannel"
    )

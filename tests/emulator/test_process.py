"""The emulator served from a child process: set up, posted to, read back and stopped from the parent."""

from __future__ import annotations

import os

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.emulator.process import EmulatorProcess


def test_a_child_process_serves_the_web_api_and_answers_queries_about_it():
    with EmulatorProcess(bot_token="xoxb-child") as emu:
        emu.add_channel("C0CHILD", name="child", members=[])
        emu.enforce_rate_limits(per_channel_per_sec=1, burst=1)
        client = WebClient(token="xoxb-child", base_url=emu.api_url)
        assert client.chat_postMessage(channel="C0CHILD", text="first")["ok"]
        with pytest.raises(SlackApiError) as refused:  # the child's token bucket, not this process's
            client.chat_postMessage(channel="C0CHILD", text="second")
        assert refused.value.response.status_code == 429
        first, second = emu.calls_to("chat.postMessage")
        assert (first.ok, first.args["text"], second.status) == (True, "first", 429)
        assert [m["text"] for m in emu.messages("C0CHILD")] == ["first"]
        assert emu.call("calls_to", "chat.postMessage")[0].args["channel"] == "C0CHILD"
        assert emu.pid not in (None, os.getpid())
    assert emu.pid is None
    with pytest.raises(OSError):  # stopped: nobody serves the port any more
        WebClient(token="xoxb-child", base_url=emu.api_url, timeout=2).chat_postMessage(channel="C0CHILD", text="x")


def test_errors_in_the_child_are_raised_in_the_parent_and_only_named_methods_cross():
    with EmulatorProcess() as emu:
        with pytest.raises(TypeError):
            emu.add_user()  # SlackEmulator.add_user needs a user id
        with pytest.raises(AttributeError):
            emu.stop_socket_mode  # noqa: B018  (not in CALLS)
        emu.add_user("U0AFTER")  # the child still serves after an error
        assert emu.calls_to("users.info") == []

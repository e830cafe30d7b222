"""Deferred payloads: built when posted, once per post, and not kept afterwards."""

from __future__ import annotations

from bot.slack.blocks.common import Deferred, message, mrkdwn


def test_a_deferred_payload_is_built_once_per_post_and_let_go_after():
    built: list[str] = []

    def build(text: str) -> dict:  # type: ignore[type-arg]
        built.append(text)
        return message(text, [mrkdwn(text)])

    expected = message("hello", [mrkdwn("hello")])
    payload = Deferred(build, "hello")
    assert built == []  # queued: nothing built yet

    def post(**kwargs):  # type: ignore[no-untyped-def]  # how jobs.delivery hands it to chat_postMessage
        return kwargs

    assert post(channel="C1", **payload) == {"channel": "C1", **expected}
    assert built == ["hello"]  # once for the keys and the values
    assert payload._unread is None  # nothing held after the post
    assert dict(payload) == expected and payload["text"] == "hello" and len(payload) == 2

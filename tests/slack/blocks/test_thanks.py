"""The thanks post: whatever the reason says, it never pings a whole channel."""

from __future__ import annotations

import json

import pytest

from bot.emulator.blockkit import validate_message_blocks
from bot.slack.blocks.thanks import build_thanks_post, build_thanks_sent


def test_thanks_reads_naturally() -> None:
    post = build_thanks_post("U0OWNER", "U0MARIA", "for shipping the homepage")
    assert post["text"] == ":raised_hands: <@U0OWNER> thanks <@U0MARIA> for shipping the homepage"
    assert build_thanks_post("U0OWNER", "U0MARIA", "great launch")["text"].endswith("<@U0MARIA>: great launch")
    assert validate_message_blocks(post["blocks"]) == []


@pytest.mark.parametrize("reason", [
    "for <!channel> the launch", "for <!here> it", "for <!everyone>", "for <!subteam^S123|team>",
    "for @channel and @here and @everyone", "for <!channel|channel>",
])
def test_thanks_can_never_ping_a_channel(reason: str) -> None:
    post = build_thanks_post("U0OWNER", "U0MARIA", reason)
    for payload in (post["text"], json.dumps(post["blocks"], ensure_ascii=False)):
        assert "<!" not in payload
        for word in ("@channel", "@here", "@everyone"):
            assert word not in payload


def test_mentions_of_people_stay_mentions() -> None:
    post = build_thanks_post("U0OWNER", "U0MARIA", "for helping <@U0DEV|dev>")
    assert "<@U0DEV|dev>" in post["text"]


def test_confirmation() -> None:
    assert "<@U0MARIA>" in build_thanks_sent("U0MARIA")["text"]

"""The thanks posted in the channel, and the giver's own confirmation."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks.common import message, mrkdwn, user_text


def build_thanks_post(from_user: str, to_user: str, reason: str) -> dict[str, Any]:
    """':raised_hands: @olivia thanks @maria for …', the reason escaped so it can never ping a channel."""
    safe = user_text(reason, 1000)
    joiner = " " if reason.lower().startswith("for ") else ": "
    text = f":raised_hands: <@{from_user}> thanks <@{to_user}>{joiner}{safe}"
    return message(text, [mrkdwn(text)])


def build_thanks_sent(to_user: str) -> dict[str, Any]:
    """The giver's ephemeral confirmation."""
    text = f":white_check_mark: Your thanks to <@{to_user}> is posted in the channel."
    return message(text, [mrkdwn(text)])

"""The thanks posted in the channel, and the giver's own confirmation."""

from __future__ import annotations

from typing import Any

from bot.slack import ids, metadata
from bot.slack.blocks import forms
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


def build_thanks_modal(channel_id: str) -> dict[str, Any]:
    """The /thanks form: who, and what for; posted in the channel it was opened from."""
    return forms.modal(
        ids.THANKS_MODAL,
        "Say thanks",
        [
            forms.user_select(ids.RECIPIENT, "Who do you want to thank?"),
            forms.text_input(ids.REASON, "What for?", multiline=True, max_length=1000,
                             placeholder="for shipping the homepage a day early"),
        ],
        submit="Post thanks",
        private_metadata=metadata.seal({"channel_id": channel_id}),
    )

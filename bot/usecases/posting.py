"""Posting what a use case decided, after its transaction committed."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.client import CANNOT_POST

logger = logging.getLogger(__name__)


def announce(client: WebClient, channel_id: str, payload: dict[str, Any], thread_ts: str | None = None) -> str | None:
    """Tell the channel; the message ts, or None when the bot was removed from it (the change is already saved)."""
    try:
        return client.chat_postMessage(channel=channel_id, thread_ts=thread_ts, **payload)["ts"]
    except SlackApiError as error:
        if error.response.get("error") in CANNOT_POST:
            logger.info("could not announce in %s: %s", channel_id, error.response.get("error"))
            return None
        raise

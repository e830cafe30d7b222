"""The bot's Web API client, apart from the Bolt app so workers need not import Bolt and every listener."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.observability.slack_calls import CountRateLimits
from bot.runtime import Runtime

# Slack's answers when the bot cannot post in a channel at all: removed from it, or it is gone or archived.
# Retrying will not help until someone acts, so the person who can is told (kickoff, channel_problems).
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
# Longest Retry-After a call sleeps through. Longer ones (the history tier's minute) come back to the
# caller as the 429 at once: a delivery defers its key to a later tick instead of a worker sleeping.
MAX_RETRY_AFTER = 5.0


class BriefRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Retry a 429 after its Retry-After, unless that is longer than MAX_RETRY_AFTER."""

    def _can_retry(self, *, state: Any, request: Any, response: Any = None, error: Any = None) -> bool:
        if response is None or response.status_code != 429:
            return False
        waits = [v for k, v in (response.headers or {}).items() if k.lower() == "retry-after"]
        try:
            wait = float(waits[0][0] if isinstance(waits[0], list) else waits[0]) if waits else 1.0
        except (TypeError, ValueError, IndexError):
            wait = 1.0
        return wait <= MAX_RETRY_AFTER


def make_client(runtime: Runtime, *, for_deliveries: bool = False) -> WebClient:
    """A Web API client that honours Retry-After on 429 and retries Slack's 5xx.

    In OAuth mode the deliveries' client is a bot.slack.teams.TeamClients (a token per workspace), and
    the others carry no token: Bolt gives each request a client with its own workspace's token.

    A dropped connection is ambiguous: Slack may have posted before the reply was lost. Listeners
    retry it; scheduled deliveries must not, because the ledger then looks the message up in the
    channel's history before posting again, which is the only way to never post twice.
    """
    settings = runtime.settings

    def handlers() -> list:
        chosen = [CountRateLimits(),  # first: it sees each 429 before a handler that retries it
                  BriefRateLimitRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)]
        if not for_deliveries:
            chosen.append(ConnectionErrorRetryHandler(max_retry_count=2))
        return chosen

    if settings.oauth_mode and for_deliveries:  # Add to Slack: each workspace with its own token
        from bot.slack.installations import store_for
        from bot.slack.teams import TeamClients

        return TeamClients(store=store_for(runtime), client_id=settings.slack_client_id,
                           client_secret=settings.slack_client_secret, base_url=settings.slack_api_url,
                           make_handlers=handlers)
    return WebClient(token=settings.slack_bot_token or None, base_url=settings.slack_api_url, timeout=15,
                     retry_handlers=handlers())

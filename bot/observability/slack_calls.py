"""Count the 429s Slack's Web API answers Tandem's clients, retried or not."""

from __future__ import annotations

from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.observability import metrics


class CountRateLimits(RetryHandler):
    """First among a client's retry handlers: sees every error answer (the client asks its handlers in order
    and stops at the first that retries), counts the 429s, and never asks for a retry itself."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=0)

    def can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                  error: Exception | None = None) -> bool:
        if response is not None and response.status_code == 429:
            metrics.slack_rate_limited()
        return False

"""A WebClient that shows each of Slack's answers to observers (the token guard, forgetting a revoked install).

Its own module, below both the client factory (bot/slack/client.py) and the per-workspace clients
(bot/slack/teams.py) that build on it, so neither imports the other to reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack.keepalive import KeepAliveClient

# Sees each of Slack's answers: the Web API method and the answer's JSON body ({} if it had none).
Observer = Callable[[str, Mapping[str, Any]], None]


class ObservedClient(KeepAliveClient):
    """A WebClient that shows every answer, `ok` or not, to its observers (e.g. jobs/token_guard.py).

    Its calls reuse kept-alive connections (bot.slack.keepalive).

    Every Web API method of slack-sdk's client goes through the public `api_call`, so this is the one
    place to see them all, after the retry handlers are done and whether the call raised or not.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observers: list[Observer] = []

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            self._show(api_method, error.response)
            raise
        self._show(api_method, response)
        return response

    def _show(self, api_method: str, response: SlackResponse) -> None:
        body = response.data if isinstance(response.data, dict) else {}
        for observer in self.observers:
            observer(api_method, body)

"""The sweeps' Web API client in OAuth mode: every workspace is posted to with its own bot token.

Sweeps take one `WebClient` and every message they send carries its engagement's `team_id`
(jobs.delivery.Outgoing). In single-token mode that one client is used for every item. In OAuth mode
it is a `TeamClients`, a WebClient without a token (a call made on it directly fails `not_authed`
rather than reach a workspace with another's token) that hands out one client per installed
workspace: `team_client(client, team_id)`. A workspace without a stored token (never installed,
uninstalled, tokens revoked) gets None and its messages are not claimed: its duties stop until it
installs Tandem again. Bot tokens that expire (Slack's token rotation) are refreshed here, as Bolt's
authorize refreshes them for requests, and saved back sealed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator
from slack_sdk.oauth.token_rotation.rotator import SlackTokenRotationError

from bot.slack.installations import CachedInstallations
from bot.slack.observed_client import ObservedClient

logger = logging.getLogger(__name__)

DEFAULT_ROTATION_MINUTES = 120  # refresh a rotating token this long before it expires (Bolt's default)
T = TypeVar("T")


REJECTED = frozenset({"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"})


class ForgetOnRejection:
    """Sees a workspace client's answers; when Slack calls its token no good, drops the cached installation
    so the next look reads the database (an uninstall handled by another process shows at once)."""

    def __init__(self, store: CachedInstallations, team_id: str) -> None:
        self.store, self.team_id = store, team_id

    def __call__(self, api_method: str, body: Mapping[str, Any]) -> None:
        if body.get("error") in REJECTED:
            logger.warning("Slack refused workspace %s's token (%s)", self.team_id, body.get("error"))
            self.store.forget(self.team_id)


class TeamClients(ObservedClient):
    """A token-less WebClient that lends each workspace a client with its own token (see the module)."""

    def __init__(self, *, store: CachedInstallations, client_id: str, client_secret: str, base_url: str,
                 make_handlers: Callable[[], list], rotation_minutes: int = DEFAULT_ROTATION_MINUTES) -> None:
        super().__init__(token=None, base_url=base_url, timeout=15, retry_handlers=make_handlers())
        self.store, self.make_handlers, self.rotation_minutes = store, make_handlers, rotation_minutes
        self.rotator = TokenRotator(client_id=client_id, client_secret=client_secret,
                                    client=WebClient(base_url=base_url, timeout=15))
        self._lock = threading.Lock()
        self._rotating = threading.Lock()
        self._clients: dict[str, WebClient] = {}  # by token: a rotated token gets a new client

    def stored(self, team_id: str) -> Bot | None:
        """The workspace's installation when it holds a bot token (the store's cache; no call to Slack)."""
        bot = self.store.find_bot(enterprise_id=None, team_id=team_id)
        return bot if bot is not None and bot.bot_token else None

    def for_team(self, team_id: str) -> WebClient | None:
        """A client with the workspace's current bot token, or None when it has none stored."""
        bot = self.stored(team_id)
        if bot is None:
            return None
        if bot.bot_refresh_token:
            with self._rotating:  # the delivery threads share one refresh: a refresh token is spent once
                bot = self.store.find_bot(enterprise_id=None, team_id=team_id) or bot
                try:
                    refreshed = self.rotator.perform_bot_token_rotation(
                        bot=bot, minutes_before_expiration=self.rotation_minutes)
                except SlackTokenRotationError:
                    logger.error("refreshing workspace %s's bot token failed; its duties wait", team_id)
                    return None
                if refreshed is not None:
                    self.store.save_bot(refreshed)
                    bot = refreshed
        token = bot.bot_token
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                client = ObservedClient(token=token, base_url=self.base_url, timeout=self.timeout,
                                        team_id=team_id, retry_handlers=self.make_handlers())
                client.observers.append(ForgetOnRejection(self.store, team_id))
                self._clients[token] = client
            return client


def team_client(client: WebClient, team_id: str) -> WebClient | None:
    """The client to use for one workspace: itself in single-token mode, that workspace's in OAuth mode."""
    return client.for_team(team_id) if isinstance(client, TeamClients) else client


def serves(client: WebClient, team_id: str) -> bool:
    """Whether the client can talk to that workspace now (always, in single-token mode)."""
    return team_client(client, team_id) is not None


def installed(client: WebClient, team_id: str) -> bool:
    """Whether the workspace has a bot token stored (always, in single-token mode), asked of the store alone:
    no token refresh, no call to Slack, as a dry run must not make one."""
    return not isinstance(client, TeamClients) or client.stored(team_id) is not None


def served(client: WebClient, items: Iterable[T], team_of: Callable[[T], str],
           reach: Callable[[WebClient, str], bool] = serves) -> list[T]:
    """The items whose workspace the client can reach; the others wait (logged once per workspace).

    `reach`: whether a workspace can be reached (`serves`, which may refresh its token; `installed` in a dry run).
    """
    items = list(items)
    if not isinstance(client, TeamClients):
        return items
    reachable: dict[str, bool] = {}
    kept = []
    for item in items:
        team = team_of(item)
        if team not in reachable:
            reachable[team] = reach(client, team)
            if not reachable[team]:
                logger.info("workspace %s has no installation: its scheduled messages wait", team)
        if reachable[team]:
            kept.append(item)
    return kept

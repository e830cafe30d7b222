"""SlackEmulator: a local Slack (Web API over HTTP, Socket Mode over WebSocket) for tests/sandbox.

It binds 127.0.0.1 only and serves from daemon threads, so a test can start one per test and point
the bot's WebClient (base_url=emu.api_url) and SocketModeHandler at it without touching slack.com.
"""

from __future__ import annotations

import logging
import secrets
import threading

from bot.emulator import ids
from bot.emulator.faults import Faults
from bot.emulator.httpd import EmulatorHTTPServer
from bot.emulator.oauth import OAuthInstalls
from bot.emulator.queries import EmulatorQueries
from bot.emulator.seeding import WorkspaceSeeding
from bot.emulator.socket_mode import SocketModeServer
from bot.emulator.tiers import HistoryTier
from bot.emulator.webapi import ApiCall
from bot.emulator.workspace import ResponseHook, User, Workspace

logger = logging.getLogger(__name__)

DEFAULT_SCOPES = tuple(
    "commands chat:write chat:write.public im:write im:history channels:history groups:history"
    " channels:read groups:read users:read reactions:write".split()  # manifest.yml's bot scopes
)


class SlackEmulator(WorkspaceSeeding, EmulatorQueries, OAuthInstalls):
    """One emulated workspace with one installed app (Tandem) and its bot user."""

    bot_user_id = "U0TANDEMBOT"
    bot_id = "B0TANDEM"
    app_id = "A0TANDEM"

    def __init__(
        self,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
        signing_secret: str = "secret",
        *,
        port: int = 0,
        socket_port: int = 0,
        team_id: str = "T0TANDEM",
        team_name: str = "Tandem",
        team_domain: str = "tandem",
        bot_name: str = "tandem",
        trigger_ttl: float = 3.0,
        scopes: list[str] | None = None,
        history_tier: str = "2025",
    ) -> None:
        self.bot_token, self.app_token, self.signing_secret = bot_token, app_token, signing_secret
        self.verification_token = "vErIfIcAtIoNtOkEn0emulator"
        self.bot_token_revoked = False  # set by revoke_bot_token(): every bot call answers token_revoked
        self.team_id, self.trigger_ttl = team_id, trigger_ttl
        self.scopes: list[str] = list(DEFAULT_SCOPES if scopes is None else scopes)
        self.meta = {
            "team_id": team_id,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
            "bot_name": bot_name,
        }
        self.workspace = Workspace(team_id, team_name, team_domain, self.app_id, self.bot_id)
        self.faults = Faults()
        self._init_oauth()  # Add to Slack: codes, and a bot token per installed workspace (emulator/oauth.py)
        # conversations.history/replies: 1 call a minute, 15 a page ("2025"), or "legacy" (tiers.py).
        self.history_tier = HistoryTier(history_tier)
        self.socket = SocketModeServer(self)
        self._calls: list[ApiCall] = []
        self._port, self._socket_port = port, socket_port
        self._http: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = self.api_url = self.socket_url = ""
        bot = User(self.bot_user_id, bot_name, real_name=bot_name.title(), is_bot=True)
        bot.bot_id, bot.app_id = self.bot_id, self.app_id
        slackbot = User("USLACKBOT", "slackbot", real_name="Slackbot", tz="America/Los_Angeles")
        self.workspace.users.update({bot.id: bot, slackbot.id: slackbot})

    @property
    def team_domain(self) -> str:
        """The workspace subdomain (tandem.slack.com)."""
        return self.workspace.team["domain"]

    def start(self) -> SlackEmulator:
        """Start the HTTP and WebSocket servers; returns self for chaining."""
        if self._http is not None:
            return self
        self._http = EmulatorHTTPServer(("127.0.0.1", self._port), self)
        port = self._http.server_address[1]
        self.base_url = f"http://127.0.0.1:{port}"
        self.api_url = f"{self.base_url}/api/"
        self.socket_url = self.socket.start(self._socket_port)
        self._thread = threading.Thread(
            target=self._http.serve_forever, args=(0.05,), name="slack-emulator", daemon=True
        )
        self._thread.start()
        logger.info("Slack emulator on %s (socket mode %s)", self.base_url, self.socket_url)
        return self

    def stop(self) -> None:
        """Stop both servers and release their sockets."""
        self.faults.release_all()
        self.socket.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http.close_connections()
            self._http = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def dm_channel(self, user_id: str) -> str:
        """The id of the app's DM with a user (opening it like conversations.open would)."""
        return self.workspace.dm_with(user_id, self.bot_user_id).id

    def mint_trigger(self, user_id: str, view_id: str | None = None) -> str:
        """Issue a trigger_id for an interaction by `user_id` (expires after trigger_ttl s)."""
        return self.workspace.mint_trigger(user_id, self.trigger_ttl, ids.trigger_id(), view_id)

    def new_response_url(
        self,
        channel_id: str | None,
        user_id: str,
        message_ts: str | None = None,
        is_ephemeral: bool = False,
        thread_ts: str | None = None,
    ) -> str:
        """Issue a response_url whose posts land in `channel_id` for `user_id`."""
        hook_id = f"{self.team_id}-{ids.next_number()}-{secrets.token_hex(12)}"
        url = f"{self.base_url}/response/{hook_id}"
        hook = ResponseHook(hook_id, url, channel_id, user_id, message_ts, is_ephemeral, thread_ts)
        with self.workspace.lock:
            self.workspace.hooks[hook_id] = hook
        return url

    def socket_disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's {"type": "disconnect"} to every Socket Mode client."""
        self.socket.disconnect(reason)

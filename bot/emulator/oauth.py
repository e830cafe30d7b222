"""Add to Slack in the emulator: oauth.v2.access with the codes it issues, and a bot token per workspace.

The emulated Slack keeps one store of people and conversations; each installed workspace is a team
id with its own bot token (and, with token rotation on, a refresh token and an expiry), so auth.test
answers per token and the call log shows which token every call carried. `issue_oauth_code` plays
the person clicking Allow on slack.com: the code it returns goes to the app's redirect, and the app
trades it at oauth.v2.access (client id and secret by HTTP Basic auth or form fields, as slack-sdk
sends them). The answer has the shape of slack-reference/web-api-shapes/api/oauth.v2.access.json.
`uninstall(team_id)` revokes the workspace's tokens (calls answer token_revoked); the driver sends
the app_uninstalled / tokens_revoked events.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.registry import ApiError, Context, method, text_arg


@dataclass
class TeamInstall:
    """One workspace's installation of the app: who it is, the token it was given, whether it still works."""

    team_id: str
    team_name: str
    installer: str
    token: str
    refresh_token: str | None = None
    expires_at: float | None = None  # epoch seconds (token rotation)
    revoked: bool = False
    scopes: list[str] = field(default_factory=list)


class OAuthInstalls:
    """Mixin for SlackEmulator: the OAuth app's credentials, issued codes and every workspace's tokens."""

    oauth_client: tuple[str, str] | None = None
    rotation_seconds: int | None = None  # token rotation: access tokens expire after this many seconds

    def _init_oauth(self) -> None:
        self._oauth_lock = threading.Lock()
        self.installs: dict[str, TeamInstall] = {}  # token -> installation
        self._codes: dict[str, tuple[str, str, str]] = {}  # code -> (team id, team name, installer)
        self._refresh: dict[str, str] = {}  # refresh token -> access token it renews

    def configure_oauth(self, client_id: str, client_secret: str, *, rotation_seconds: int | None = None) -> None:
        """Register the app's client id and secret (and turn token rotation on with an expiry)."""
        self.oauth_client = (client_id, client_secret)
        self.rotation_seconds = rotation_seconds

    def issue_oauth_code(self, team_id: str, team_name: str = "", installer: str = "U0INSTALLER") -> str:
        """A one-time code, as Slack appends to the redirect after a person allows the install."""
        code = f"{team_id}.{secrets.token_hex(8)}"
        with self._oauth_lock:
            self._codes[code] = (team_id, team_name or team_id.lower(), installer)
        return code

    def install_team(self, team_id: str, team_name: str = "", installer: str = "U0INSTALLER") -> str:
        """A workspace installed without the code dance (benchmarks, seeded tests): its new bot token."""
        with self._oauth_lock:
            return self._new_install(team_id, team_name or team_id.lower(), installer).token

    def install_of(self, token: str | None) -> TeamInstall | None:
        """The installation a bot token belongs to (None: not an OAuth-issued token)."""
        with self._oauth_lock:
            return self.installs.get(token or "")

    def tokens_of(self, team_id: str) -> list[str]:
        """Every bot token issued to a workspace, oldest first."""
        with self._oauth_lock:
            return [token for token, install in self.installs.items() if install.team_id == team_id]

    def uninstall(self, team_id: str) -> None:
        """The workspace removed the app: every token it was given answers token_revoked from now on."""
        with self._oauth_lock:
            for install in self.installs.values():
                if install.team_id == team_id:
                    install.revoked = True

    def reset_oauth(self) -> None:
        """Forget every installation, code and the OAuth app (tests start from none)."""
        with self._oauth_lock:
            self.installs.clear()
            self._codes.clear()
            self._refresh.clear()
        self.oauth_client, self.rotation_seconds = None, None

    def _new_install(self, team_id: str, team_name: str, installer: str) -> TeamInstall:
        rotating = self.rotation_seconds is not None
        if rotating:  # as long as Slack's rotating tokens (~170 and ~160 characters)
            token = f"xoxe.xoxb-1-{_opaque(team_id, 150)}"
        else:
            token = f"xoxb-{team_id}-{secrets.token_hex(12)}"
        install = TeamInstall(team_id, team_name, installer, token, scopes=list(self.scopes))  # type: ignore[attr-defined]
        if rotating:
            install.refresh_token = f"xoxe-1-{_opaque(team_id, 150)}"
            install.expires_at = time.time() + (self.rotation_seconds or 0)
            self._refresh[install.refresh_token] = token
        self.installs[token] = install
        return install


def _opaque(team_id: str, length: int) -> str:
    """Base64-looking characters, as Slack's rotating tokens carry after their prefix."""
    body = base64.urlsafe_b64encode(f"2-{team_id}-".encode() + secrets.token_bytes(length)).decode().rstrip("=")
    return body[:length]


def _client_ok(ctx: Context, args: dict[str, Any]) -> None:
    emu = ctx.emu
    if emu.oauth_client is None:
        raise ApiError("invalid_client_id")
    client_id, client_secret = emu.oauth_client
    if text_arg(args, "client_id") != client_id:
        raise ApiError("invalid_client_id")
    if text_arg(args, "client_secret") != client_secret:
        raise ApiError("bad_client_secret")


def _answer(install: TeamInstall, emu: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ok": True,
        "app_id": emu.app_id,
        "authed_user": {"id": install.installer},
        "scope": ",".join(install.scopes),
        "token_type": "bot",
        "access_token": install.token,
        "bot_user_id": emu.bot_user_id,
        "team": {"id": install.team_id, "name": install.team_name},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if install.refresh_token is not None and install.expires_at is not None:
        body["refresh_token"] = install.refresh_token
        body["expires_in"] = max(0, int(install.expires_at - time.time()))
    return body


@method("oauth.v2.access", token_kind="none")
def oauth_v2_access(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Trade a code (or, with token rotation, a refresh token) for a workspace's bot token."""
    emu = ctx.emu
    _client_ok(ctx, args)
    with emu._oauth_lock:
        if text_arg(args, "grant_type") == "refresh_token":
            old = emu._refresh.pop(text_arg(args, "refresh_token") or "", None)
            previous = emu.installs.get(old or "")
            if previous is None or previous.revoked:
                raise ApiError("invalid_refresh_token")
            install = emu._new_install(previous.team_id, previous.team_name, previous.installer)
            return _answer(install, emu)
        code = text_arg(args, "code")
        if not code:
            raise ApiError("invalid_code")
        issued = emu._codes.pop(code, None)
        if issued is None:
            raise ApiError("invalid_code")
        return _answer(emu._new_install(*issued), emu)

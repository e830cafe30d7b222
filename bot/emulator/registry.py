"""The plumbing every Web API method handler shares: registration, errors, argument coercion.

Handlers receive arguments exactly as Slack does: strings from form bodies, typed values from JSON
bodies. The helpers here coerce both the way Slack's parser does, so handlers stay small.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.emulator.workspace import Workspace

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator


class ApiError(Exception):
    """An ok:false answer: Slack error code plus any extra fields (needed/provided, errors...)."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


def invalid_arguments(*problems: str) -> ApiError:
    """Slack's answer to a malformed argument: invalid_arguments with [ERROR] lines."""
    return ApiError(
        "invalid_arguments", response_metadata={"messages": [f"[ERROR] {p}" for p in problems]}
    )


@dataclass
class Context:
    """What a handler may use: the emulator (config), its workspace, and the caller's token kind."""

    emu: SlackEmulator
    ws: Workspace
    token: str
    token_kind: str  # "bot", "app", or "none" (oauth.v2.access authenticates the app, not a token)

    @property
    def team_id(self) -> str:
        """The workspace the token belongs to: an OAuth-installed one's, else the emulator's own team."""
        install = self.emu.install_of(self.token)
        return install.team_id if install is not None else self.emu.team_id

    @property
    def team_name(self) -> str:
        install = self.emu.install_of(self.token)
        return install.team_name if install is not None else self.ws.team["name"]

    @property
    def bot_user_id(self) -> str:
        """The bot's user id (the token's identity)."""
        return self.emu.bot_user_id

    def require_scope(self, scope: str) -> None:
        """Fail like Slack when the app's granted scopes lack `scope`."""
        if self.token_kind == "bot" and scope not in self.emu.scopes:
            raise ApiError("missing_scope", needed=scope, provided=",".join(self.emu.scopes))


Handler = Callable[[Context, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class MethodSpec:
    """A Web API method: its handler, the token type it takes, and whether GET is allowed."""

    name: str
    handler: Handler
    token_kind: str = "bot"


METHODS: dict[str, MethodSpec] = {}


def method(name: str, token_kind: str = "bot") -> Callable[[Handler], Handler]:
    """Register a handler for a Web API method name (e.g. "chat.postMessage")."""

    def register(handler: Handler) -> Handler:
        METHODS[name] = MethodSpec(name, handler, token_kind)
        return handler

    return register


def text_arg(args: dict[str, Any], name: str) -> str | None:
    """A string argument; numbers from JSON bodies are accepted like Slack does. Empty -> None."""
    value = args.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def flag_arg(args: dict[str, Any], name: str, default: bool = False) -> bool:
    """A boolean argument: true/1 (form strings) or JSON booleans."""
    value = args.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes")


def int_arg(args: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    """An integer argument clamped into Slack's accepted range; junk means the default."""
    try:
        value = int(str(args.get(name, default) or default))
    except ValueError:
        return default
    return max(low, min(high, value))


def float_arg(args: dict[str, Any], name: str) -> float | None:
    """A timestamp argument (oldest/latest); junk or missing means None."""
    raw = text_arg(args, name)
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None

"""Web API dispatch: authentication, injected faults, rate limits, handler call, call log.

Order follows Slack: unknown method, then auth (not_authed / invalid_auth / token type), then
throttling, then the method itself. Every outcome is an ok/error JSON body; errors stay HTTP 200
except rate limits (429 + Retry-After) and server faults (5xx).
"""

from __future__ import annotations

import copy
import json
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.emulator import (  # noqa: F401 - importing registers the method handlers
    ids,
    methods_chat,
    methods_conversations,
    methods_reactions,
    methods_users,
    methods_views,
    oauth,
)
from bot.emulator.faults import HOLD_LIMIT, Hold
from bot.emulator.registry import METHODS, ApiError, Context, text_arg

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApiCall:
    """One Web API call as the emulator saw it (args JSON-decoded, token separated)."""

    method: str
    args: dict[str, Any]
    token: str | None
    at: float
    ok: bool
    error: str | None
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class ApiResult:
    """The HTTP answer to a Web API call."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def _token_kind(emu: SlackEmulator, token: str | None) -> str:
    if not token:
        raise ApiError("not_authed")
    if token == emu.bot_token:
        if emu.bot_token_revoked:
            raise ApiError("token_revoked")
        return "bot"
    install = emu.install_of(token)
    if install is not None:  # a workspace's token from oauth.v2.access (emulator/oauth.py)
        if install.revoked:
            raise ApiError("token_revoked")
        if install.expires_at is not None and install.expires_at < time.time():
            raise ApiError("token_expired")
        return "bot"
    if token == emu.app_token:
        return "app"
    raise ApiError("invalid_auth")


def _run(emu: SlackEmulator, name: str, args: dict[str, Any], token: str | None) -> ApiResult:
    spec = METHODS.get(name)
    if spec is None:
        raise ApiError("unknown_method", req_method=name)
    kind = "none" if spec.token_kind == "none" else _token_kind(emu, token)  # oauth.v2.access: client auth
    if kind != spec.token_kind:
        raise ApiError("not_allowed_token_type")
    headers = {"x-oauth-scopes": ",".join(emu.scopes)} if kind == "bot" else {}
    fault = emu.faults.take(name)
    if fault is not None and fault.delay:
        time.sleep(fault.delay)
    if fault is not None and fault.answers:
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        return ApiResult(fault.status, {"ok": False, "error": fault.error}, headers)
    wait = emu.history_tier.retry_after(name)
    if wait is not None:
        return ApiResult(429, {"ok": False, "error": "ratelimited"}, {**headers, "Retry-After": str(wait)})
    if name == "chat.postMessage":
        wait = emu.faults.throttle(text_arg(args, "channel") or "")
        if wait is not None:
            return ApiResult(
                429, {"ok": False, "error": "ratelimited"}, {**headers, "Retry-After": str(wait)}
            )
    hold = emu.faults.take_hold(name)
    if hold is not None and not hold.handled:
        _wait(hold)
        return ApiResult(500, {"ok": False, "error": "fatal_error"}, headers)
    with emu.workspace.lock:
        body = spec.handler(Context(emu, emu.workspace, token or "", kind), args)
        body = json.loads(json.dumps(body))  # detach from live state before the lock is released
    if hold is not None:
        _wait(hold)
    return ApiResult(200, body, headers)


def _wait(hold: Hold) -> None:
    """Keep the caller waiting (outside the workspace lock) until the test releases the hold."""
    hold.reached.set()
    hold.released.wait(HOLD_LIMIT)


def dispatch(
    emu: SlackEmulator, name: str, args: dict[str, Any], token: str | None, warnings: list[str]
) -> ApiResult:
    """Answer one Web API call and append it to the emulator's call log."""
    try:
        result = _run(emu, name, args, token)
    except ApiError as err:
        result = ApiResult(200, {"ok": False, "error": err.code, **err.extra})
        if token == emu.bot_token:
            result.headers["x-oauth-scopes"] = ",".join(emu.scopes)
    except (
        Exception
    ):  # a handler bug must look like Slack's fatal_error, not kill the server thread
        logger.exception("emulator handler for %s failed", name)
        result = ApiResult(500, {"ok": False, "error": "fatal_error"})
    if warnings and result.body.get("ok"):
        result.body["warning"] = ",".join(warnings)
        meta = result.body.setdefault("response_metadata", {})
        meta["warnings"] = [*meta.get("warnings", []), *warnings]
    result.headers["x-slack-req-id"] = ids.request_id()
    call = ApiCall(
        method=name,
        args=copy.deepcopy(args),
        token=token,
        at=time.time(),
        ok=bool(result.body.get("ok")),
        error=result.body.get("error"),
        status=result.status,
        response=result.body,
    )
    emu.record_call(call)
    logger.debug("%s -> %s %s", name, result.status, result.body.get("error") or "ok")
    return result

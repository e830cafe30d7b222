"""auth.test, users.*, team.info, bots.info and apps.connections.open."""

from __future__ import annotations

import secrets
from typing import Any

from bot.emulator.methods_conversations import offset_page
from bot.emulator.registry import ApiError, Context, method, text_arg
from bot.emulator.shapes import team_json, user_json


@method("auth.test")
def auth_test(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Who the bot token belongs to; Bolt calls this at start-up."""
    emu = ctx.emu
    return {
        "ok": True,
        "url": f"https://{ctx.ws.team['domain']}.slack.com/",
        "team": ctx.team_name,
        "user": ctx.ws.users[emu.bot_user_id].name,
        "team_id": ctx.team_id,  # per token: each installed workspace's own
        "user_id": emu.bot_user_id,
        "bot_id": emu.bot_id,
        "is_enterprise_install": False,
    }


def _show_email(ctx: Context) -> bool:
    return "users:read.email" in ctx.emu.scopes


@method("users.info")
def users_info(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """One member, with tz/tz_label/tz_offset for the zone's offset right now."""
    ctx.require_scope("users:read")
    user = ctx.ws.users.get(text_arg(args, "user") or "")
    if user is None:
        raise ApiError("user_not_found")
    data = user_json(user, ctx.emu.team_id, _show_email(ctx))
    if text_arg(args, "include_locale") in ("true", "1"):
        data["locale"] = "en-US"
    return {"ok": True, "user": data}


@method("users.list")
def users_list(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """All members (Slackbot and bots included, as Slack lists them), cursor-paginated."""
    ctx.require_scope("users:read")
    members = [user_json(u, ctx.emu.team_id, _show_email(ctx)) for u in ctx.ws.users.values()]
    page, cursor = offset_page(members, args, "user", 1000)
    return {
        "ok": True,
        "members": page,
        "cache_ts": 0,
        "response_metadata": {"next_cursor": cursor},
    }


@method("users.lookupByEmail")
def users_lookup_by_email(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """A member by email address (needs users:read.email)."""
    ctx.require_scope("users:read.email")
    email = (text_arg(args, "email") or "").lower()
    user = next((u for u in ctx.ws.users.values() if u.email and u.email.lower() == email), None)
    if user is None:
        raise ApiError("users_not_found")
    return {"ok": True, "user": user_json(user, ctx.emu.team_id, True)}


@method("team.info")
def team_info(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """The workspace (needs team:read)."""
    ctx.require_scope("team:read")
    return {"ok": True, "team": team_json(ctx.ws.team)}


@method("bots.info")
def bots_info(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """The app's bot (the only bot the emulator knows)."""
    ctx.require_scope("users:read")
    emu = ctx.emu
    if text_arg(args, "bot") not in (None, emu.bot_id):
        raise ApiError("bot_not_found")
    bot = {
        "id": emu.bot_id,
        "deleted": False,
        "name": emu.meta["bot_name"],
        "updated": 1700000000,
        "app_id": emu.app_id,
        "user_id": emu.bot_user_id,
        "icons": {},
    }
    return {"ok": True, "bot": bot}


@method("apps.connections.open", token_kind="app")
def connections_open(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """A one-time Socket Mode WebSocket URL (app-level token only)."""
    ticket = secrets.token_hex(16)
    ctx.ws.tickets.add(ticket)
    return {
        "ok": True,
        "url": f"{ctx.emu.socket_url}/link/?ticket={ticket}&app_id={ctx.emu.app_id}",
    }

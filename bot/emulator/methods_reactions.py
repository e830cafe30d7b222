"""reactions.add / remove / get on stored messages."""

from __future__ import annotations

import re
from typing import Any

from bot.emulator.access import readable_channel
from bot.emulator.registry import ApiError, Context, method, text_arg
from bot.emulator.shapes import message_json

_NAME = re.compile(r"^[a-z0-9_+'-]+(::skin-tone-[2-6])?$")
_TS = re.compile(r"^\d{1,12}\.\d{1,6}$")


def _target(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """The message a reaction is for: no_item_specified without a timestamp, bad_timestamp for junk."""
    channel = readable_channel(ctx, text_arg(args, "channel"), must_be_member=False)
    timestamp = text_arg(args, "timestamp")
    if not timestamp:
        raise ApiError("no_item_specified")
    if not _TS.match(timestamp):
        raise ApiError("bad_timestamp")
    message = ctx.ws.find_message(channel.id, timestamp)
    if message is None:
        raise ApiError("message_not_found")
    return message


def _name(args: dict[str, Any]) -> str:
    name = (text_arg(args, "name") or "").strip(":")
    if not name or not _NAME.match(name):
        raise ApiError("invalid_name")
    return name


@method("reactions.add")
def add(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Add the bot's reaction; a second identical one is already_reacted."""
    ctx.require_scope("reactions:write")
    message = _target(ctx, args)
    name = _name(args)
    reaction = next((r for r in message["reactions"] if r["name"] == name), None)
    if reaction is None:
        if len(message["reactions"]) >= 50:
            raise ApiError("too_many_emoji")
        reaction = {"name": name, "users": [], "count": 0}
        message["reactions"].append(reaction)
    if ctx.bot_user_id in reaction["users"]:
        raise ApiError("already_reacted")
    reaction["users"].append(ctx.bot_user_id)
    reaction["count"] = len(reaction["users"])
    return {"ok": True}


@method("reactions.remove")
def remove(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Remove the bot's reaction; no_reaction when it had none."""
    ctx.require_scope("reactions:write")
    message = _target(ctx, args)
    name = _name(args)
    reaction = next((r for r in message["reactions"] if r["name"] == name), None)
    if reaction is None or ctx.bot_user_id not in reaction["users"]:
        raise ApiError("no_reaction")
    reaction["users"].remove(ctx.bot_user_id)
    reaction["count"] = len(reaction["users"])
    if not reaction["users"]:
        message["reactions"].remove(reaction)
    return {"ok": True}


@method("reactions.get")
def get(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """A message with its reactions."""
    ctx.require_scope("reactions:read")
    message = _target(ctx, args)
    return {
        "ok": True,
        "type": "message",
        "channel": message["channel"],
        "message": message_json(ctx.ws, message),
    }

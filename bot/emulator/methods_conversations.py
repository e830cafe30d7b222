"""conversations.* methods: history, replies, info, open, members, join, list."""

from __future__ import annotations

import hashlib
from typing import Any

from bot.emulator import ids
from bot.emulator.access import readable_channel, type_scope
from bot.emulator.registry import ApiError, Context, flag_arg, float_arg, int_arg, method, text_arg
from bot.emulator.shapes import channel_json, message_json
from bot.emulator.workspace import Channel


def _window(messages: list[dict[str, Any]], args: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages inside oldest/latest (exclusive unless inclusive=true), as Slack filters them.

    A bound that is no timestamp is refused as Slack does (invalid_ts_oldest / invalid_ts_latest).
    """
    for bound in ("oldest", "latest"):
        if text_arg(args, bound) not in (None, "") and float_arg(args, bound) is None:
            raise ApiError(f"invalid_ts_{bound}")
    oldest, latest = float_arg(args, "oldest"), float_arg(args, "latest")
    inclusive = flag_arg(args, "inclusive")

    def inside(m: dict[str, Any]) -> bool:
        ts = float(m["ts"])
        low = oldest is None or ts > oldest or (inclusive and ts == oldest)
        high = latest is None or ts < latest or (inclusive and ts == latest)
        return low and high

    return [m for m in messages if inside(m)]


def _page(ctx: Context, messages: list[dict[str, Any]], args: dict[str, Any]) -> dict[str, Any]:
    """One cursor page of messages (already ordered); next_cursor encodes the next message's ts."""
    cursor = text_arg(args, "cursor")
    if cursor:
        start_ts = ids.decode_cursor(cursor, "next_ts")
        if start_ts is None:
            raise ApiError("invalid_cursor")
        index = next((i for i, m in enumerate(messages) if m["ts"] == start_ts), len(messages))
        messages = messages[index:]
    # The 2025 tier caps (and defaults) a page at 15 messages (bot/emulator/tiers.py).
    largest = ctx.emu.history_tier.max_page
    limit = int_arg(args, "limit", min(100, largest), 1, largest)
    page, rest = messages[:limit], messages[limit:]
    metadata = flag_arg(args, "include_all_metadata")
    body: dict[str, Any] = {
        "ok": True,
        "messages": [message_json(ctx.ws, m, include_metadata=metadata) for m in page],
        "has_more": bool(rest),
    }
    if rest:
        body["response_metadata"] = {"next_cursor": ids.encode_cursor("next_ts", rest[0]["ts"])}
    return body


@method("conversations.history")
def history(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Channel-level messages, newest first; metadata only with include_all_metadata=true."""
    channel = readable_channel(ctx, text_arg(args, "channel"), must_be_member=True)
    ctx.require_scope(type_scope(channel, "history"))
    messages = sorted(
        _window(ctx.ws.top_level(channel.id), args), key=lambda m: float(m["ts"]), reverse=True
    )
    body = _page(ctx, messages, args)
    body.update(pin_count=0, channel_actions_ts=None, channel_actions_count=0)
    return body


@method("conversations.replies")
def replies(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """A thread, parent first then replies oldest first."""
    channel = readable_channel(ctx, text_arg(args, "channel"), must_be_member=True)
    ctx.require_scope(type_scope(channel, "history"))
    parent = ctx.ws.find_message(channel.id, text_arg(args, "ts"))
    if parent is None:
        raise ApiError("thread_not_found")
    if parent["thread_ts"] not in (None, parent["ts"]):
        return _page(ctx, [parent], args)
    thread = [parent, *_window(ctx.ws.replies(channel.id, parent["ts"]), args)]
    return _page(ctx, thread, args)


@method("conversations.info")
def info(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """The conversation object (is_private / is_im / is_shared / is_ext_shared...)."""
    channel = readable_channel(ctx, text_arg(args, "channel"), must_be_member=False)
    ctx.require_scope(type_scope(channel, "read"))
    data = channel_json(
        channel, ctx.emu.team_id, ctx.bot_user_id, flag_arg(args, "include_num_members")
    )
    return {"ok": True, "channel": data}


def _mpim(ctx: Context, users: list[str]) -> tuple[Channel, bool]:
    members = sorted({*users, ctx.bot_user_id})
    channel_id = "G" + hashlib.sha1(",".join(members).encode()).hexdigest()[:10].upper()  # noqa: S324
    existing = ctx.ws.channels.get(channel_id)
    if existing:
        return existing, True
    names = "-".join(ctx.ws.users[u].name for u in members)
    channel = Channel(
        id=channel_id, name=f"mpdm-{names}-1", is_private=True, is_mpim=True, members=members
    )
    ctx.ws.channels[channel_id] = channel
    ctx.ws.messages[channel_id] = []
    return channel, False


@method("conversations.open")
def open_conversation(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Open (or find) the app's DM with one user, or a group DM with several."""
    users = [u.strip() for u in (text_arg(args, "users") or "").split(",") if u.strip()]
    if not users and not text_arg(args, "channel"):
        raise ApiError("users_list_not_supplied")
    if text_arg(args, "channel"):
        channel, existed = (
            readable_channel(ctx, text_arg(args, "channel"), must_be_member=True),
            True,
        )
    else:
        for user_id in users:
            if user_id not in ctx.ws.users:
                raise ApiError("user_not_found")
        if any(ctx.ws.users[u].deleted for u in users):
            # A deactivated member's DM cannot be opened (user_disabled in the spec's error enum,
            # slack-api-specs/web-api conversations.open).
            raise ApiError("user_disabled")
        if users == [ctx.bot_user_id]:
            raise ApiError("cannot_dm_bot")
        ctx.require_scope("im:write" if len(users) == 1 else "mpim:write")
        if len(users) == 1:
            existed = ("D" + users[0].lstrip("UW")) in ctx.ws.channels
            channel = ctx.ws.dm_with(users[0], ctx.bot_user_id)
        else:
            channel, existed = _mpim(ctx, users)
    full = flag_arg(args, "return_im")
    data = channel_json(channel, ctx.emu.team_id, ctx.bot_user_id) if full else {"id": channel.id}
    body: dict[str, Any] = {"ok": True, "channel": data}
    if existed:
        body.update(no_op=True, already_open=True)
    return body


def offset_page(
    items: list[Any], args: dict[str, Any], kind: str, default: int
) -> tuple[list[Any], str]:
    """One page of a list method and the cursor of the next page ("" when it was the last)."""
    start = 0
    if text_arg(args, "cursor"):
        key = ids.decode_cursor(text_arg(args, "cursor") or "", kind)
        if key is None or not key.isdigit():
            raise ApiError("invalid_cursor")
        start = int(key)
    limit = int_arg(args, "limit", default, 1, 1000)
    end = start + limit
    return items[start:end], (ids.encode_cursor(kind, end) if end < len(items) else "")


@method("conversations.members")
def members(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Member ids of a conversation, cursor-paginated."""
    channel = readable_channel(ctx, text_arg(args, "channel"), must_be_member=False)
    ctx.require_scope(type_scope(channel, "read"))
    page, cursor = offset_page(list(channel.members), args, "member", 100)
    return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}


@method("conversations.join")
def join(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """The bot joins a public channel (private ones need an invite)."""
    ctx.require_scope("channels:join")
    channel = ctx.ws.channels.get(text_arg(args, "channel") or "")
    if channel is None:
        raise ApiError("channel_not_found")
    if channel.is_private or channel.is_im or channel.is_mpim:
        raise ApiError("method_not_supported_for_channel_type")
    body: dict[str, Any] = {"ok": True}
    if ctx.bot_user_id in channel.members:
        body.update(
            warning="already_in_channel", response_metadata={"warnings": ["already_in_channel"]}
        )
    else:
        channel.members.append(ctx.bot_user_id)
    body["channel"] = channel_json(channel, ctx.emu.team_id, ctx.bot_user_id)
    return body


@method("conversations.list")
def list_conversations(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Conversations of the requested types the bot can see."""
    types = (text_arg(args, "types") or "public_channel").split(",")
    wanted = {"public_channel": "channel", "private_channel": "group", "im": "im", "mpim": "mpim"}
    kinds = {wanted[t.strip()] for t in types if t.strip() in wanted}
    for kind in sorted(kinds):
        ctx.require_scope({"channel": "channels", "group": "groups"}.get(kind, kind) + ":read")
    visible = [
        c
        for c in ctx.ws.channels.values()
        if c.channel_type in kinds
        and (c.channel_type == "channel" or ctx.bot_user_id in c.members)
        and not (flag_arg(args, "exclude_archived") and c.is_archived)
    ]
    page, cursor = offset_page(visible, args, "channel", 100)
    channels = [channel_json(c, ctx.emu.team_id, ctx.bot_user_id) for c in page]
    return {"ok": True, "channels": channels, "response_metadata": {"next_cursor": cursor}}

"""chat.* methods: post, ephemeral, update, delete, permalink."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.emulator.access import writable_channel
from bot.emulator.content import message_content, truncation
from bot.emulator.registry import ApiError, Context, flag_arg, method, text_arg
from bot.emulator.shapes import bot_profile, message_json
from bot.emulator.workspace import Channel

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator


def _thread_root(
    ctx: Context, channel: Channel, thread_ts: str | None
) -> tuple[str | None, str | None]:
    """(thread_ts, parent_user_id): a reply to a reply lands in the parent's thread, as in Slack."""
    if not thread_ts:
        return None, None
    parent = ctx.ws.find_message(channel.id, thread_ts)
    if parent is None:
        return thread_ts, None
    root = parent["thread_ts"] or parent["ts"]
    if root != parent["ts"]:
        parent = ctx.ws.find_message(channel.id, root) or parent
    return root, parent["user"]


def bot_message_fields(emu: SlackEmulator) -> dict[str, Any]:
    """Authorship fields Slack stamps on every message the bot writes."""
    return {
        "user": emu.bot_user_id,
        "bot_id": emu.bot_id,
        "app_id": emu.app_id,
        "team": emu.team_id,
        "bot_profile": bot_profile(emu.meta),
    }


@method("chat.postMessage")
def post_message(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Post as the bot; a user id as channel posts into the app's DM with that user."""
    ctx.require_scope("chat:write")
    channel = writable_channel(ctx, text_arg(args, "channel"))
    content = message_content(args)
    thread_ts, parent_user = _thread_root(ctx, channel, text_arg(args, "thread_ts"))
    broadcast = bool(thread_ts) and flag_arg(args, "reply_broadcast")
    message = ctx.ws.add_message(
        channel.id,
        **content,
        **bot_message_fields(ctx.emu),
        thread_ts=thread_ts,
        parent_user_id=parent_user,
        subtype="thread_broadcast" if broadcast else None,
    )
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message["ts"],
        "message": message_json(ctx.ws, message),
        **truncation(args),
    }


@method("chat.postEphemeral")
def post_ephemeral(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Show a message to one member of a conversation; it never enters history."""
    ctx.require_scope("chat:write")
    user_id = text_arg(args, "user")
    channel = writable_channel(ctx, text_arg(args, "channel"))
    if not user_id or user_id not in ctx.ws.users:
        raise ApiError("user_not_found")
    if ctx.bot_user_id not in channel.members and not channel.is_im:
        # chat:write.public lets chat.postMessage into a public channel the bot has not joined, not
        # an ephemeral message: Slack answers as if it could not see the channel (SPEC's enum).
        raise ApiError("channel_not_found")
    if user_id not in channel.members:
        raise ApiError("user_not_in_channel")
    content = message_content(args)
    content.pop("metadata")
    thread_ts = text_arg(args, "thread_ts")
    message = ctx.ws.add_ephemeral(
        channel.id, user_id, **content, thread_ts=thread_ts, source="api"
    )
    message["bot_id"] = ctx.emu.bot_id
    return {"ok": True, "message_ts": message["ts"], **truncation(args)}


def _own_message(ctx: Context, args: dict[str, Any], denied: str) -> tuple[Channel, dict[str, Any]]:
    channel = ctx.ws.find_channel(text_arg(args, "channel"))
    if channel is None:
        raise ApiError("channel_not_found")
    message = ctx.ws.find_message(channel.id, text_arg(args, "ts"))
    if message is None:
        raise ApiError("message_not_found")
    if message["bot_id"] != ctx.emu.bot_id:
        raise ApiError(denied)
    return channel, message


@method("chat.update")
def update(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Edit one of the bot's messages; fields not sent are kept, as Slack keeps blocks/metadata."""
    ctx.require_scope("chat:write")
    channel, message = _own_message(ctx, args, "cant_update_message")
    # An edit must say what the message now shows: without text, blocks or attachments Slack answers
    # no_text (slack-api-specs/web-api, chat.update's error enum), as chat.postMessage does; a
    # metadata-only edit is the one exception (metadata not sent is kept, sent is replaced).
    content = message_content(args, require="metadata" not in args)
    message["text"] = content["text"] if "text" in args else message["text"]
    for key in ("blocks", "attachments", "metadata"):
        if key in args:
            message[key] = content[key]
    message["edited"] = {"user": ctx.emu.bot_user_id, "ts": ctx.ws.next_ts()}
    return {
        "ok": True,
        "channel": channel.id,
        "ts": message["ts"],
        "text": message["text"],
        "message": message_json(ctx.ws, message),
        **truncation(args),
    }


@method("chat.delete")
def delete(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """Delete one of the bot's messages."""
    ctx.require_scope("chat:write")
    channel, message = _own_message(ctx, args, "cant_delete_message")
    ctx.ws.delete_message(channel.id, message["ts"])
    return {"ok": True, "channel": channel.id, "ts": message["ts"]}


@method("chat.getPermalink")
def get_permalink(ctx: Context, args: dict[str, Any]) -> dict[str, Any]:
    """The archive URL of a message (thread replies carry thread_ts and cid like Slack's)."""
    channel = ctx.ws.find_channel(text_arg(args, "channel"))
    if channel is None:
        raise ApiError("channel_not_found")
    message = ctx.ws.find_message(channel.id, text_arg(args, "message_ts"))
    if message is None:
        raise ApiError("message_not_found")
    domain = ctx.ws.team["domain"]
    link = f"https://{domain}.slack.com/archives/{channel.id}/p{message['ts'].replace('.', '')}"
    if message["thread_ts"] and message["thread_ts"] != message["ts"]:
        link += f"?thread_ts={message['thread_ts']}&cid={channel.id}"
    return {"ok": True, "channel": channel.id, "permalink": link}

"""Who can see and write which conversation, with the error codes Slack picks for each case.

Slack hides private conversations the bot is not in (channel_not_found), refuses public ones it has
not joined (not_in_channel) unless chat:write.public is granted for writes, and needs the
conversation-type scope (channels:/groups:/im:/mpim:) for reads.
"""

from __future__ import annotations

from bot.emulator.registry import ApiError, Context
from bot.emulator.workspace import Channel

_SCOPE_PREFIX = {"channel": "channels", "group": "groups", "im": "im", "mpim": "mpim"}


def type_scope(channel: Channel, suffix: str) -> str:
    """The scope for this conversation type: a private channel + "history" -> groups:history."""
    return f"{_SCOPE_PREFIX[channel.channel_type]}:{suffix}"


def writable_channel(ctx: Context, ref: str | None) -> Channel:
    """The conversation a chat.* write goes to; a user id means the app's DM with that user."""
    if ref and ref[0] in "UW" and ref in ctx.ws.users:
        return ctx.ws.dm_with(ref, ctx.bot_user_id)
    channel = ctx.ws.find_channel(ref)
    if channel is None:
        raise ApiError("channel_not_found")
    if ctx.bot_user_id not in channel.members:
        if channel.is_private or channel.is_im or channel.is_mpim:
            raise ApiError("channel_not_found")
        if "chat:write.public" not in ctx.emu.scopes:
            raise ApiError("not_in_channel")
    if channel.is_archived:
        raise ApiError("is_archived")
    return channel


def readable_channel(ctx: Context, ref: str | None, must_be_member: bool) -> Channel:
    """The conversation a read targets; history needs membership, info on public ones does not."""
    channel = ctx.ws.channels.get(ref or "")
    if channel is None:
        raise ApiError("channel_not_found")
    if ctx.bot_user_id not in channel.members:
        if channel.is_private or channel.is_im or channel.is_mpim:
            raise ApiError("channel_not_found")
        if must_be_member:
            raise ApiError("not_in_channel")
    return channel

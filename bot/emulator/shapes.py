"""JSON shapes of users, conversations, the team and messages, as the real Web API returns them.

Field sets follow web-api-shapes/api/*.json (the Java SDK's response samples); values are
computed the way Slack computes them (e.g. tz_offset for the zone's current UTC offset).
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from bot.emulator.models import Channel, User
from bot.emulator.timezones import tz_fields
from bot.emulator.workspace import Workspace


def _images(seed: str) -> dict[str, str]:
    digest = hashlib.md5(seed.encode()).hexdigest()  # noqa: S324 - avatar hash, not security
    base = f"https://secure.gravatar.com/avatar/{digest}.jpg?s="
    return {f"image_{size}": f"{base}{size}" for size in (24, 32, 48, 72, 192, 512)}


def user_json(user: User, team_id: str, show_email: bool) -> dict[str, Any]:
    """A users.info / users.list member object.

    An external member of a shared channel (Slack Connect) answers with their own organisation's
    team_id, as Slack's users.info does for them: `team_id` is only the default.
    """
    team_id = user.team_id or team_id
    first, _, last = user.real_name.partition(" ")
    profile: dict[str, Any] = {
        "title": "",
        "phone": "",
        "skype": "",
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.display_name,
        "display_name_normalized": user.display_name,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": hashlib.sha1(user.id.encode()).hexdigest()[:12],  # noqa: S324
        "first_name": first,
        "last_name": last,
        "team": team_id,
        **_images(user.id),
    }
    if user.is_bot:
        profile.update(bot_id=user.bot_id, api_app_id=user.app_id, always_active=True)
    if show_email and user.email and not user.is_bot:
        profile["email"] = user.email
    return {
        "id": user.id,
        "team_id": team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        **tz_fields(user.tz),
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": user.is_owner,
        "is_primary_owner": False,
        "is_restricted": user.is_restricted or user.is_ultra_restricted,
        "is_ultra_restricted": user.is_ultra_restricted,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": user.updated,
        "is_email_confirmed": not user.is_bot,
        "who_can_share_contact_card": "EVERYONE",
    }


def channel_json(
    ch: Channel, team_id: str, viewer: str, num_members: bool = False
) -> dict[str, Any]:
    """A conversations.info channel object; `viewer` is the token's user (for is_member)."""
    if ch.is_im:
        return {
            "id": ch.id,
            "created": ch.created,
            "is_archived": False,
            "is_im": True,
            "is_org_shared": False,
            "context_team_id": team_id,
            "updated": ch.created * 1000,
            "user": ch.user,
            "is_user_deleted": False,
            "priority": 0,
            "is_open": True,
            "last_read": "0000000000.000000",
        }
    legacy_group = ch.is_private and ch.id.startswith("G")
    data: dict[str, Any] = {
        "id": ch.id,
        "name": ch.name,
        "is_channel": not legacy_group and not ch.is_mpim,
        "is_group": legacy_group,
        "is_im": False,
        "is_mpim": ch.is_mpim,
        "is_private": ch.is_private,
        "created": ch.created,
        "is_archived": ch.is_archived,
        "is_general": ch.name == "general",
        "unlinked": 0,
        "name_normalized": ch.name,
        "is_shared": ch.is_shared or ch.is_ext_shared,
        "is_org_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": team_id,
        "updated": ch.created * 1000,
        "parent_conversation": None,
        "creator": ch.creator,
        "is_ext_shared": ch.is_ext_shared,
        "shared_team_ids": [team_id],
        "pending_connected_team_ids": [],
        "is_member": viewer in ch.members,
        "last_read": "0000000000.000000",
        "topic": {"value": ch.topic, "creator": "", "last_set": 0},
        "purpose": {"value": ch.purpose, "creator": "", "last_set": 0},
        "previous_names": [],
    }
    if num_members:
        data["num_members"] = len(ch.members)
    return data


def team_json(team: dict[str, str]) -> dict[str, Any]:
    """A team.info team object."""
    icon = {
        f"image_{n}": f"https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-{n}.png"
        for n in (34, 44, 68)
    }
    return {
        "id": team["id"],
        "name": team["name"],
        "url": f"https://{team['domain']}.slack.com/",
        "domain": team["domain"],
        "email_domain": "",
        "icon": {**icon, "image_default": True},
        "avatar_base_url": "https://ca.slack-edge.com/",
        "is_verified": False,
    }


def bot_profile(meta: dict[str, str]) -> dict[str, Any]:
    """The bot_profile Slack attaches to messages a bot posts."""
    return {
        "id": meta["bot_id"],
        "app_id": meta["app_id"],
        "name": meta["bot_name"],
        "icons": {"image_36": "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png"},
        "deleted": False,
        "updated": 1700000000,
        "team_id": meta["team_id"],
    }


def message_json(
    ws: Workspace, message: dict[str, Any], include_metadata: bool = True
) -> dict[str, Any]:
    """A stored message as conversations.history/replies and chat.* return it (no None fields)."""
    internal = ("channel", "is_ephemeral", "reply_broadcast")
    out = {
        k: copy.deepcopy(v) for k, v in message.items() if v not in (None, []) and k not in internal
    }
    if not include_metadata:
        out.pop("metadata", None)
    if message["thread_ts"] == message["ts"] or message["thread_ts"] is None:
        replies = ws.replies(message["channel"], message["ts"])
        if replies:
            users = list(dict.fromkeys(r["user"] for r in replies if r["user"]))
            out.update(
                thread_ts=message["ts"],
                reply_count=len(replies),
                reply_users=users,
                reply_users_count=len(users),
                latest_reply=replies[-1]["ts"],
                is_locked=False,
                subscribed=False,
            )
    return out

"""The Events API half of SlackDriver: events, user messages, App Home opens, URL verification."""

from __future__ import annotations

import copy
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from bot.emulator import payloads
from bot.emulator.reply import Origin, Reply
from bot.emulator.shapes import message_json, user_json
from bot.emulator.transport import Delivery
from bot.emulator.view_state import DriverError

if TYPE_CHECKING:
    from bot.emulator.server import SlackEmulator


def _rich_text(text: str) -> list[dict[str, Any]]:
    """The rich_text block Slack's client attaches to a typed message."""
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return [{"type": "rich_text", "block_id": secrets.token_urlsafe(3)[:4], "elements": [section]}]


def _file(name: str, user: str) -> dict[str, Any]:
    """The file object a file_share message carries (the fields a bot can rely on)."""
    file_id = "F" + secrets.token_hex(5).upper()
    return {"id": file_id, "created": int(Reply.now()), "timestamp": int(Reply.now()), "name": name, "title": name,
            "mimetype": "application/octet-stream", "filetype": name.rsplit(".", 1)[-1] if "." in name else "binary",
            "user": user, "mode": "hosted", "is_external": False, "is_public": True,
            "url_private": f"https://files.slack.com/files-pri/{file_id}/{name}"}


class EventsMixin:
    """Needs `emu`, `mode` and `deliver` from SlackDriver."""

    emu: SlackEmulator
    mode: str

    def deliver(self, delivery: Delivery, origin: Origin) -> Reply:  # pragma: no cover
        """Provided by SlackDriver."""
        raise NotImplementedError

    def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        *,
        signature: str | None = None,
        timestamp_offset: int = 0,
    ) -> Reply:
        """Deliver an event in its event_callback envelope (retries carry Slack's retry headers)."""
        envelope = payloads.event_envelope(self.emu, event, event_id)
        headers = {}
        if retry_num is not None:
            headers = {
                "X-Slack-Retry-Num": str(retry_num),
                "X-Slack-Retry-Reason": retry_reason or "http_timeout",
            }
        extra = {"retry_attempt": retry_num or 0, "retry_reason": retry_reason or ""}
        delivery = Delivery("event", envelope, False, signature, timestamp_offset, headers, extra)
        user = event.get("user") if isinstance(event.get("user"), str) else None
        return self.deliver(delivery, Origin("event", user, event.get("channel")))

    def post_message(
        self, user: str, channel: str, text: str, thread_ts: str | None = None, *,
        broadcast: bool = False, files: list[str] | None = None,
    ) -> Reply:
        """`user` writes `text` (in a thread with thread_ts): stored in history, then the event.

        `channel` may be the bot's user id to mean the user's DM with the app. `broadcast` ticks
        "Also send to #channel" under a thread reply (subtype thread_broadcast, with the thread's
        root); `files` attaches files by name (subtype file_share), as Slack's client sends them.
        """
        if broadcast and not thread_ts:
            raise DriverError("only a thread reply can also be sent to the channel")
        ws = self.emu.workspace
        with ws.lock:
            if channel in (self.emu.bot_user_id, user):
                channel = self.emu.dm_channel(user)
            conversation = ws.channels.get(channel)
            if conversation is None or user not in conversation.members:
                raise DriverError(f"{user} cannot post in {channel}: not a member")
            parent_user = None
            if thread_ts:
                parent = ws.find_message(channel, thread_ts)
                if parent is None:
                    raise DriverError(f"no message {thread_ts} in {channel} to reply to")
                thread_ts, parent_user = parent["thread_ts"] or parent["ts"], parent["user"]
            org = payloads.org_of(self.emu, user)
            stored = ws.add_message(
                channel,
                user=user,
                text=text,
                team=org,
                blocks=_rich_text(text),
                client_msg_id=str(uuid.uuid4()),
                thread_ts=thread_ts,
                parent_user_id=parent_user,
                subtype="thread_broadcast" if broadcast else ("file_share" if files else None),
                files=[_file(name, user) for name in files] if files else None,
            )
            event: dict[str, Any] = {
                "client_msg_id": stored["client_msg_id"],
                "type": "message",
                "text": text,
                "user": user,
                "ts": stored["ts"],
                "blocks": copy.deepcopy(stored["blocks"]),
                "team": org,
                "channel": channel,
                "event_ts": stored["ts"],
                "channel_type": conversation.channel_type,
            }
            if conversation.is_shared or conversation.is_ext_shared:
                # Slack Connect: the author's organisation, and the one the message was sent from.
                event.update(user_team=org, source_team=org)
            if thread_ts:
                event.update(thread_ts=thread_ts, parent_user_id=parent_user)
            if broadcast:
                root = ws.find_message(channel, thread_ts)
                event.update(subtype="thread_broadcast", root=message_json(ws, root) if root else {})
            elif files:
                event.update(subtype="file_share", files=copy.deepcopy(stored["files"]), upload=False,
                             display_as_bot=False)
            posted = copy.deepcopy(stored)
            parent_changed = self._parent_changed(channel, thread_ts, stored["ts"]) if thread_ts else None
        reply = self.event(event)
        reply.posted = posted
        if parent_changed is not None:
            self.event(parent_changed)
        return reply

    def _parent_changed(self, channel: str, thread_ts: str, reply_ts: str) -> dict[str, Any] | None:
        """The message_changed Slack sends for a thread's parent when a reply updates its reply
        fields (payloads/event_message_changed_thread_parent.json: hidden, reply_count, latest_reply)."""
        ws = self.emu.workspace
        parent = ws.find_message(channel, thread_ts)
        if parent is None:
            return None
        keep = ("type", "text", "user", "bot_id", "team", "ts", "thread_ts", "reply_count", "reply_users_count",
                "latest_reply", "reply_users", "is_locked")
        now = message_json(ws, parent) | {"type": "message"}
        with ws.lock:  # what it was before this reply: the same message without it
            earlier = [m for m in ws.replies(channel, thread_ts) if m["ts"] != reply_ts]
        before = {k: v for k, v in now.items() if k not in ("reply_count", "reply_users", "reply_users_count",
                                                            "latest_reply", "is_locked", "subscribed")}
        if earlier:
            users = list(dict.fromkeys(r["user"] for r in earlier if r["user"]))
            before.update(reply_count=len(earlier), reply_users=users, reply_users_count=len(users),
                          latest_reply=earlier[-1]["ts"], is_locked=False)
        else:
            before.pop("thread_ts", None)
        changed_at = ws.next_ts()
        return {
            "type": "message",
            "subtype": "message_changed",
            "message": {k: v for k, v in now.items() if k in keep},
            "previous_message": {k: v for k, v in before.items() if k in keep},
            "channel": channel,
            "hidden": True,
            "ts": changed_at,
            "event_ts": changed_at,
            "channel_type": ws.channels[channel].channel_type,
        }

    def echo_bot_message(self, channel: str, ts: str) -> Reply:
        """The message event Slack sends an app subscribed to message.* for a post the app itself made
        (payloads/event_message_bot.json: bot_id, bot_profile, the bot user, no subtype)."""
        ws = self.emu.workspace
        with ws.lock:
            if channel in (self.emu.bot_user_id,) or channel[:1] in ("U", "W"):
                channel = self.emu.dm_channel(channel)
            stored = ws.find_message(channel, ts)
            if stored is None or stored.get("bot_id") != self.emu.bot_id:
                raise DriverError(f"the bot has no message {ts} in {channel}")
            shown = message_json(ws, stored, include_metadata=False)
            event: dict[str, Any] = {
                "type": "message",
                "text": stored["text"],
                "user": stored["user"],
                "bot_id": stored["bot_id"],
                "bot_profile": copy.deepcopy(stored.get("bot_profile")),
                "team": self.emu.team_id,
                "ts": stored["ts"],
                "channel": channel,
                "event_ts": stored["ts"],
                "channel_type": ws.channels[channel].channel_type,
            }
            if stored.get("blocks"):
                event["blocks"] = shown["blocks"]
            if stored["thread_ts"] not in (None, stored["ts"]):
                event.update(thread_ts=stored["thread_ts"], parent_user_id=stored.get("parent_user_id"))
        return self.event(event)

    def edit_message(self, user: str, channel: str, ts: str, text: str) -> Reply:
        """`user` edits their message `ts`: history changes, then the message_changed event Slack sends."""
        ws = self.emu.workspace
        with ws.lock:
            if channel in (self.emu.bot_user_id, user):
                channel = self.emu.dm_channel(user)
            stored = ws.find_message(channel, ts)
            if stored is None or stored["user"] != user:
                raise DriverError(f"{user} has no message {ts} in {channel} to edit")
            previous = message_json(ws, stored)
            edited_at = ws.next_ts()
            stored.update(text=text, blocks=_rich_text(text), edited={"user": user, "ts": edited_at})
            event: dict[str, Any] = {
                "type": "message",
                "subtype": "message_changed",
                "message": message_json(ws, stored) | {"type": "message"},
                "previous_message": previous | {"type": "message"},
                "channel": channel,
                "hidden": True,
                "ts": edited_at,
                "event_ts": edited_at,
                "channel_type": ws.channels[channel].channel_type,
            }
        return self.event(event)

    def open_home(self, user: str) -> Reply:
        """`user` opens the app's Home tab (app_home_opened, with the published view if any)."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.emu.dm_channel(user),
            "tab": "home",
            "event_ts": f"{Reply.now():.6f}",
        }
        home = self.emu.home_views(user)
        if home is not None:
            event["view"] = home
        return self.event(event)

    def change_user(self, user: str, **fields: Any) -> Reply:
        """A member edits their profile (tz, real_name, display_name...): Slack's user_change event.

        The event carries the whole users.info object after the change (email only with
        users:read.email), with cache_ts and event_ts, as Slack sends it to apps subscribed to it.
        """
        ws = self.emu.workspace
        with ws.lock:
            member = ws.users.get(user)
            if member is None:
                raise DriverError(f"no member {user} to change")
            for key, value in fields.items():
                if key in ("id", "is_bot") or not hasattr(member, key):
                    raise DriverError(f"a member cannot change {key!r}")
                setattr(member, key, value)
            member.updated = int(Reply.now())
            data = user_json(member, self.emu.team_id, "users:read.email" in self.emu.scopes)
        event: dict[str, Any] = {
            "type": "user_change",
            "user": data,
            "cache_ts": member.updated,
            "event_ts": f"{Reply.now():.6f}",
        }
        return self.event(event)

    def url_verification(self, challenge: str | None = None) -> Reply:
        """Slack's request-URL check; the bot must echo the challenge (HTTP mode only)."""
        if self.mode != "http":
            raise DriverError("url_verification only exists for HTTP request URLs")
        body = {
            "token": self.emu.verification_token,
            "challenge": challenge or secrets.token_urlsafe(40),
            "type": "url_verification",
        }
        return self.deliver(Delivery("event", body), Origin("verification"))

    def app_uninstalled(self) -> Reply:
        """The driver's workspace removes the app: its tokens stop working, then Slack's app_uninstalled
        event (payloads/event_app_uninstalled.json) reaches the bot, as Slack sends it, unauthorized."""
        self.emu.uninstall(self.team_id)
        return self.event({"type": "app_uninstalled"})

    def tokens_revoked(self, *, bot: bool = True, users: list[str] | None = None) -> Reply:
        """Slack's tokens_revoked (payloads/event_tokens_revoked.json): the bot's token (by its user id)
        and/or users' tokens; a revoked bot token answers token_revoked from now on."""
        if bot:
            self.emu.uninstall(self.team_id)
        tokens = {"oauth": list(users or []), "bot": [self.emu.bot_user_id] if bot else []}
        return self.event({"type": "tokens_revoked", "tokens": tokens})

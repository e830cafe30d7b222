"""Filling the emulated workspace: the people and conversations a test or sandbox needs."""

from __future__ import annotations

from typing import Any

from bot.emulator.shapes import channel_json, user_json
from bot.emulator.workspace import Channel, User, Workspace


class WorkspaceSeeding:
    """Mixin of SlackEmulator: add_user / add_channel, returning Slack-shaped objects."""

    workspace: Workspace
    team_id: str
    bot_user_id: str

    def add_user(
        self,
        user_id: str,
        name: str | None = None,
        real_name: str = "",
        tz: str = "Europe/London",
        is_restricted: bool = False,
        is_bot: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """Add a member (extra: display_name, is_ultra_restricted, email, is_admin, is_owner...)."""
        user = User(
            user_id,
            name or user_id.lower(),
            real_name,
            tz=tz,
            is_restricted=is_restricted,
            is_bot=is_bot,
        )
        for key, value in extra.items():
            if not hasattr(user, key):
                raise TypeError(f"add_user() got an unexpected keyword argument {key!r}")
            setattr(user, key, value)
        with self.workspace.lock:
            self.workspace.users[user_id] = user
            return user_json(user, self.team_id, True)

    def add_channel(
        self,
        channel_id: str,
        name: str | None = None,
        is_private: bool = False,
        is_shared: bool = False,
        members: list[str] | None = None,
        *,
        is_ext_shared: bool | None = None,
        is_archived: bool = False,
        bot_member: bool = True,
        topic: str = "",
        purpose: str = "",
    ) -> dict[str, Any]:
        """Add a channel (the bot is in it unless bot_member=False; is_shared = Slack Connect)."""
        member_ids = list(
            dict.fromkeys([*(members or []), *([self.bot_user_id] if bot_member else [])])
        )
        channel = Channel(
            channel_id,
            name=name or channel_id.lower(),
            is_private=is_private or channel_id.startswith("G"),
            is_shared=is_shared,
            is_ext_shared=is_shared if is_ext_shared is None else is_ext_shared,
            is_archived=is_archived,
            members=member_ids,
            creator=(members or [""])[0],
            topic=topic,
            purpose=purpose,
        )
        with self.workspace.lock:
            self.workspace.channels[channel_id] = channel
            self.workspace.messages.setdefault(channel_id, [])
            return channel_json(channel, self.team_id, self.bot_user_id, num_members=True)

    def archive_channel(self, channel_id: str, archived: bool = True) -> None:
        """Someone archives (or unarchives) the channel: posts in it then get is_archived."""
        with self.workspace.lock:
            self.workspace.channels[channel_id].is_archived = archived

    def add_member(self, channel_id: str, user_id: str) -> None:
        """Someone adds `user_id` to the channel (no event: seeding, as add_channel's members are)."""
        with self.workspace.lock:
            channel = self.workspace.channels[channel_id]
            if user_id not in channel.members:
                channel.members.append(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        """Someone removes `user_id` (the bot's user id included) from the channel."""
        with self.workspace.lock:
            channel = self.workspace.channels[channel_id]
            channel.members = [member for member in channel.members if member != user_id]

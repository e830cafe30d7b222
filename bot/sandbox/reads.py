"""Reads of the emulated workspace the page needs and SlackEmulator's public API lacks.

Which modal is on top for a person, which conversations a person can see, and the directory of
people: a Slack client knows these, the emulator's test API does not ask for them. Everything is
copied under the workspace lock, as EmulatorQueries does.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.emulator import SlackEmulator


def top_modal(emu: SlackEmulator, user_id: str) -> dict[str, Any] | None:
    """The modal `user_id` sees: the top of their most recently opened stack, or None."""
    ws = emu.workspace
    with ws.lock:
        store = ws.views
        stacks = [s for root, s in store.stacks.items() if s and store.owner.get(root) == user_id]
        for stack in reversed(stacks):
            view = store.views.get(stack[-1])
            if view is not None and view.get("type") == "modal":
                return copy.deepcopy(view)
    return None


def people(emu: SlackEmulator) -> list[dict[str, Any]]:
    """Every member (bots included), for names, mentions and user pickers."""
    ws = emu.workspace
    with ws.lock:
        return [
            {
                "id": u.id,
                "name": u.name,
                "real_name": u.real_name or u.name,
                "tz": u.tz,
                "is_bot": u.is_bot,
                "guest": u.is_restricted,
            }
            for u in ws.users.values()
            if u.id != "USLACKBOT"
        ]


def conversations(emu: SlackEmulator, user_id: str) -> list[dict[str, Any]]:
    """The channels `user_id` is in, then their DM with the app."""
    ws = emu.workspace
    with ws.lock:
        channels = [
            {"id": c.id, "name": c.name, "kind": "channel", "shared": c.is_shared}
            for c in ws.channels.values()
            if not c.is_im and not c.is_mpim and user_id in c.members
        ]
    dm = emu.dm_channel(user_id)
    return [*channels, {"id": dm, "name": "Tandem", "kind": "dm", "shared": False}]


def channel_members(emu: SlackEmulator, channel_id: str) -> list[str]:
    """Member ids of one conversation (the page's header shows who is in it)."""
    ws = emu.workspace
    with ws.lock:
        channel = ws.channels.get(channel_id)
        return list(channel.members) if channel else []

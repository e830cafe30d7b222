"""The records the emulated workspace keeps: members, conversations, trigger ids, response URLs.

Fields mirror what Slack exposes about each (users.info, conversations.info) or enforces (trigger
expiry, response_url use count), so handlers can answer from them directly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class User:
    """A workspace member; fields mirror what users.info exposes."""

    id: str
    name: str
    real_name: str = ""
    display_name: str = ""
    tz: str = "Europe/London"
    is_restricted: bool = False
    is_ultra_restricted: bool = False
    is_bot: bool = False
    is_admin: bool = False
    is_owner: bool = False
    deleted: bool = False
    email: str | None = None
    bot_id: str | None = None
    app_id: str | None = None
    team_id: str | None = None  # the member's own organisation (Slack Connect); None: this workspace
    updated: int = field(default_factory=lambda: int(time.time()))


@dataclass
class Channel:
    """A conversation: public/private channel, DM (is_im) or group DM (is_mpim)."""

    id: str
    name: str = ""
    is_private: bool = False
    is_shared: bool = False
    is_ext_shared: bool = False
    is_im: bool = False
    is_mpim: bool = False
    is_archived: bool = False
    members: list[str] = field(default_factory=list)
    created: int = field(default_factory=lambda: int(time.time()))
    creator: str = ""
    topic: str = ""
    purpose: str = ""
    user: str | None = None  # the other party of a DM

    @property
    def channel_type(self) -> str:
        """The Events API "channel_type" of this conversation."""
        if self.is_im:
            return "im"
        if self.is_mpim:
            return "mpim"
        return "group" if self.is_private else "channel"


@dataclass
class Trigger:
    """A trigger_id the emulator issued; single use and short-lived like Slack's."""

    user_id: str
    expires_at: float  # time.monotonic() deadline
    view_id: str | None = None  # the view the interaction happened in (views.push needs one)
    exchanged: bool = False


@dataclass
class ResponseHook:
    """A response_url the emulator handed out, with where its posts land."""

    id: str
    url: str
    channel_id: str | None
    user_id: str
    message_ts: str | None = None  # the message an interaction came from (replace/delete_original)
    is_ephemeral: bool = False
    thread_ts: str | None = None
    uses: int = 0
    created: float = field(default_factory=time.monotonic)

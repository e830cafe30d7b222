"""Typed views of the Slack payloads listeners read: a slash command, a button click, a form submission.

Bolt hands listeners plain dicts; reading `body["user"]["id"]` in forty places hides which fields a
handler depends on and lets a typo become a KeyError at a user's click. Each wrapper is parsed once
at the top of a listener and names the fields Tandem uses, with the installed workspace read the
one way that survives Slack Connect (bot/slack/workspace.py). Shapes: slack-reference/payloads/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.slack.workspace import workspace_of

Body = dict[str, Any]


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Command:
    """A slash command: who typed what, where, and how to answer them."""

    team_id: str
    user_id: str
    channel_id: str
    text: str
    trigger_id: str
    response_url: str

    @property
    def in_dm(self) -> bool:
        """A command typed in the DM with Tandem (channel ids of DMs start with D)."""
        return self.channel_id.startswith("D")

    @classmethod
    def of(cls, command: Body) -> Command:
        return cls(team_id=workspace_of(command), user_id=str(command.get("user_id") or ""),
                   channel_id=str(command.get("channel_id") or ""), text=str(command.get("text") or ""),
                   trigger_id=str(command.get("trigger_id") or ""),
                   response_url=str(command.get("response_url") or ""))


@dataclass(frozen=True)
class Click:
    """A button (block_actions): who clicked which button on which message, and its value.

    `message_ts` is the clicked message; `thread_ts` the thread it sits in (its own ts for a
    top-level message), so a reply lands where the click came from.
    """

    team_id: str
    user_id: str
    user_team_id: str
    channel_id: str
    message_ts: str
    thread_ts: str
    action_id: str
    value: str
    trigger_id: str
    in_view: bool

    @property
    def from_other_org(self) -> bool:
        """Clicked by someone whose own organisation is not the installed workspace (Slack Connect)."""
        return bool(self.user_team_id) and self.user_team_id != self.team_id

    @classmethod
    def of(cls, body: Body, action: Body | None = None) -> Click:
        action = action if action is not None else _dict((body.get("actions") or [{}])[0])
        message = _dict(body.get("message"))
        user = _dict(body.get("user"))
        message_ts = str(message.get("ts") or _dict(body.get("container")).get("message_ts") or "")
        return cls(team_id=workspace_of(body), user_id=str(user.get("id") or ""),
                   user_team_id=str(user.get("team_id") or ""),
                   channel_id=str(_dict(body.get("channel")).get("id") or ""),
                   message_ts=message_ts, thread_ts=str(message.get("thread_ts") or message_ts),
                   action_id=str(action.get("action_id") or ""), value=str(action.get("value") or ""),
                   trigger_id=str(body.get("trigger_id") or ""), in_view=bool(body.get("view")))


@dataclass(frozen=True)
class Submission:
    """A modal's view_submission: who submitted which form, its private metadata and its raw state."""

    team_id: str
    user_id: str
    callback_id: str
    private_metadata: str
    values: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, body: Body, view: Body | None = None) -> Submission:
        view = view if view is not None else _dict(body.get("view"))
        return cls(team_id=workspace_of(body), user_id=str(_dict(body.get("user")).get("id") or ""),
                   callback_id=str(view.get("callback_id") or ""),
                   private_metadata=str(view.get("private_metadata") or ""),
                   values=_dict(_dict(view.get("state")).get("values")))

"""Who counts as a workspace admin for the registry: users.info's is_admin/is_owner, members of this team only."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.listeners.common import is_workspace_admin


class Client:
    """users.info answering with one user object (or Slack's error)."""

    def __init__(self, user: dict[str, Any] | None) -> None:
        self.user = user

    def users_info(self, user: str) -> dict[str, Any]:
        if self.user is None:
            raise SlackApiError("user_not_found", {"ok": False, "error": "user_not_found"})
        return {"ok": True, "user": {"id": user} | self.user}


def test_admins_and_owners_of_this_workspace_count_and_nobody_else() -> None:
    member = {"team_id": "T1", "is_admin": False, "is_owner": False}
    assert not is_workspace_admin(Client(member), "T1", "U1")  # type: ignore[arg-type]
    assert is_workspace_admin(Client(member | {"is_admin": True}), "T1", "U1")  # type: ignore[arg-type]
    assert is_workspace_admin(Client(member | {"is_owner": True}), "T1", "U1")  # type: ignore[arg-type]
    # an admin of the agency's own workspace (Slack Connect), a guest, an unknown user: not ours
    assert not is_workspace_admin(Client(member | {"team_id": "T2", "is_admin": True}), "T1", "U1")  # type: ignore[arg-type]
    assert not is_workspace_admin(Client(member | {"is_admin": True, "is_restricted": True}), "T1", "U1")  # type: ignore[arg-type]
    assert not is_workspace_admin(Client(None), "T1", "U1")  # type: ignore[arg-type]

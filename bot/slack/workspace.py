"""Which workspace a Slack request belongs to: the one that installed Tandem, as Bolt reads it.

From the other side of a Slack Connect channel, `team.id`, `user.team_id` and `view.team_id` name
the person's own organisation (see slack-reference/payloads/view_submission_slack_connect_other_org.json
and event_shared_channel_reaction_source_team.json); only `view.app_installed_team_id` and the
events' `authorizations[0].team_id` name the installation. Records are kept per installed
workspace, so every listener asks here, in Bolt's own order (slack_bolt.request.internals.
extract_team_id), never `body["team"]["id"]`.
"""

from __future__ import annotations

from typing import Any


def workspace_of(body: dict[str, Any]) -> str:
    """The installed workspace's team id of a command, interaction or event body ("" if none)."""
    view = body.get("view")
    if isinstance(view, dict) and view.get("app_installed_team_id"):
        return str(view["app_installed_team_id"])
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    if isinstance(team, str) and team:
        return team
    authorizations = body.get("authorizations")
    if isinstance(authorizations, list) and authorizations and isinstance(authorizations[0], dict):
        if authorizations[0].get("team_id"):
            return str(authorizations[0]["team_id"])
    if body.get("team_id"):
        return str(body["team_id"])
    for key in ("user", "view"):
        found = body.get(key)
        if isinstance(found, dict) and found.get("team_id"):
            return str(found["team_id"])
    return ""


"""Slack Connect in OAuth mode: the agency's member works by buttons in a workspace that installed Tandem
through Add to Slack, and every answer goes out with that workspace's own token.

The installation is Acme's (TEAM_A); Dev's clicks and forms carry Dev's own organisation where Slack
puts it (`user.team_id`, the view's `team.id`/`team_id`) and Acme only as the installation
(`team.id` of a message's button, `view.app_installed_team_id`): Bolt must authorize with Acme's token.
"""

from __future__ import annotations

import json

from bot.db.models import Engagement, Submission
from tests.e2e.conftest import AGENCY, AGENCY_ORG, AGENCY_PAL, DEV, OWNER
from tests.e2e.helpers import in_days, rows
from tests.e2e.test_oauth_install import (  # noqa: F401  (fixtures)
    TEAM_A,
    driver,
    emu,
    install,
    oauth_bot,
    oauth_emulator,
)

KICKOFF = (f'<@{DEV}|dev> "Agency app" due {in_days(30)} objectives="Ship the app" deliverables="Android build"')


def test_an_external_member_submits_by_buttons_answered_with_the_installed_workspaces_token(
        oauth_bot, emu) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    token = install(oauth_bot, emu, TEAM_A, "Acme Studio")
    slack = driver(oauth_bot, emu, TEAM_A)
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=AGENCY).wait()
    slack.slash("/task", f'add "Android build" due {in_days(10)}', user=OWNER, channel=AGENCY).wait()
    [post] = [m for m in emu.messages(AGENCY) if "added task *1*" in (m.get("text") or "")]
    [engagement] = rows(oauth_bot.database_url, Engagement)
    assert engagement["team_id"] == TEAM_A

    before = len(emu.calls)
    refused = slack.click("open_submit", user=AGENCY_PAL, message=post).wait()
    assert refused.view is None and f"<@{DEV}>" in refused.text
    opened = slack.click("open_submit", user=DEV, message=post).wait()
    clicked = opened.payload
    assert (clicked["team"]["id"], clicked["user"]["team_id"]) == (TEAM_A, AGENCY_ORG)
    assert opened.view is not None and opened.view["callback_id"] == "submit_modal", opened.text
    sent = slack.submit_view(opened.view["id"], values={"link": {"link": "https://example.com/apk"}}, user=DEV)
    payload = sent.payload
    assert (payload["team"]["id"], payload["user"]["team_id"], payload["view"]["team_id"]) == (
        AGENCY_ORG, AGENCY_ORG, AGENCY_ORG)
    assert payload["view"]["app_installed_team_id"] == TEAM_A and not sent.body, sent.body
    assert emu.wait_for(lambda: [s["submitted_by"] for s in rows(oauth_bot.database_url, Submission)] == [DEV])
    assert emu.wait_for(lambda: any(e["user"] == DEV and "submitted for review" in json.dumps(e["blocks"])
                                    for e in emu.ephemerals(AGENCY)))
    used = {c.token for c in emu.calls[before:]}
    assert used == {token}, used

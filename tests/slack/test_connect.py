"""Which requests of another organisation's members reach a listener: Slack's own payloads decide who is who."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from bot.slack.connect import meant_for_contractor, other_organisation

REFERENCE = Path("/work/shared/slack-reference/payloads")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((REFERENCE / name).read_text())


def test_a_view_from_the_other_side_of_slack_connect_is_another_organisations() -> None:
    other = fixture("view_submission_slack_connect_other_org.json")
    assert other_organisation(other) == "T-other-side"  # the installation is T-installed-workspace
    assert other_organisation(fixture("view_submission.json")) is None
    assert other_organisation(fixture("block_actions.json")) is None


def test_only_the_contractors_forms_pass_from_another_organisation() -> None:
    other = fixture("view_submission_slack_connect_other_org.json")
    assert not meant_for_contractor(other)  # an unknown form ("view-id")
    for callback_id, passes in (("checkin_modal", True), ("submit_modal", True), ("thanks_modal", True),
                                ("kickoff_modal", False), ("changes_modal", False), ("payment_modal", False)):
        view = copy.deepcopy(other)
        view["view"]["callback_id"] = callback_id
        assert meant_for_contractor(view) is passes, callback_id


def test_only_the_contractors_buttons_pass_from_another_organisation() -> None:
    click = fixture("block_actions.json")
    click["user"]["team_id"] = "T-agency"  # a message's button: our team on `team`, theirs on `user`
    assert other_organisation(click) == "T-agency"
    for action_id, passes in (("open_checkin", True), ("snooze_checkin", True), ("open_submit", True),
                              ("my_work", True), ("open_submit_12", True), ("open_thanks", True),
                              ("resolve_blocker", True),
                              ("tick_onboarding_access", True), ("approve_work", False), ("mark_paid", False),
                              ("deadline_end", False), ("dismiss_onboarding", False), ("home_pause", False)):
        click["actions"][0]["action_id"] = action_id
        assert meant_for_contractor(click) is passes, action_id
    click["actions"].append({**click["actions"][0], "action_id": "open_checkin"})
    assert not meant_for_contractor(click)  # one owner's action among them is enough to refuse


def test_an_org_wide_install_serves_its_own_organisations_workspaces() -> None:
    click = fixture("block_actions.json")
    click["user"]["team_id"] = "T-sister-workspace"
    click["is_enterprise_install"] = True
    assert other_organisation(click) is None

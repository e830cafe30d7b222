"""Doors an attacker tried: each test is a request a workspace member, the contractor or another
workspace could send through the real endpoint, and what it must not get or change.

Every test here failed before the fix it comes with (see the commit that added it).
"""

from __future__ import annotations

from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days
from tests.e2e.test_checkin import kickoff
from tests.support.shown import mentions_amount


def test_the_contractor_blocking_a_milestone_is_not_told_its_pay(slack, emulator) -> None:
    """Milestone pay is the owner's private term: the contractor's own reply must not carry it."""
    kickoff(slack)
    added = slack.slash("/task", f'add "Homepage design" due {in_days(10)} pay=800 USD', user=OWNER,
                        channel=PROJECT).wait()
    assert "USD 800.00" in added.text  # the owner is told (the test's own control)
    blocked = slack.slash("/task", "block 1 waiting for the brand assets", user=MARIA, channel=PROJECT).wait()
    assert blocked.ephemeral and "blocked" in blocked.text.lower()
    assert not mentions_amount(blocked.text, "800") and "Milestone pay" not in blocked.text

"""The kickoff brief says how far the deadline is in plain words."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.slack.blocks.kickoff import build_kickoff_brief
from tests.slack.blocks.factories import NOW, TODAY, engagement


@pytest.mark.parametrize(("days", "said"), [(0, "(today)"), (1, "(tomorrow)"), (30, "(30 days from today)")])
def test_the_deadline_in_words(days: int, said: str) -> None:
    built = engagement()
    built.deadline, built.start_on = TODAY + timedelta(days=days), TODAY
    built.checkin_days, built.checkin_time, built.sla_hours = "14", time(10), 24
    built.objectives, built.deliverables, built.contingency = "Faster site", "Homepage", ""
    built.owner.work_start, built.owner.work_end, built.owner.work_days = time(9), time(17), "12345"
    built.contractor.person.work_start, built.contractor.person.work_end = time(9), time(17)
    built.contractor.person.work_days = "12345"
    assert said in str(build_kickoff_brief(built, NOW)["blocks"])

"""The monthly risk review's wording around the deadline and the overdue tasks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.models import Engagement
from bot.domain.engagement.risk_reviews import Facts
from bot.slack.blocks.risk_reviews import build_risk_review
from tests.slack.blocks.factories import TODAY, engagement


def due_in(days: int) -> Engagement:
    built = engagement()
    built.deadline, built.contingency = TODAY + timedelta(days=days), ""
    return built


@pytest.mark.parametrize(("days", "said"), [(30, "30 days to the deadline."), (1, "1 day to the deadline."),
                                            (0, "The deadline is today."), (-1, "The deadline passed 1 day ago."),
                                            (-12, "The deadline passed 12 days ago.")])
def test_the_deadline_in_words(days: int, said: str) -> None:
    assert said in str(build_risk_review(due_in(days), Facts(overdue_tasks=1), TODAY)["blocks"])


def test_overdue_tasks_are_counted_in_words() -> None:
    built = due_in(60)
    assert "1 overdue task." in str(build_risk_review(built, Facts(overdue_tasks=1), TODAY)["blocks"])
    assert "3 overdue tasks." in str(build_risk_review(built, Facts(overdue_tasks=3), TODAY)["blocks"])

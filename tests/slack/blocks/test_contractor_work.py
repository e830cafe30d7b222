"""The contractor's own work as a message: no money, Submit only where it can work, inside Slack's limits."""

from __future__ import annotations

import json
from datetime import date

from bot.db.models import Engagement, Feedback, Payment, Task, Thanks
from bot.domain.reports.dashboards import ContractorDashboard
from bot.emulator.blockkit import validate_message_blocks, validate_view
from bot.emulator.content import MAX_BLOCKS_TEXT, blocks_text_length
from bot.slack import ids
from bot.slack.blocks.contractor_work import build_my_work, build_submit_modal
from tests.slack.blocks.factories import NOW, engagement


def board_of(mine: Engagement, tasks: list[Task], others: int = 0,
             feedback: list[Feedback] | None = None) -> ContractorDashboard:
    more = [engagement(f"Other {n} " + "x" * 140) for n in range(others)]
    for n, other in enumerate(more, start=2):
        other.id = n
    return ContractorDashboard([mine, *more], tasks, [(mine, f) for f in feedback or []], [])


def submits(message: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["value"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e["action_id"].startswith(ids.OPEN_SUBMIT)]


def test_submit_is_offered_for_this_engagements_open_and_blocked_tasks_only() -> None:
    mine = engagement(title="Agency app")
    tasks = [Task(id=10 + n, engagement_id=mine.id, number=n, title=f"T{n}", status=status, due_on=None,
                  blocked_reason="") for n, status in enumerate(("open", "blocked", "submitted", "open"), start=1)]
    tasks[3].engagement_id = 99  # another engagement's task: listed, but submitted from its own channel
    message = build_my_work(board_of(mine, tasks), mine, now=NOW)
    assert submits(message) == ["11", "12"]
    assert ids.OPEN_THANKS in json.dumps(message["blocks"]) and "T4" in json.dumps(message["blocks"])


def test_the_fullest_board_fits_one_message_and_shows_no_money() -> None:
    mine = engagement(title="A" * 200)
    mine.budget_minor, mine.budget_currency = 123_456_00, "EUR"
    tasks = [Task(id=n, engagement_id=mine.id, number=n, title="t" * 200, status="open", due_on=date(2026, 11, 1),
                  blocked_reason="") for n in range(1, 16)]
    feedback = [Feedback(quality=4, timeliness=5, communication=3, comment="c" * 3000, shared_at=NOW)
                for _ in range(5)]
    _ = [Payment(amount_minor=987_654_00, currency="EUR", engagement=mine), Thanks(reason="thanks")]
    message = build_my_work(board_of(mine, tasks, others=30, feedback=feedback), mine, now=NOW)
    assert validate_message_blocks(message["blocks"]) == []
    assert blocks_text_length(message["blocks"]) <= MAX_BLOCKS_TEXT
    shown = json.dumps(message, ensure_ascii=False)
    assert "…and 21 more engagements." in shown and len(submits(message)) == 15
    assert not any(money in shown for money in ("123", "456", "987", "EUR", "€", "$"))


def test_the_submit_form_is_a_valid_modal_that_names_its_task() -> None:
    task = Task(id=7, number=3, title="Homepage", status="open", engagement=engagement(title="Website"))
    view = build_submit_modal(task, "C0AGENCY")
    assert validate_view(view) == [] and view["callback_id"] == ids.SUBMIT_MODAL
    assert "task *3*: Homepage" in json.dumps(view["blocks"])

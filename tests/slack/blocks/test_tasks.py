"""Task builders: what the channel sees, what the invoker sees, and valid Block Kit throughout."""

from __future__ import annotations

import json
from datetime import date

from bot.domain.work.tasks import TaskRow
from bot.emulator.blockkit import validate_message_blocks, validate_view
from bot.slack import ids, metadata
from bot.slack.blocks.tasks import (
    build_task_announcement,
    build_task_list,
    build_task_modal,
    build_task_reply,
    task_line,
)
from tests.slack.blocks.factories import TODAY, engagement, task


def text_of(message: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(message["blocks"], ensure_ascii=False)


def test_line_marks_overdue_in_the_viewers_calendar_and_shows_blocked_reason() -> None:
    late = TaskRow(task(due_on=date(2026, 11, 1)), "U0MARIA")
    assert "overdue" in task_line(late, TODAY)
    assert "overdue" not in task_line(late, date(2026, 11, 1))
    blocked = task_line(TaskRow(task(status="blocked", reason="<!channel> assets"), None), TODAY)
    assert "blocked: &lt;!channel&gt; assets" in blocked and "<!channel>" not in blocked


def test_list_shows_open_tasks_first_then_done() -> None:
    rows = [TaskRow(task(1, "Copy", due_on=date(2026, 11, 5)), "U0MARIA"),
            TaskRow(task(2, "Logo", status="done"), None)]
    message = build_task_list(engagement(), rows, TODAY)
    body = text_of(message)
    assert body.index("Copy") < body.index("Done (1)") < body.index("Logo")
    assert "<@U0MARIA>" in body and "due Thu 05 Nov" in body
    assert validate_message_blocks(message["blocks"]) == []


def test_long_lists_stay_within_slack_limits() -> None:
    rows = [TaskRow(task(n, "x" * 200, status="blocked", reason="y" * 500), "U0MARIA") for n in range(1, 80)]
    message = build_task_list(engagement(), rows, TODAY)
    assert validate_message_blocks(message["blocks"]) == []
    assert "…and 19 more open tasks." in text_of(message)


def test_empty_list_says_how_to_add() -> None:
    assert "/task add" in text_of(build_task_list(engagement(), [], TODAY))


def test_announcements_never_ping_the_channel() -> None:
    shipped = task(title="<!here> ship", due_on=date(2026, 11, 6))
    added = build_task_announcement(shipped, "added", "U0OWNER", "U0MARIA")
    body = text_of(added)
    assert "<!here>" not in body and "&lt;!here&gt; ship" in body
    assert "<@U0OWNER> added task *3*" in body and "for <@U0MARIA>" in body and "due Fri 06 Nov" in body
    blocked = build_task_announcement(task(status="blocked", reason="@channel help"), "blocked", "U0MARIA")
    assert "@channel" not in text_of(blocked)
    done = build_task_announcement(task(status="done"), "done", "U0MARIA")
    assert "finished task *3*" in text_of(done)
    for message in (added, blocked, done):
        assert validate_message_blocks(message["blocks"]) == []


def test_replies_say_what_to_type_next() -> None:
    assert "/task done 3" in text_of(build_task_reply(task(), "added"))
    assert "/task list" in text_of(build_task_reply(task(), "done"))
    assert "/task done 3" in text_of(build_task_reply(task(), "blocked"))


def test_modal_carries_the_channel_and_is_valid() -> None:
    view = build_task_modal("C0PROJECT", engagement())
    assert view["callback_id"] == ids.TASK_MODAL
    assert metadata.open(view["private_metadata"]) == {"channel_id": "C0PROJECT"}
    inputs = [b.get("block_id") for b in view["blocks"] if b["type"] == "input"]
    assert inputs == [ids.TITLE, ids.DUE, ids.ASSIGNEE]
    assert validate_view(view) == []

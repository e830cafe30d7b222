"""Tasks: numbering, who may touch them, and the order of the list."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.work import tasks
from tests.domain.conftest import BOB, MARIA, NOW, OWNER, TODAY, make_engagement, make_person


def add(session, engagement, title="Homepage", by=OWNER, due=None, assignee=None):  # type: ignore[no-untyped-def]
    return tasks.add(session, engagement=engagement, by_user=by, title=title, due_on=due,
                     assignee=assignee, today=TODAY, now=NOW)


def test_tasks_are_numbered_per_engagement(session, owner, engagement) -> None:
    other = make_engagement(session, owner=owner, contractor_user="U0DEV", channel_id="C0OTHER")
    assert [add(session, engagement).number for _ in range(3)] == [1, 2, 3]
    assert add(session, other).number == 1


def test_contractor_may_add_with_assignee_and_due_date(session, engagement) -> None:
    maria = engagement.contractor.person
    task = add(session, engagement, "  Copy  ", by=MARIA, due=date(2026, 11, 6), assignee=maria)
    assert (task.title, task.due_on, task.assignee_id, task.status, task.created_by) == (
        "Copy", date(2026, 11, 6), maria.id, "open", MARIA)


def test_strangers_are_refused_politely(session, engagement) -> None:
    with pytest.raises(NotAllowed, match="owner.*or its contractor"):
        add(session, engagement, by=BOB)
    add(session, engagement)
    with pytest.raises(NotAllowed):
        tasks.finish(session, engagement=engagement, by_user=BOB, number=1, now=NOW)
    with pytest.raises(NotAllowed):
        tasks.block(session, engagement=engagement, by_user=BOB, number=1, reason="x", now=NOW)


@pytest.mark.parametrize(("title", "due", "message"), [
    ("  ", None, "title"),
    ("x" * 201, None, "under 200"),
    ("Copy", date(2026, 11, 1), "in the past"),
])
def test_bad_tasks_are_refused_with_an_example(session, engagement, title, due, message) -> None:
    with pytest.raises(DomainError, match=message) as raised:
        add(session, engagement, title, due=due)
    assert raised.value.example == tasks.ADD_EXAMPLE
    assert tasks.list_for(session, engagement=engagement) == []


def test_done_and_block(session, engagement) -> None:
    add(session, engagement)
    blocked = tasks.block(session, engagement=engagement, by_user=MARIA, number=1, reason=" brand assets ",
                          now=NOW)
    assert (blocked.status, blocked.blocked_reason) == ("blocked", "brand assets")
    done = tasks.finish(session, engagement=engagement, by_user=MARIA, number=1, now=NOW)
    assert (done.status, done.blocked_reason, done.done_at) == ("done", "", NOW)
    with pytest.raises(DomainError, match="already done"):
        tasks.finish(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    with pytest.raises(DomainError, match="already done"):
        tasks.block(session, engagement=engagement, by_user=OWNER, number=1, reason="x", now=NOW)


def test_unknown_numbers_and_empty_reasons(session, engagement) -> None:
    add(session, engagement)
    with pytest.raises(NotFound, match="no task 7"):
        tasks.finish(session, engagement=engagement, by_user=OWNER, number=7, now=NOW)
    with pytest.raises(DomainError, match="what blocks"):
        tasks.block(session, engagement=engagement, by_user=OWNER, number=1, reason=" ", now=NOW)


def test_list_puts_open_tasks_first_by_due_date(session, engagement) -> None:
    bob = make_person(session, BOB)
    add(session, engagement, "later", due=date(2026, 12, 1))
    add(session, engagement, "no date", assignee=bob)
    add(session, engagement, "soon", due=date(2026, 11, 3))
    add(session, engagement, "finished")
    tasks.finish(session, engagement=engagement, by_user=OWNER, number=4, now=NOW)
    rows = tasks.list_for(session, engagement=engagement)
    assert [r.task.title for r in rows] == ["soon", "later", "no date", "finished"]
    assert [r.assignee_user_id for r in rows] == [None, None, BOB, None]


def test_overdue_is_judged_against_the_given_day(session, engagement) -> None:
    task = add(session, engagement, due=date(2026, 11, 3))
    assert not tasks.is_overdue(task, date(2026, 11, 3))
    assert tasks.is_overdue(task, date(2026, 11, 4))
    tasks.finish(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    assert not tasks.is_overdue(task, date(2026, 11, 4))


def test_listed_in_reads_the_channels_open_engagement_and_its_list(session, owner, engagement) -> None:
    add(session, engagement, "Later", due=date(2026, 12, 1))
    add(session, engagement, "Sooner", due=date(2026, 11, 5))
    found, rows = tasks.listed_in(session, team_id=engagement.team_id, channel_id="C0PROJECT")
    assert found.id == engagement.id and found.title == "Website"
    assert [r.task.title for r in rows] == [r.task.title for r in tasks.list_for(session, engagement=engagement)]
    assert [r.task.title for r in rows] == ["Sooner", "Later"]
    engagement.status = "archived"
    session.flush()
    with pytest.raises(NotFound, match="no engagement in this channel"):
        tasks.listed_in(session, team_id=engagement.team_id, channel_id="C0PROJECT")
    with pytest.raises(NotFound):
        tasks.listed_in(session, team_id="T0ELSEWHERE", channel_id="C0PROJECT")

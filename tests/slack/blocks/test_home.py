"""Home builders: paging keeps any number of engagements under Slack's 100 blocks; no database."""

from __future__ import annotations

from datetime import date, time

from bot.domain.reports.dashboards import ContractorDashboard, OwnerDashboard
from bot.domain.reports.status import BoardRow
from bot.slack import ids
from bot.slack.blocks.home import PAGE_SIZE, build_home
from tests.slack.blocks.factories import NOW, engagement


def many(count: int) -> list[BoardRow]:
    rows = []
    for n in range(count):
        e = engagement(title=f"Engagement {n}")
        e.id, e.checkin_days, e.checkin_time, e.status, e.deadline = n + 1, "14", time(10), "active", date(2026, 12, 20)
        rows.append(BoardRow(e, None, None, 2, 1))
    return rows


def test_two_hundred_engagements_fit_on_pages() -> None:
    rows = many(200)
    for offset in (0, 20, 180, 500):
        view = build_home(OwnerDashboard(rows, []), None, now=NOW, offset=offset)
        assert len(view["blocks"]) <= 100
    text = str(build_home(OwnerDashboard(rows, []), None, now=NOW, offset=180))
    assert "Engagements 181-200 of 200" in text and f"{ids.HOME_PAGE}_previous" in text
    assert f"{ids.HOME_PAGE}_next" not in text and "400 open tasks (200 overdue)" in text


def test_one_page_has_no_paging_and_each_engagement_has_its_buttons() -> None:
    view = build_home(OwnerDashboard(many(3), []), None, now=NOW)
    text = str(view)
    assert "paging" not in text and text.count(ids.HOME_SCORECARD) == 3 and text.count(ids.HOME_PAUSE) == 3
    assert len(many(PAGE_SIZE + 1)) > PAGE_SIZE


def test_nobody_gets_the_welcome() -> None:
    view = build_home(OwnerDashboard([], []), ContractorDashboard([], [], [], []), now=NOW)
    assert view["type"] == "home" and "Welcome to Tandem" in str(view) and "/kickoff" in str(view)

"""Scorecard builders: sparklines, dashes for missing data, the verdict, privacy note; no database."""

from __future__ import annotations

from datetime import date

from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_metrics import Rate
from bot.slack.blocks.scorecards import (
    build_scorecard_modal,
    build_scorecards,
    sparkline,
    spend_line,
)
from tests.slack.blocks.factories import engagement

TODAY = date(2030, 1, 15)


def score(**changes: object) -> scorecards.Score:
    base = dict(on_time=Rate(2, 4), responses=Rate(0, 0), median_response_hours=None, within_sla=Rate(0, 0),
                sla_hours=24, averages={"quality": 4.0, "timeliness": None, "communication": None},
                series={"quality": [4, 5, 3], "timeliness": [], "communication": []}, trend=-1.0,
                first_pass=Rate(0, 0), revision_rounds=None, spend={"USD": (150000, 200000)},
                payments_on_time=Rate(1, 2), thanks=3, verdict=scorecards.WATCH, reasons=["ratings falling"])
    return scorecards.Score(**(base | changes))  # type: ignore[arg-type]


def test_sparkline_maps_one_to_five_onto_the_bars() -> None:
    assert sparkline([1, 2, 3, 4, 5]) == "▁▃▅▆█"
    assert sparkline([5, 5, 1, 3, 4, 5], limit=4) == "▁▅▆█"  # the latest four


def test_spend_never_adds_currencies() -> None:
    assert spend_line({"EUR": (10000, None), "USD": (150000, 200000)}) == (
        "EUR 100.00 paid (no budget in EUR) · USD 1,500.00 of USD 2,000.00 (75%)")
    assert spend_line({}) == "— (no budget, nothing paid)"


def test_scorecard_message_shows_figures_dashes_and_verdict() -> None:
    card = scorecards.Card("U0MARIA", "Maria", score(), [(engagement(), score())])
    text = str(build_scorecards([card], "last 90 days", TODAY))
    assert "*On-time delivery:* 50% (2 of 4 tasks due)" in text
    assert "*Check-ins answered:* — (no prompts yet)" in text
    assert "quality 4.0 ▆█▅ · trend -1.0" in text
    assert "— (no milestone approved yet)" in text
    assert "*Watch* — ratings falling" in text and "Only you see this" in text


def test_modal_is_read_only_and_empty_answer_points_to_kickoff() -> None:
    card = scorecards.Card("U0MARIA", "Maria", score(), [(engagement(), score())])
    modal = build_scorecard_modal([card], "Website", "last 90 days")
    assert modal["type"] == "modal" and "submit" not in modal and modal["close"]["text"] == "Close"
    assert "/kickoff" in str(build_scorecards([], "all time", TODAY))
    assert "due 2030-01-29" in str(build_scorecards([], "all time", TODAY))  # two weeks after the reader's today

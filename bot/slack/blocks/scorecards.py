"""Scorecards for the owner alone (ephemeral or a modal): figures, sparklines and the verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_metrics import DIMENSIONS, Rate
from bot.slack import ids
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, divider, header, message, mrkdwn, user_text
from bot.text import examples
from bot.text.money import Money

SPARKS = "▁▂▃▄▅▆▇█"
SHOWN_CARDS = 12
VERDICT_ICONS = {scorecards.KEEP: ":large_green_circle:", scorecards.WATCH: ":large_yellow_circle:",
                 scorecards.END: ":red_circle:", scorecards.EARLY: ":white_circle:"}
PRIVATE = "Only you see this: scorecards, ratings and money are never posted in a channel."


def sparkline(values: list[int], limit: int = 12) -> str:
    """Ratings 1-5 as bars, the latest `limit` of them (1 is the lowest bar, 5 the highest)."""
    return "".join(SPARKS[round((min(max(v, 1), 5) - 1) * 7 / 4)] for v in values[-limit:])


def rate(value: Rate, noun: str) -> str:
    """'67% (2 of 3 tasks)', or a dash while there is nothing to count."""
    if value.percent is None:
        return f"— (no {noun} yet)"
    return f"{value.percent}% ({value.hits} of {value.total} {noun})"


def spend_line(spend: dict[str, tuple[int, int | None]]) -> str:
    """'USD 1,500.00 of USD 2,000.00 (75%)' per currency; amounts are never added across currencies."""
    parts = []
    for currency, (paid, budget) in spend.items():
        if budget:
            parts.append(f"{Money(paid, currency)} of {Money(budget, currency)} ({round(100 * paid / budget)}%)")
        else:
            parts.append(f"{Money(paid, currency)} paid (no budget in {currency})")
    return " · ".join(parts) or "— (no budget, nothing paid)"


def ratings_line(score: scorecards.Score) -> str:
    """'quality 4.5 ▆█ · timeliness 3.0 ▅▅ · … · trend +0.5' or a dash without feedback."""
    rated = [(d, score.averages[d]) for d in DIMENSIONS if score.averages[d] is not None]
    if not rated:
        return "— (no feedback yet)"
    parts = [f"{d} {avg:.1f} {sparkline(score.series[d])}" for d, avg in rated]
    if score.trend is not None:
        parts.append(f"trend {score.trend:+.1f}")
    return " · ".join(parts)


def response_line(score: scorecards.Score) -> str:
    """Answered prompts, then the median response against the SLA (in working hours)."""
    line = rate(score.responses, "prompts")
    if score.median_response_hours is not None:
        sla = f"SLA {score.sla_hours} h" if score.sla_hours else "SLAs differ"
        line += (f" · median reply {score.median_response_hours:.1f} working h ({sla}) · "
                 f"{score.within_sla.percent}% within SLA")
    return line


def milestone_line(score: scorecards.Score) -> str:
    """First-pass acceptance and revision rounds, or a dash before any milestone was approved."""
    if score.first_pass.total == 0:
        return "— (no milestone approved yet)"
    return f"{rate(score.first_pass, 'milestones')} · {score.revision_rounds:.1f} revision rounds on average"


def figures(score: scorecards.Score) -> str:
    """The contractor's figures, one per line: what the verdict reads."""
    return "\n".join([
        f"*On-time delivery:* {rate(score.on_time, 'tasks due')}",
        f"*Check-ins answered:* {response_line(score)}",
        f"*Ratings:* {ratings_line(score)}",
        f"*Milestones accepted first time:* {milestone_line(score)}",
        f"*Spend against budget:* {spend_line(score.spend)}",
    ])


def own_record(score: scorecards.Score) -> str:
    """The owner's own record, apart: it never feeds the contractor's verdict."""
    return "\n".join([
        "*Your record* (yours, not the contractor's; not part of the verdict)",
        f"*Payments made on time:* {rate(score.payments_on_time, 'payments')}",
        f"*Thanks given:* {score.thanks}",
    ])


def verdict(score: scorecards.Score) -> str:
    """':large_yellow_circle: *Watch* — only 50% of check-ins answered'."""
    return f"{VERDICT_ICONS[score.verdict]} *{score.verdict.capitalize()}* — {'; '.join(score.reasons)}"


def card_blocks(card: scorecards.Card) -> list[dict[str, Any]]:
    """A contractor's verdict and figures, then one line per engagement."""
    who = f"*{user_text(card.contractor_name, 100)}* (<@{card.contractor_user_id}>)"
    # The owner's record shares the figures' block: a message holds at most 50 blocks.
    blocks = [mrkdwn(f"{who}\n{verdict(card.total)}"), mrkdwn(f"{figures(card.total)}\n\n{own_record(card.total)}")]
    if len(card.per_engagement) > 1:
        lines = [f"• *{user_text(e.title, 80)}*: {s.verdict} · on time {rate(s.on_time, 'tasks')} · "
                 f"check-ins {rate(s.responses, 'prompts')}" for e, s in card.per_engagement[:10]]
        blocks.append(context("\n".join(lines)))
    return blocks


def build_scorecards(cards: list[scorecards.Card], period: str, today: date) -> dict[str, Any]:
    """The /scorecard answer: one card per contractor (the worst first), private to the owner."""
    if not cards:
        return message("No scorecards yet.", [mrkdwn(
            "Scorecards cover the engagements you own, and you have none with that contractor yet. "
            + examples.render('Start one with `/kickoff @name "Title" due {today+14}`.', today))])
    blocks: list[dict[str, Any]] = [header(f"Scorecards · {period}")]
    for card in cards[:SHOWN_CARDS]:
        blocks += card_blocks(card) + [divider()]
    if len(cards) > SHOWN_CARDS:
        blocks.append(context(f"…and {len(cards) - SHOWN_CARDS} more contractors: `/scorecard @name` shows one."))
    blocks.append(context(PRIVATE))
    summary = ", ".join(f"{c.contractor_name}: {c.total.verdict}" for c in cards[:SHOWN_CARDS])
    return message(f"Scorecards ({period}): {summary}", blocks)


def build_scorecard_modal(cards: list[scorecards.Card], title: str, period: str) -> dict[str, Any]:
    """The same scorecard in a read-only modal (from the Home tab, which has no channel to answer in)."""
    blocks = [context(f"*{user_text(title, 150)}* · {period}")]
    for card in cards[:1]:
        blocks += card_blocks(card)
    blocks.append(context(PRIVATE))
    view = forms.modal(ids.SCORECARD_MODAL, "Scorecard", blocks)
    view.pop("submit")
    view["close"]["text"] = "Close"
    return view

"""Scorecards: how a contractor is doing across the engagements one owner has with them.

Private to the owner: only engagements the asker owns are ever loaded. `load` reads every row
in a fixed number of queries; `score` and `cards` are pure, so the figures are checked by hand.

The verdict counts warning signs, each only once there is enough data to judge:
on-time delivery under 70 % (2+ tasks due), check-in response rate under 60 % (3+ prompts),
most replies later than the SLA (3+ timed check-ins), average rating under 3 of 5, ratings falling by a point
or more, first-pass acceptance under 50 % (2+ milestones approved).
One sign: watch. Two or more: consider ending. No sign is "keep" only with enough evidence (2+
tasks due, 3+ prompts, a rating or 2+ approved milestones) and no figure under its threshold on
too little data; otherwise the verdict is "too early to judge" and says what there is so far.

The owner's own record (payments made on time, thanks given) is shown apart and never feeds
the contractor's verdict: a late payment is the owner's doing, not the contractor's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import mean

from bot.db.models import Engagement
from bot.domain.reports import scorecard_metrics as metrics
from bot.domain.reports.scorecard_metrics import Rate
from bot.domain.reports.scorecard_rows import Facts, load
from bot.domain.schedule import worktime
from bot.text.counts import plural

KEEP, WATCH, END, EARLY = "keep", "watch", "consider ending", "too early to judge"


@dataclass(frozen=True)
class Figures:
    """The figures of a scorecard, before the verdict: what `judge` reads."""

    on_time: Rate
    responses: Rate
    median_response_hours: float | None
    within_sla: Rate
    sla_hours: int | None
    averages: dict[str, float | None]
    series: dict[str, list[int]]
    trend: float | None
    first_pass: Rate
    revision_rounds: float | None
    spend: dict[str, tuple[int, int | None]]
    payments_on_time: Rate
    thanks: int


@dataclass(frozen=True)
class Score(Figures):
    """Every figure of one scorecard, plus the verdict and why."""

    verdict: str
    reasons: list[str]


@dataclass(frozen=True)
class Card:
    """A contractor's scorecard: the whole and each engagement."""

    contractor_user_id: str
    contractor_name: str
    total: Score
    per_engagement: list[tuple[Engagement, Score]]


def score(facts: Facts, *, since: datetime | None, now: datetime) -> Score:
    """All figures of the facts' engagements (of one contractor and one owner)."""
    first = facts.engagements[0]
    contractor_tz, owner_tz = first.contractor.person.tz, first.owner.tz
    contractor_since = worktime.local_today(since, contractor_tz) if since else None
    owner_since = worktime.local_today(since, owner_tz) if since else None
    by_id = {e.id: e for e in facts.engagements}
    times = metrics.response_times(facts.checkins, by_id)
    series = metrics.rating_series(facts.feedback)
    first_pass, rounds = metrics.first_pass(facts.submissions)
    slas = {e.sla_hours for e in facts.engagements}
    figures = Figures(
        on_time=metrics.on_time_tasks(facts.tasks, contractor_tz, worktime.local_today(now, contractor_tz),
                                      contractor_since),
        responses=metrics.answered_prompts(facts.prompts, facts.checkins, by_id, now),
        median_response_hours=metrics.median_hours(times), within_sla=metrics.within_sla(times),
        sla_hours=slas.pop() if len(slas) == 1 else None,
        averages=metrics.averages(series), series=series,
        trend=metrics.trend(metrics.overall_series(facts.feedback)), first_pass=first_pass,
        revision_rounds=rounds, spend=metrics.spend(facts.engagements, facts.payments),
        payments_on_time=metrics.paid_on_time(facts.payments, owner_tz, worktime.local_today(now, owner_tz),
                                              owner_since),
        thanks=len(facts.thanks),
    )
    verdict, reasons = judge(figures)
    return Score(**vars(figures), verdict=verdict, reasons=reasons)


def _below(rate: Rate, percent: int) -> bool:
    """Under `percent`; never for 0 of 0, which has no percentage."""
    return rate.percent is not None and rate.percent < percent


def judge(figures: Figures) -> tuple[str, list[str]]:
    """keep / watch / consider ending / too early to judge, with the reasons (see the module docstring).

    Reads only the contractor's figures: the owner's payments never count against them.
    """
    signs: list[str] = []
    early: list[str] = []
    on_time, responses, first = figures.on_time, figures.responses, figures.first_pass
    if on_time.total >= 2 and _below(on_time, 70):
        signs.append(f"only {on_time.percent}% of tasks delivered on time")
    elif on_time.total and _below(on_time, 70):
        early.append(f"{plural(on_time.total, 'task')} due so far, {on_time.percent}% on time")
    if responses.total >= 3 and _below(responses, 60):
        signs.append(f"only {responses.percent}% of check-ins answered")
    elif responses.total and _below(responses, 60):
        early.append(f"{plural(responses.total, 'check-in prompt')} so far, {responses.percent}% answered")
    timed = figures.within_sla
    if figures.median_response_hours is not None and timed.total >= 3 and _below(timed, 50):
        signs.append("most check-ins answered later than the agreed response time")
    elif figures.median_response_hours is not None and _below(timed, 50):
        early.append(f"{plural(timed.total, 'timed check-in')} so far, {timed.percent}% within the SLA")
    rated = [v for v in figures.averages.values() if v is not None]
    if rated and mean(rated) < 3:
        signs.append(f"average rating {mean(rated):.1f} of 5")
    if (trend := figures.trend) is not None and trend <= -1:
        signs.append("ratings falling")
    if first.total >= 2 and _below(first, 50):
        signs.append(f"only {first.percent}% of milestones accepted first time")
    elif first.total and _below(first, 50):
        early.append(f"{plural(first.total, 'milestone')} approved so far, {first.percent}% first time")
    if signs:
        return (WATCH if len(signs) == 1 else END), signs + [f"also {note}" for note in early]
    enough = on_time.total >= 2 or responses.total >= 3 or bool(rated) or first.total >= 2
    if early or not enough:
        return EARLY, early or [f"{plural(on_time.total, 'task')} due so far",
                                f"{plural(responses.total, 'check-in prompt')} so far"]
    return KEEP, ["no warning signs"]


def cards(facts: Facts, *, since: datetime | None, now: datetime) -> list[Card]:
    """One card per contractor, worst verdict first, then by name."""
    by_contractor: dict[int, list[Engagement]] = {}
    for engagement in facts.engagements:
        by_contractor.setdefault(engagement.contractor_id, []).append(engagement)
    found = []
    for engagements in by_contractor.values():
        person = engagements[0].contractor.person
        narrowed = facts.only({e.id for e in engagements})
        each = [(e, score(narrowed.only({e.id}), since=since, now=now)) for e in engagements]
        found.append(Card(person.user_id, person.name, score(narrowed, since=since, now=now), each))
    order = {END: 0, WATCH: 1, EARLY: 2, KEEP: 3}
    return sorted(found, key=lambda c: (order[c.total.verdict], c.contractor_name.lower()))


def since_for(days: int | None, now: datetime) -> datetime | None:
    """The start of a window of `days` days before `now` (None = all time)."""
    return now - timedelta(days=days) if days else None


__all__ = ["Card", "Facts", "Score", "cards", "load", "score", "since_for"]

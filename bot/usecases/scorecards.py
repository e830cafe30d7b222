"""Scorecards: how each contractor is doing, read from the asker's own engagements only."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_rows import owned
from bot.runtime import Runtime
from bot.slack.blocks.scorecards import build_scorecards
from bot.slack.grammar import scorecard as grammar

PERIOD_LABELS = {"30d": "last 30 days", "90d": "last 90 days", "all": "all time"}


def for_owner(runtime: Runtime, team_id: str, user_id: str, parsed: grammar.ScorecardCommand,
              today: date) -> dict[str, Any]:
    """The scorecards of the engagements `user_id` owns (with one contractor, if named); `today` is theirs."""
    now = runtime.clock()
    since = scorecards.since_for(parsed.days, now)
    with runtime.sessions() as session:
        found = owned(session, team_id=team_id, owner_user_id=user_id, contractor_user_id=parsed.contractor_id)
        if not found and parsed.contractor_id is None:
            raise NotAllowed("Scorecards are for owners, and you own no engagement yet. "
                             'Start one with `/kickoff @name "Title" due {today+14}`.')
        if not found:
            raise NotFound(f"You have no engagement with <@{parsed.contractor_id}>, so there is no "
                           "scorecard to show.", grammar.EXAMPLE)
        facts = scorecards.load(session, engagements=found, since=since, now=now)
        cards = scorecards.cards(facts, since=since, now=now)
    return build_scorecards(cards, PERIOD_LABELS[parsed.period], today)

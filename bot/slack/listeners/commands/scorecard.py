"""/scorecard: how each contractor is doing, for the owner alone (always ephemeral)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.reports import scorecards
from bot.domain.reports.scorecard_rows import owned
from bot.runtime import Runtime
from bot.slack.blocks.help import build_help
from bot.slack.blocks.scorecards import build_scorecards
from bot.slack.grammar import scorecard as grammar
from bot.slack.listeners.common import known_today, runtime_of, team_of

PERIOD_LABELS = {"30d": "last 30 days", "90d": "last 90 days", "all": "all time"}


def handle_scorecard(ack: Ack, command: dict[str, Any], context: dict[str, Any]) -> None:
    """Parse, compute from the asker's own engagements only, answer in the ack."""
    parsed = grammar.parse(command.get("text", ""))
    if parsed.action == "help":
        today = known_today(runtime_of(context), team_of(command), command["user_id"])
        ack(**build_help("/scorecard", today), response_type="ephemeral")
        return
    reply = answer(runtime_of(context), team_of(command), command["user_id"], parsed)
    ack(**reply, response_type="ephemeral")


def answer(runtime: Runtime, team_id: str, user_id: str, parsed: grammar.ScorecardCommand) -> dict[str, Any]:
    """The scorecards of the engagements `user_id` owns (with one contractor, if named)."""
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
    return build_scorecards(cards, PERIOD_LABELS[parsed.period], known_today(runtime, team_id, user_id))

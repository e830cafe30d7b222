"""/engagement: observers of this channel's engagement, and its life (edit, pause, resume, end, reopen)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain.engagement import engagements, observers
from bot.domain.roster import people
from bot.slack.blocks.help import build_help
from bot.slack.blocks.observers import (
    build_observer_added,
    build_observer_list,
    build_observer_removed,
)
from bot.slack.grammar import engagement as grammar
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of, team_of
from bot.usecases import engagement_life
from bot.usecases.engagement_life import Where

LIFE = ("edit", "pause", "resume", "end", "reopen")


def handle_engagement(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                      context: dict[str, Any]) -> None:
    """Observers are saved before the ack; the life steps ack first, then answer privately once Slack heard."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = team_of(command), command["user_id"], command["channel_id"]
    parsed = grammar.parse(command.get("text", ""), today=known_today(runtime, team_id, user_id))
    if parsed.action == "help":
        ack(**build_help("/engagement", known_today(runtime, team_id, user_id)))
        return
    if parsed.action in LIFE:
        ack()
        respond(**life(runtime, client, Where(team_id, channel_id, user_id, parsed.rest), parsed),
                response_type="ephemeral")
        return
    ack(**observe(runtime, client, team_id, user_id, channel_id, parsed))


def life(runtime: Any, client: WebClient, where: Where, parsed: grammar.EngagementCommand) -> dict[str, Any]:
    """One use case per step of the engagement's life."""
    if parsed.action == "edit":
        assert parsed.edits is not None
        return engagement_life.edit(runtime, client, where, parsed.edits)
    if parsed.action in ("pause", "resume"):
        return engagement_life.pause(runtime, where, paused=parsed.action == "pause")
    if parsed.action == "end":
        return engagement_life.end(runtime, client, where, parsed.rest)
    return engagement_life.reopen(runtime, client, where)


def observe(runtime: Any, client: WebClient, team_id: str, user_id: str, channel_id: str,
            parsed: grammar.EngagementCommand) -> dict[str, Any]:
    """observe / unobserve / observers, saved before the ack."""
    observing = parsed.action == "observe"
    profile = fetch_profile(client, parsed.user_id or "", runtime.settings.default_timezone) if observing else None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        if parsed.action == "observers":
            engagements.require_owner(engagement, user_id, "list its observers")
            return build_observer_list(engagement,
                                       observers.list_for(session, [engagement.id]).get(engagement.id, []))
        if profile is not None:
            person = people.ensure(session, team_id=team_id, profile=profile, now=now)
            added = observers.add(session, engagement=engagement, person=person, by_user=user_id, now=now)
            return build_observer_added(engagement, person.user_id, added)
        assert parsed.user_id is not None
        observers.remove(session, engagement=engagement, user_id=parsed.user_id, by_user=user_id, now=now)
        return build_observer_removed(engagement, parsed.user_id)

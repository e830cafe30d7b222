"""/engagement: who observes this channel's engagement (observers get the digest and the board, never prompts)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.session import transaction
from bot.domain import engagements, observers, people
from bot.slack.blocks.help import build_help
from bot.slack.blocks.observers import (
    build_observer_added,
    build_observer_list,
    build_observer_removed,
)
from bot.slack.grammar import engagement as grammar
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of


def handle_engagement(ack: Ack, command: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
    """Everything is saved before the ack, so refusals and confirmations come in it (to the invoker alone)."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = command["team_id"], command["user_id"], command["channel_id"]
    parsed = grammar.parse(command.get("text", ""))
    if parsed.action == "help":
        ack(**build_help("/engagement", known_today(runtime_of(context), command["team_id"], command["user_id"])))
        return
    observe = parsed.action == "observe"
    profile = fetch_profile(client, parsed.user_id, runtime.settings.default_timezone) if observe else None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        if parsed.action == "observers":
            engagements.require_owner(engagement, user_id, "list its observers")
            reply = build_observer_list(engagement, observers.list_for(session, [engagement.id]).get(engagement.id, []))
        elif profile is not None:
            person = people.ensure(session, team_id=team_id, profile=profile, now=now)
            added = observers.add(session, engagement=engagement, person=person, by_user=user_id, now=now)
            reply = build_observer_added(engagement, person.user_id, added)
        else:
            assert parsed.user_id is not None
            observers.remove(session, engagement=engagement, user_id=parsed.user_id, by_user=user_id, now=now)
            reply = build_observer_removed(engagement, parsed.user_id)
    ack(**reply)

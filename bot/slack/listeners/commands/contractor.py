"""/contractor: the registry of the people we pay, answered privately to the person asking."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.db.models import Contractor
from bot.db.session import transaction
from bot.domain import contractors, engagements, people, worktime
from bot.runtime import Runtime
from bot.slack.blocks.contractors import (
    build_contractor_card,
    build_contractor_list,
    build_contractor_modal,
)
from bot.slack.blocks.help import build_help
from bot.slack.grammar import contractor as grammar
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of


def handle_contractor(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                      context: dict[str, Any]) -> None:
    """Route /contractor to its sub-command; only `add` needs Slack, so only it replies later."""
    runtime = runtime_of(context)
    team_id, user_id = command["team_id"], command["user_id"]
    parsed = grammar.parse(command.get("text", ""), today=known_today(runtime, team_id, user_id))
    if parsed.action == "help":
        ack(**build_help("/contractor", known_today(runtime_of(context), command["team_id"], command["user_id"])))
    elif parsed.action == "modal":
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=build_contractor_modal())
    elif parsed.action == "add":
        ack()
        respond(**add_contractor(runtime, client, team_id, user_id, parsed.add), response_type="ephemeral")
    else:
        ack(**answer(runtime, team_id, user_id, parsed))


def add_contractor(runtime: Runtime, client: WebClient, team_id: str, user_id: str,
                   add: grammar.AddContractor, profile: people.Profile | None = None) -> dict[str, Any]:
    """Register or update a contractor; their zone defaults to their Slack profile's (fetched unless given)."""
    profile = profile or fetch_profile(client, add.user_id, runtime.settings.default_timezone)
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        contractor, created = contractors.add(
            session, team_id=team_id, profile=profile, added_by=user_id, now=now,
            pattern=add.pattern, rate=add.rate, company=add.company, skills=add.skills,
        )
        return build_contractor_card(contractor, now, show_money=True, created=created)


def answer(runtime: Runtime, team_id: str, user_id: str, parsed: grammar.ContractorCommand) -> dict[str, Any]:
    """list, show, vet and away: database only, answered in the ack."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        if parsed.action == "list":
            entries = [(c, may_see_money(session, c, user_id))
                       for c in contractors.list_active(session, team_id=team_id)]
            return build_contractor_list(entries, now)
        contractor = contractors.require(session, team_id=team_id, user_id=parsed.user_id)
        if parsed.action == "vet":
            today = worktime.local_today(now, runtime.settings.default_timezone)
            contractors.vet(session, contractor=contractor, item=parsed.item or "", on=today, now=now)
        elif parsed.action == "away" and parsed.away:
            contractors.add_time_off(session, contractor=contractor, start=parsed.away[0], end=parsed.away[1])
        return build_contractor_card(contractor, now, show_money=may_see_money(session, contractor, user_id))


def may_see_money(session: Any, contractor: Contractor, viewer: str) -> bool:
    """A rate is shown to whoever registered the contractor and to owners of their engagements."""
    if contractor.added_by == viewer:
        return True
    owned = engagements.for_owner(session, team_id=contractor.team_id, user_id=viewer)
    return any(e.contractor_id == contractor.id for e in owned)

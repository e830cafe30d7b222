"""/checkin: contractors report (text or form), owners read the status board instead of pinging."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.db.session import reading, transaction
from bot.domain.checkin import blockers, checkin_reads, checkins
from bot.domain.engagement import engagements
from bot.domain.errors import NotAllowed
from bot.domain.roster import people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.checkins import (
    build_board,
    build_checkin_modal,
    build_checkin_saved,
    build_checkin_summary,
    build_unblocked,
)
from bot.slack.blocks.help import build_help
from bot.slack.grammar import checkin as grammar
from bot.slack.listeners.common import known_today, runtime_of, stored, team_of


def handle_checkin(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                   context: dict[str, Any]) -> None:
    """Route /checkin by what was typed and who typed it."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = team_of(command), command["user_id"], command["channel_id"]
    parsed = grammar.parse(command.get("text", ""))
    if parsed.action == "help":
        ack(**build_help("/checkin", known_today(runtime_of(context), team_of(command), command["user_id"])))
        return
    if parsed.action == "status":
        ack(**board_for(runtime, team_id, user_id, channel_id))
        return
    if parsed.action == "unblock":
        ack(**unblock(runtime, client, team_id, user_id, channel_id))
        return
    engagement = find_engagement(runtime, team_id, user_id, channel_id)
    if parsed.action == "form" and engagement is None:
        ack(**board_for(runtime, team_id, user_id))
    elif parsed.action == "form":
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=form_for(runtime, engagement, channel_id))
    elif engagement is None:
        raise NotAllowed("Only an engagement's contractor checks in. Owners: `/checkin status` shows the board.")
    else:
        ack()
        assert parsed.report is not None
        respond(**save(runtime, client, engagement.id, user_id, parsed.report, "command"), response_type="ephemeral")


def find_engagement(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> Engagement | None:
    """The engagement this contractor is checking in on, if they are one."""
    with reading(runtime.sessions) as session:
        found = checkin_reads.checkin_target(session, team_id=team_id, user_id=user_id, channel_id=channel_id)
        return session.get(Engagement, found) if found is not None else None


def board_for(runtime: Runtime, team_id: str, user_id: str, channel_id: str | None = None) -> dict[str, Any]:
    """The status board of the engagements a person owns, then those they observe.

    With `channel_id`, first the question every /checkin asks (which engagement the speaker
    checks in on), in the same session: a contractor of several gets the same refusal.
    """
    now = runtime.clock()
    with reading(runtime.sessions) as session:
        if channel_id is not None:
            checkin_reads.checkin_target(session, team_id=team_id, user_id=user_id, channel_id=channel_id)
        rows = checkin_reads.board_for(session, team_id=team_id, user_id=user_id, now=now)
        # The speaker's own work as a contractor: they are told their next check-in, never "nothing".
        working = engagements.for_contractor(session, team_id=team_id, user_id=user_id)
        tz = working[0].contractor.person.tz if working else people.zone_of(session, team_id=team_id, user_id=user_id)
        today = worktime.local_today(now, tz or runtime.settings.default_timezone)
        return build_board(rows, now, today, working)


def form_for(runtime: Runtime, engagement: Engagement, channel_id: str) -> dict[str, Any]:
    """The check-in form, pre-filled if the contractor already checked in today."""
    with runtime.sessions() as session:
        existing = checkins.for_day(session, engagement, checkins.local_date(engagement, runtime.clock()))
    return build_checkin_modal(engagement, existing, channel_id)


def save(runtime: Runtime, client: WebClient, engagement_id: int, user_id: str, report: checkins.Report,
         source: str) -> dict[str, Any]:
    """Record the check-in, show it in the engagement's channel, and return the contractor's confirmation."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = stored(session, Engagement, engagement_id, "engagement")
        author = people.get(session, team_id=engagement.team_id, user_id=user_id)
        if author is None:
            raise NotAllowed("Only the engagement's contractor checks in.")
        checkin, created = checkins.record(session, engagement=engagement, author=author, report=report,
                                           source=source, now=now)
        client.chat_postMessage(channel=engagement.channel_id,
                                **build_checkin_summary(engagement, checkin, edited=not created))
        return build_checkin_saved(engagement, checkin, created=created)


def unblock(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str) -> dict[str, Any]:
    """Clear every open blocker of this channel's engagement (its contractor or owner only); the channel hears."""
    with transaction(runtime.sessions) as session:
        engagement = engagements.require_in_channel(session, team_id=team_id, channel_id=channel_id)
        if engagements.role_of(engagement, user_id) is None:
            raise NotAllowed(f"Only <@{engagement.owner.user_id}> (the owner) or "
                             f"<@{engagement.contractor.person.user_id}> (the contractor) can clear this "
                             "engagement's blockers.")
        cleared = blockers.clear(session, engagement=engagement, by_user=user_id, now=runtime.clock())
        reply = build_unblocked(engagement, [checkin.blockers for checkin in cleared], user_id)
        if cleared:
            client.chat_postMessage(channel=engagement.channel_id, **reply)
        return reply | {"response_type": "ephemeral"}

"""Check-ins: the board, the form, a saved check-in, cleared blockers and a snoozed prompt.

/checkin, the check-in form and the prompt's buttons (Check in, Snooze, Resolved) all end here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.db.models import Checkin, Engagement
from bot.db.session import reading, transaction
from bot.domain.checkin import blockers, checkin_reads, checkins
from bot.domain.engagement import engagements
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.reports.status import BoardRow, EngagementCard
from bot.domain.roster import people
from bot.domain.schedule import snoozes, worktime
from bot.runtime import Runtime
from bot.slack.blocks.blockers import build_blocker_resolved
from bot.slack.blocks.checkins import (
    build_board,
    build_checkin_modal,
    build_checkin_saved,
    build_checkin_summary,
    build_unblocked,
)
from bot.usecases.records import require_team, stored

Payload = dict[str, Any]
NOT_A_CONTRACTOR = "Only an engagement's contractor checks in. Owners: `/checkin status` shows the board."


def target(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> int:
    """The engagement this contractor checks in on here; anyone else is pointed to the board."""
    with reading(runtime.sessions) as session:
        found = checkin_reads.checkin_target(session, team_id=team_id, user_id=user_id, channel_id=channel_id)
    if found is None:
        raise NotAllowed(NOT_A_CONTRACTOR)
    return found


def board(runtime: Runtime, team_id: str, user_id: str, channel_id: str | None = None) -> Payload:
    """The status board of the engagements a person owns, then those they observe.

    With `channel_id`, first the question every /checkin asks (which engagement the speaker
    checks in on), in the same session: a contractor of several gets the same refusal.
    """
    with reading(runtime.sessions) as session:
        contracts = None
        if channel_id is not None:
            found = checkin_reads.checkin_target(session, team_id=team_id, user_id=user_id, channel_id=channel_id)
            contracts = found is not None
        return _board(session, runtime, team_id, user_id, contracts=contracts)


def form_or_board(runtime: Runtime, team_id: str, user_id: str, channel_id: str) -> tuple[str, Payload]:
    """("form", the check-in form) for the engagement's contractor, else ("board", the status board)."""
    with reading(runtime.sessions) as session:
        found = checkin_reads.checkin_target(session, team_id=team_id, user_id=user_id, channel_id=channel_id)
        engagement = session.get(Engagement, found) if found is not None else None
        if engagement is None:
            return "board", _board(session, runtime, team_id, user_id, contracts=found is not None)
        return "form", _form(session, runtime, engagement, channel_id)


def button_form(runtime: Runtime, team_id: str, user_id: str, engagement_ref: object, channel_id: str) -> Payload:
    """The form the prompt's "Check in" opens: only the engagement's contractor gets it."""
    with reading(runtime.sessions) as session:
        engagement = stored(session, Engagement, engagement_ref, "engagement")
        require_team(engagement, team_id)
        if engagements.role_of(engagement, user_id) != "contractor":
            raise NotAllowed("This check-in is for the engagement's contractor.")
        return _form(session, runtime, engagement, channel_id or engagement.channel_id)


def require_engagement(runtime: Runtime, team_id: str, engagement_ref: object) -> None:
    """The form's engagement still exists in the submitter's workspace (checked before its fields)."""
    with reading(runtime.sessions) as session:
        engagement = session.get(Engagement, int(str(engagement_ref)))
        if engagement is None:
            raise NotFound("This engagement no longer exists.")
        require_team(engagement, team_id)


def save(runtime: Runtime, client: WebClient, engagement_id: object, user_id: str, report: checkins.Report,
         source: str) -> Payload:
    """Record the check-in and show it in the engagement's channel; the contractor's confirmation.

    The summary is posted inside the transaction, as it always was: a check-in the channel could
    not be shown is not kept (the summary carries no ids, so a crash after it is harmless).
    """
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


def unblock(runtime: Runtime, client: WebClient, team_id: str, user_id: str, channel_id: str) -> Payload:
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


def resolve_blocker(runtime: Runtime, client: WebClient, team_id: str, user_id: str, checkin_ref: object,
                    clicked: tuple[str, str]) -> None:
    """Clear the alert's blocker (and its word-for-word repeats since), then show who did on the clicked alert.

    The button names a check-in by its id, and ids run across workspaces: one of another workspace
    is answered as gone, whoever presses it.
    """
    with transaction(runtime.sessions) as session:
        checkin = stored(session, Checkin, checkin_ref, "check-in")
        engagement = checkin.engagement
        require_team(engagement, team_id, "This check-in no longer exists.")
        if engagements.role_of(engagement, user_id) is None:
            raise NotAllowed(f"Sorry, only <@{engagement.owner.user_id}> (the owner) or "
                             f"<@{engagement.contractor.person.user_id}> (the contractor) can mark this blocker "
                             "resolved. Nothing was changed.")
        blockers.clear(session, engagement=engagement, by_user=user_id, now=runtime.clock(),
                       checkin_ids=blockers.same_blocker(session, checkin))
        # Already cleared (pressed twice, or an on-track check-in came first): say who did.
        reply = build_blocker_resolved(engagement, checkin, checkin.blocker_resolved_by or user_id)
    if clicked[0] and clicked[1]:
        client.chat_update(channel=clicked[0], ts=clicked[1], **reply)


def snooze(runtime: Runtime, team_id: str, user_id: str, value: str, channel_id: str, prompt_ts: str) -> str:
    """Snooze the contractor's prompt (its button's value is `engagement:day`); when it comes back, in their words.

    The nudge is posted where the click came from, so only the engagement's own channel will do.
    """
    engagement_id, _, day = value.partition(":")
    try:  # a value of another shape is no prompt of ours (edited, or from an old client)
        local_date = date.fromisoformat(day)
    except ValueError:
        raise NotFound("This check-in prompt is no longer known.") from None
    with transaction(runtime.sessions) as session:
        engagement = stored(session, Engagement, engagement_id, "engagement")
        require_team(engagement, team_id)
        if channel_id != engagement.channel_id:
            raise NotAllowed("This check-in prompt belongs to another channel.")
        until = snoozes.snooze(session, engagement=engagement, user_id=user_id,
                               local_date=local_date, channel_id=channel_id,
                               prompt_ts=prompt_ts, now=runtime.clock())
        return worktime.format_local(until, engagement.contractor.person.tz, with_day=True)


def _board(session: Session, runtime: Runtime, team_id: str, user_id: str, *, contracts: bool | None) -> Payload:
    """The board, and the speaker's own work as a contractor.

    `contracts`: whether checkin_target, just asked, found the speaker contracting any open
    engagement here (None: not asked). It reads what for_contractor would, so an owner who
    contracts nothing (the usual reader) costs no second, ORM read of it.
    """
    now = runtime.clock()
    rows = checkin_reads.board_for(session, team_id=team_id, user_id=user_id, now=now)
    # The speaker's own work as a contractor: they are told their next check-in, never "nothing".
    working = engagements.for_contractor(session, team_id=team_id, user_id=user_id) if contracts is not False else []
    tz = working[0].contractor.person.tz if working else _zone_on_board(rows, user_id)
    if tz is None:
        tz = people.zone_of(session, team_id=team_id, user_id=user_id)
    today = worktime.local_today(now, tz or runtime.settings.default_timezone)
    return build_board(rows, now, today, working)


def _zone_on_board(rows: list[BoardRow[EngagementCard]], user_id: str) -> str | None:
    """The speaker's zone as the board read it: on the rows they own, the owner is their Person row."""
    return next((row.engagement.owner.tz for row in rows if row.engagement.owner.user_id == user_id), None)


def _form(session: Session, runtime: Runtime, engagement: Engagement, channel_id: str) -> Payload:
    """The check-in form, pre-filled if the contractor already checked in today."""
    existing = checkins.for_day(session, engagement, checkins.local_date(engagement, runtime.clock()))
    return build_checkin_modal(engagement, existing, channel_id)

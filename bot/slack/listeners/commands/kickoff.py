"""/kickoff: start an engagement only with a plan; the brief goes to the channel, money to the owner."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.engagement import engagements, guard_rails, observers, onboarding
from bot.domain.errors import DomainError
from bot.domain.roster import contractors, people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.help import build_help
from bot.slack.blocks.kickoff import build_kickoff_brief, build_kickoff_modal, build_kickoff_private
from bot.slack.client import CANNOT_POST
from bot.slack.grammar import kickoff as grammar
from bot.slack.listeners.common import fetch_profile, known_today, runtime_of, team_of

logger = logging.getLogger(__name__)


def handle_kickoff(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond,
                   context: dict[str, Any]) -> None:
    """A complete plan starts right away; a partial one opens the form with what was typed."""
    runtime = runtime_of(context)
    team_id, user_id, channel_id = team_of(command), command["user_id"], command["channel_id"]
    draft = grammar.parse(command.get("text", ""), today=known_today(runtime, team_id, user_id))
    if draft.help:
        ack(**build_help("/kickoff", known_today(runtime_of(context), team_of(command), command["user_id"])))
        return
    ack()
    if not draft.complete():
        client.views_open(trigger_id=command["trigger_id"], view=build_kickoff_modal(draft, channel_id))
        return
    respond(**start(runtime, client, team_id, user_id, channel_id, draft), response_type="ephemeral")


def start(runtime: Runtime, client: WebClient, team_id: str, owner_id: str, channel_id: str,
          draft: grammar.KickoffDraft, contractor_profile: people.Profile | None = None) -> dict[str, Any]:
    """Store the engagement, then post its brief, then note the brief on it.

    Committed before the brief goes out: a process killed mid-post must never leave a brief whose
    checklist buttons carry ids that were rolled back (SQLite would hand them to the next kickoff).
    If posting fails (the bot is not in the channel, Slack errors), the engagement is discarded
    again, so a failed kickoff still starts nothing; should a failed post have reached the channel
    after all, its buttons answer that the checklist no longer exists (AUTOINCREMENT: no id reuse).
    A kickoff a crash stopped between the two (its engagement stored, no brief noted) is finished
    by the owner's retry in the channel: its brief is posted then.
    The form passes the contractor's profile it already fetched to check them before its ack.
    """
    default_tz = runtime.settings.default_timezone
    owner_profile = fetch_profile(client, owner_id, default_tz)
    contractor_profile = contractor_profile or fetch_profile(client, draft.contractor_id or "", default_tz)
    watchers = [fetch_profile(client, user_id, default_tz) for user_id in draft.observer_ids]
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        unfinished = engagements.unbriefed_in_channel(session, team_id=team_id, channel_id=channel_id,
                                                      owner_user_id=owner_id)
        if unfinished is not None:  # the owner retries a kickoff a crash cut short: finish that one
            checklist = onboarding.for_engagement(session, unfinished.id)
            brief, reply = build_kickoff_brief(unfinished, now, checklist), private_reply(session, unfinished)
            engagement_id = unfinished.id
    if unfinished is not None:
        _finish(runtime, client, channel_id, engagement_id, brief, created=False)
        return reply
    with transaction(runtime.sessions) as session:
        owner = people.ensure(session, team_id=team_id, profile=owner_profile, now=now)
        contractor = contractors.get(session, team_id=team_id, user_id=contractor_profile.user_id)
        if contractor is None:
            contractor, _ = contractors.add(session, team_id=team_id, profile=contractor_profile,
                                            added_by=owner_id, now=now)
        engagement = engagements.create(
            session, team_id=team_id, owner=owner, contractor=contractor, channel_id=channel_id,
            plan=plan_of(draft), today=worktime.local_today(now, owner.tz), now=now,
        )
        checklist = onboarding.start(session, engagement=engagement, now=now)
        for profile in watchers:
            observer = people.ensure(session, team_id=team_id, profile=profile, now=now)
            observers.add(session, engagement=engagement, person=observer, by_user=owner_id, now=now)
        brief, reply = build_kickoff_brief(engagement, now, checklist), private_reply(session, engagement)
    _finish(runtime, client, channel_id, engagement.id, brief, created=True)
    return reply


def _finish(runtime: Runtime, client: WebClient, channel_id: str, engagement_id: int, brief: dict[str, Any], *,
            created: bool) -> None:
    """Post the stored engagement's brief and note it; a kickoff whose brief fails starts nothing."""
    try:
        ts = post_brief(client, channel_id, brief)
    except Exception:  # refused or failed: start nothing (its ids are never reused, see 0006)
        if created:
            with transaction(runtime.sessions) as session:
                engagements.discard(session, engagement_id=engagement_id)
        raise
    try:
        with transaction(runtime.sessions) as session:
            engagements.note_brief(session, engagement_id=engagement_id, ts=ts)
    except SQLAlchemyError as error:  # the engagement is started and its brief posted; only the note is lost
        logger.warning("kickoff brief of engagement %s not noted: %s", engagement_id, error)


def private_reply(session: Session, engagement: Engagement) -> dict[str, Any]:
    """The owner's note: warnings to act on (NDA, vetting) and gentle notes (a daily cadence)."""
    note = guard_rails.cadence_note(engagement)
    return build_kickoff_private(engagement, guard_rails.kickoff_warnings(session, engagement), [note] if note else [])


def plan_of(draft: grammar.KickoffDraft) -> engagements.Plan:
    """The domain's view of a complete draft."""
    assert draft.deadline is not None
    return engagements.Plan(
        title=draft.title, objectives=draft.objectives, deliverables=draft.deliverables,
        deadline=draft.deadline, budget=draft.budget, checkin_days=draft.checkin_days,
        checkin_time=draft.checkin_time, sla_hours=draft.sla_hours, trial=draft.trial,
        confidential=draft.confidential, contingency=draft.contingency, payment_terms_days=draft.terms_days,
    )


def post_brief(client: WebClient, channel_id: str, brief: dict[str, Any]) -> str:
    """Post the brief; a channel the bot cannot post in becomes a friendly error (and a rollback)."""
    try:
        return client.chat_postMessage(channel=channel_id, **brief)["ts"]
    except SlackApiError as error:
        if error.response.get("error") in CANNOT_POST:
            raise DomainError(
                "I can't post in this channel. Invite me first with `/invite @Tandem`, then run /kickoff again."
            ) from None
        raise

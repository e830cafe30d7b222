"""Kick off an engagement: one transaction stores it, then its brief goes to the channel, then the brief is noted.

Both the /kickoff command and the kickoff form end here, so a plan typed and a plan filled in start
the same engagement.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.db.models import Engagement, Onboarding
from bot.db.session import reading, transaction
from bot.domain.engagement import engagements, guard_rails, observers, onboarding
from bot.domain.errors import DomainError
from bot.domain.roster import contractors, people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.kickoff import build_kickoff_brief, build_kickoff_private
from bot.slack.client import CANNOT_POST
from bot.slack.grammar.kickoff import KickoffDraft
from bot.slack.profiles import fetch_profile

logger = logging.getLogger(__name__)

Payload = dict[str, Any]


def start(runtime: Runtime, client: WebClient, team_id: str, owner_id: str, channel_id: str,
          draft: KickoffDraft, contractor_profile: people.Profile | None = None) -> Payload:
    """Store the engagement, then post its brief, then note the brief on it; the owner's private reply.

    Committed before the brief goes out: a process killed mid-post must never leave a brief whose
    checklist buttons carry ids that were rolled back (SQLite would hand them to the next kickoff).
    If posting fails (the bot is not in the channel, Slack errors), the engagement is discarded
    again, so a failed kickoff still starts nothing; should a failed post have reached the channel
    after all, its buttons answer that the checklist no longer exists (AUTOINCREMENT: no id reuse).
    A kickoff a crash stopped between the two (its engagement stored, no brief noted) is finished
    by the owner's retry in the channel: its brief is posted then, and nothing new is stored.
    The form passes the contractor's profile it already fetched to check them before its ack.
    """
    default_tz = runtime.settings.default_timezone
    owner_profile = fetch_profile(client, owner_id, default_tz)
    contractor_profile = contractor_profile or fetch_profile(client, draft.contractor_id or "", default_tz)
    watchers = [fetch_profile(client, user_id, default_tz) for user_id in draft.observer_ids]
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        engagement = engagements.unbriefed_in_channel(session, team_id=team_id, channel_id=channel_id,
                                                      owner_user_id=owner_id)
        created = engagement is None
        checklist: Onboarding | None
        if engagement is None:
            engagement, checklist = _create(session, team_id, owner_id, channel_id, draft, now,
                                            owner_profile, contractor_profile, watchers)
        else:  # the owner retries a kickoff a crash cut short: finish that one
            checklist = onboarding.for_engagement(session, engagement.id)
        brief, reply = build_kickoff_brief(engagement, now, checklist), private_reply(session, engagement)
        engagement_id = engagement.id
    _post_and_note(runtime, client, channel_id, engagement_id, brief, created=created)
    return reply


def _create(session: Session, team_id: str, owner_id: str, channel_id: str, draft: KickoffDraft, now: datetime,
            owner_profile: people.Profile, contractor_profile: people.Profile,
            watchers: list[people.Profile]) -> tuple[Engagement, Onboarding]:
    """The engagement, its people, its onboarding checklist and its observers."""
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
    return engagement, checklist


def _post_and_note(runtime: Runtime, client: WebClient, channel_id: str, engagement_id: int, brief: Payload, *,
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


def private_reply(session: Session, engagement: Engagement) -> Payload:
    """The owner's note: warnings to act on (NDA, vetting) and gentle notes (a daily cadence)."""
    note = guard_rails.cadence_note(engagement)
    return build_kickoff_private(engagement, guard_rails.kickoff_warnings(session, engagement), [note] if note else [])


def plan_of(draft: KickoffDraft) -> engagements.Plan:
    """The domain's view of a complete draft."""
    assert draft.deadline is not None
    return engagements.Plan(
        title=draft.title, objectives=draft.objectives, deliverables=draft.deliverables,
        deadline=draft.deadline, budget=draft.budget, checkin_days=draft.checkin_days,
        checkin_time=draft.checkin_time, sla_hours=draft.sla_hours, trial=draft.trial,
        confidential=draft.confidential, contingency=draft.contingency, payment_terms_days=draft.terms_days,
    )


def post_brief(client: WebClient, channel_id: str, brief: Payload) -> str:
    """Post the brief; a channel the bot cannot post in becomes a friendly error (and a rollback)."""
    try:
        return client.chat_postMessage(channel=channel_id, **brief)["ts"]
    except SlackApiError as error:
        if error.response.get("error") in CANNOT_POST:
            raise DomainError(
                "I can't post in this channel. Invite me first with `/invite @Tandem`, then run /kickoff again."
            ) from None
        raise


def channel_taken(runtime: Runtime, team_id: str, channel_id: str, owner_user_id: str) -> bool:
    """Whether another engagement holds the channel (one a crash left without its brief is finished instead).

    The form asks before its ack, so the refusal shows on the form rather than after it closed.
    """
    with reading(runtime.sessions) as session:
        if engagements.active_in_channel(session, team_id=team_id, channel_id=channel_id) is None:
            return False
        return engagements.unbriefed_in_channel(session, team_id=team_id, channel_id=channel_id,
                                                owner_user_id=owner_user_id) is None

"""The contractor registry: register, time off, list, show and vet; each in one transaction.

A contractor's public profile (zone, hours, days, country, company, time off) may be changed by
the person themselves, an owner who works with them, or a workspace admin; anyone may record
their own private terms (rate, vetting), and each person only ever sees their own. Nothing here
posts: every answer is the caller's private reply.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.db.models import Contractor
from bot.db.session import transaction
from bot.domain.errors import NotAllowed
from bot.domain.roster import contractor_terms, contractors, people
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.contractors import build_contractor_card, build_contractor_list, profile_refusal
from bot.slack.grammar import contractor as grammar

Payload = dict[str, Any]
IsAdmin = Callable[[], bool]  # asked of Slack at most once, only when the rule needs it


def add(runtime: Runtime, team_id: str, user_id: str, add: grammar.AddContractor, profile: people.Profile,
        is_admin: IsAdmin) -> Payload:
    """Register a contractor, change what was given of their profile if allowed, record the caller's own rate.

    Someone who may not change the profile still records their own rate; asking only to change
    the profile is refused whole.
    """
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        wants_profile = contractors.changes_profile(add.pattern, add.company, add.skills)
        allowed = not wants_profile or _may_set_profile(session, team_id, user_id, add.user_id, is_admin)
        if not allowed and add.rate is None:
            raise NotAllowed(profile_refusal(add.user_id), example=f"/contractor add <@{add.user_id}> rate=35/h USD")
        contractor, created, _ = contractors.register(session, team_id=team_id, profile=profile,
                                                      added_by=user_id, now=now)
        if wants_profile and allowed:
            contractors.update_profile(contractor, now=now, pattern=add.pattern, company=add.company,
                                       skills=add.skills)
        terms = contractor_terms.of(session, contractor=contractor, owner_user_id=user_id)
        if add.rate is not None or user_id != add.user_id:  # nobody keeps terms with themselves unasked
            terms = terms or contractor_terms.ensure(session, contractor=contractor, owner_user_id=user_id, now=now)
        if terms is not None and add.rate is not None:
            contractor_terms.set_rate(terms, add.rate, now=now)
        session.flush()
        note = None if allowed else profile_refusal(add.user_id, saved_rate=True)
        return build_contractor_card(contractor, now, terms=terms, created=created, note=note)


def _may_set_profile(session: Session, team_id: str, user_id: str, contractor_user: str, is_admin: IsAdmin) -> bool:
    """The profile rule, also for someone not yet registered: a person met for the first time is
    described by whoever registers them; someone we already know (an owner, an observer) is not."""
    existing = contractors.get(session, team_id=team_id, user_id=contractor_user)
    if existing is not None:
        return contractors.may_edit_profile(session, contractor=existing, user_id=user_id, is_admin=is_admin)
    if people.get(session, team_id=team_id, user_id=contractor_user) is None:
        return True
    return user_id == contractor_user or is_admin()


def add_time_off(runtime: Runtime, team_id: str, user_id: str, parsed: grammar.ContractorCommand,
                 is_admin: IsAdmin) -> Payload:
    """Record days off: part of the profile, so only the person, an owner who works with them or an admin."""
    assert parsed.away is not None and parsed.user_id is not None
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        contractor = contractors.require(session, team_id=team_id, user_id=parsed.user_id)
        if not contractors.may_edit_profile(session, contractor=contractor, user_id=user_id, is_admin=is_admin):
            raise NotAllowed(profile_refusal(parsed.user_id, what="time off"))
        contractors.add_time_off(session, contractor=contractor, start=parsed.away[0], end=parsed.away[1])
        return _card(session, contractor, user_id, now)


def answer(runtime: Runtime, team_id: str, user_id: str, parsed: grammar.ContractorCommand) -> Payload:
    """list, show and vet: database only, with the caller's own terms only."""
    now = runtime.clock()
    with transaction(runtime.sessions) as session:
        if parsed.action == "list":
            mine = contractor_terms.all_of(session, team_id=team_id, owner_user_id=user_id)
            return build_contractor_list([(c, mine.get(c.id)) for c in
                                          contractors.for_owner(session, team_id=team_id, user_id=user_id)], now)
        contractor = contractors.require(session, team_id=team_id, user_id=parsed.user_id or "")
        if parsed.action == "vet":
            today = worktime.local_today(now, runtime.settings.default_timezone)
            terms = contractor_terms.ensure(session, contractor=contractor, owner_user_id=user_id, now=now)
            contractor_terms.vet(terms, item=parsed.item or "", on=today, now=now)
        return _card(session, contractor, user_id, now)


def _card(session: Session, contractor: Contractor, viewer: str, now: datetime) -> Payload:
    """The contractor's card as `viewer` may see it: the public profile and the viewer's own terms."""
    terms = contractor_terms.of(session, contractor=contractor, owner_user_id=viewer)
    return build_contractor_card(contractor, now, terms=terms)

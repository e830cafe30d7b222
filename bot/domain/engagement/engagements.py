"""Engagements: started by /kickoff with a plan, bound to one channel, owned by one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Select, delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import Contractor, Engagement, Observer, Onboarding, Person
from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.text.money import Money

KICKOFF_EXAMPLE = '/kickoff @maria "Website redesign" due {today+14} budget=2000 USD checkins=mon,thu@10:00'
OPEN_STATUSES = ("active", "paused", "held")
MICROMANAGING = ("At most one check-in a day: more than that is micromanaging, and answering it eats into "
                 "the work itself. Pick the days and one time; read `/checkin status` in between.")


@dataclass(frozen=True)
class Plan:
    """What /kickoff insists on before work starts, plus the optional settings."""

    title: str
    objectives: str
    deliverables: str
    deadline: date
    budget: Money | None = None
    checkin_days: tuple[int, ...] = (1, 4)
    checkin_time: time = time(10, 0)
    sla_hours: int = 24
    trial: bool = False
    confidential: bool = False
    contingency: str = ""
    payment_terms_days: int = 14

    def problems(self, today: date) -> dict[str, str]:
        """Field name -> what is wrong with it; empty when the plan can start."""
        problems: dict[str, str] = {}
        if not self.title.strip():
            problems["title"] = "Give the engagement a short title."
        elif len(self.title) > 200:
            problems["title"] = "Keep the title under 200 characters."
        if not self.objectives.strip():
            problems["objectives"] = "Say what this engagement should achieve (objectives)."
        if not self.deliverables.strip():
            problems["deliverables"] = "List what will be delivered (deliverables)."
        if self.deadline < today:
            problems["deadline"] = f"The deadline {self.deadline.isoformat()} is in the past."
        if not self.checkin_days:
            problems["checkins"] = "Pick at least one check-in day."
        elif len(set(self.checkin_days)) != len(self.checkin_days):
            problems["checkins"] = MICROMANAGING
        if not 1 <= self.sla_hours <= 168:
            problems["sla"] = "The response SLA must be between 1 and 168 hours."
        return problems


def create(
    session: Session,
    *,
    team_id: str,
    owner: Person,
    contractor: Contractor,
    channel_id: str,
    plan: Plan,
    today: date,
    now: datetime,
) -> Engagement:
    """Start an engagement; refuses an incomplete plan or a channel that already has one."""
    problems = plan.problems(today)
    if problems:
        raise DomainError(" ".join(problems.values()), example=KICKOFF_EXAMPLE)
    if owner.id == contractor.person_id:
        raise DomainError("You can't kick off an engagement with yourself as the contractor.")
    existing = active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if existing is not None:
        raise DomainError(
            f"This channel already has an engagement in progress: “{existing.title}”. "
            "Kick off the new one in its own channel."
        )
    engagement = Engagement(
        team_id=team_id, owner_id=owner.id, owner=owner, contractor_id=contractor.id,
        contractor=contractor, channel_id=channel_id, title=plan.title.strip(),
        objectives=plan.objectives.strip(), deliverables=plan.deliverables.strip(),
        start_on=today, deadline=plan.deadline,
        budget_minor=plan.budget.amount_minor if plan.budget else None,
        budget_currency=plan.budget.currency if plan.budget else None,
        checkin_days="".join(str(d) for d in sorted(set(plan.checkin_days))),
        checkin_time=plan.checkin_time, sla_hours=plan.sla_hours,
        payment_terms_days=plan.payment_terms_days, feedback_every_days=14,
        trial=plan.trial, confidential=plan.confidential, contingency=plan.contingency.strip(),
        status="active", created_at=now, updated_at=now,
    )
    session.add(engagement)
    session.flush()
    return engagement


def discard(session: Session, *, engagement_id: int) -> None:
    """Undo a kickoff whose brief Slack refused: the engagement, its checklist and observers go.

    Only for an engagement nothing else refers to yet (the kickoff that made it is still running).
    """
    for model in (Onboarding, Observer):
        session.execute(delete(model).where(model.engagement_id == engagement_id))
    session.execute(delete(Engagement).where(Engagement.id == engagement_id))


def unbriefed_in_channel(session: Session, *, team_id: str, channel_id: str, owner_user_id: str) -> Engagement | None:
    """The owner's engagement here whose kickoff stopped before its brief was noted (a crash), if any."""
    engagement = active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if engagement is None or engagement.brief_ts is not None or engagement.owner.user_id != owner_user_id:
        return None
    return engagement


def note_brief(session: Session, *, engagement_id: int, ts: str) -> None:
    """Remember the kickoff brief's message, which later ticks update."""
    session.execute(update(Engagement).where(Engagement.id == engagement_id).values(brief_ts=ts))


def active_in_channel(session: Session, *, team_id: str, channel_id: str) -> Engagement | None:
    """The open engagement bound to a channel, if any."""
    return session.scalar(
        select(Engagement).where(
            Engagement.team_id == team_id,
            Engagement.channel_id == channel_id,
            Engagement.status.in_(OPEN_STATUSES),
        )
    )


def require_in_channel(session: Session, *, team_id: str, channel_id: str) -> Engagement:
    """The channel's engagement, or a friendly pointer to /kickoff."""
    engagement = active_in_channel(session, team_id=team_id, channel_id=channel_id)
    if engagement is None:
        raise NotFound(
            "There is no engagement in this channel yet. Run this in an engagement's channel, "
            "or start one here with /kickoff.",
            example=KICKOFF_EXAMPLE,
        )
    return engagement


def role_of(engagement: Engagement, user_id: str) -> str | None:
    """'owner', 'contractor' or None: the only two roles that may touch an engagement."""
    if engagement.owner.user_id == user_id:
        return "owner"
    if engagement.contractor.person.user_id == user_id:
        return "contractor"
    return None


def require_owner(engagement: Engagement, user_id: str, action: str) -> None:
    """Refuse politely unless the user owns the engagement."""
    if role_of(engagement, user_id) != "owner":
        raise NotAllowed(
            f"Only the engagement's owner, <@{engagement.owner.user_id}>, can {action}."
        )


def for_owner(session: Session, *, team_id: str, user_id: str) -> list[Engagement]:
    """The open engagements a person owns, soonest deadline first."""
    return _open_for(session, team_id, user_id, select(Engagement).join(Person, Engagement.owner_id == Person.id))


def for_contractor(session: Session, *, team_id: str, user_id: str) -> list[Engagement]:
    """The open engagements a person works on as the contractor, soonest deadline first."""
    joined = (
        select(Engagement)
        .join(Contractor, Engagement.contractor_id == Contractor.id)
        .join(Person, Contractor.person_id == Person.id)
    )
    return _open_for(session, team_id, user_id, joined)


def _open_for(session: Session, team_id: str, user_id: str, joined: Select[Engagement]) -> list[Engagement]:
    """Open engagements of a workspace where the joined Person is `user_id`."""
    statement = joined.where(
        Engagement.team_id == team_id, Person.user_id == user_id, Engagement.status.in_(OPEN_STATUSES)
    ).order_by(Engagement.deadline, Engagement.id)
    return list(session.scalars(statement).unique())


def kickoff_warnings(engagement: Engagement, *, nda_on_file: bool) -> list[str]:
    """What the owner should fix now: a confidential engagement without an NDA on file.

    `nda_on_file` is the engagement owner's own vetting (bot.domain.roster.contractor_terms): another
    owner's NDA with the same contractor does not cover this owner's work.
    """
    warnings = []
    if engagement.confidential and not nda_on_file:
        warnings.append(
            "This engagement is confidential but there is no NDA on file for "
            f"<@{engagement.contractor.person.user_id}>. Get one signed, then "
            f"record it with /contractor vet <@{engagement.contractor.person.user_id}> nda."
        )
    return warnings


def lock(session: Session, engagement_id: int) -> None:
    """Take the engagement's row lock (PostgreSQL) or SQLite's write lock, with a no-op UPDATE, until commit.

    What two requests at once on one engagement read before they write (the next task number, a
    feedback row, a thanks just given) is then read one after the other, the second seeing the first's.
    """
    session.execute(update(Engagement).where(Engagement.id == engagement_id).values(status=Engagement.status))

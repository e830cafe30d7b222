"""What an export (or a forget) covers: which rows of each table belong to a workspace or a contractor.

A table is narrowed by the columns it has (team_id, engagement_id, task_id, person_id), so a table
added later is covered without touching this module. The date range filters rows by their creation
time, except on the reference tables (people, contractors, engagements and their settings), which
are always kept whole so that the rows that remain can be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, false, or_, select, true
from sqlalchemy.orm import Session

from bot.db.models import Contractor, Engagement, Person, Task
from bot.db.models.slack_oauth import CREDENTIAL_TABLES

# What only the engagement's owner sees (PRODUCT.md, roles and privacy): left out of a contractor's
# export unless the owner running it asks for it (`include_private`).
OWNER_ONLY_TABLES = {"payments", "contractor_terms"}  # contractor_terms: each owner's rate and vetting
OWNER_ONLY_COLUMNS = {
    "engagements": {"budget_minor", "budget_currency", "contingency"},
    "tasks": {"pay_minor", "pay_currency"},
}
# Ledger rows of the direct messages only the owner gets (money, ratings, digests, reviews, alerts, nudges).
OWNER_ONLY_KEYS = {"payment", "digest", "digest-observer", "feedback", "risk", "trial", "owner-alert", "review",
                   "thanks-nudge", "onboarding", "channel_problem", "blocker", "snooze-dm", "deadline_review"}
REFERENCE_TABLES = {"people", "contractors", "engagements", "time_off", "onboarding", "observers"}
TIME_COLUMNS = ("created_at", "submitted_at", "due_at", "received_at")


@dataclass(frozen=True)
class Scope:
    """What to export: a workspace (or all), one contractor's history, a date range (inclusive)."""

    team_id: str | None = None
    contractor_user_id: str | None = None
    since: date | None = None
    until: date | None = None
    include_private: bool = False

    @property
    def for_contractor(self) -> bool:
        """A contractor's history without the owner's private data (the default for --contractor)."""
        return self.contractor_user_id is not None and not self.include_private


def hidden(table: Table, scope: Scope) -> tuple[bool, frozenset[str]]:
    """(leave the whole table out, columns to leave out); Slack's tokens and OAuth states are never exported."""
    if table.name in CREDENTIAL_TABLES:
        return True, frozenset()
    if not scope.for_contractor:
        return False, frozenset()
    return table.name in OWNER_ONLY_TABLES, frozenset(OWNER_ONLY_COLUMNS.get(table.name, ()))


@dataclass(frozen=True)
class Ids:
    """The ids in scope per parent table; None means every row."""

    engagements: set[int] | None
    people: set[int] | None
    tasks: set[int] | None
    contractors: set[int] | None


def ids_in(session: Session, scope: Scope) -> Ids:
    """The ids in scope per parent table; None means every row."""
    if scope.team_id is None and scope.contractor_user_id is None:
        return Ids(None, None, None, None)
    engagement_q = select(Engagement.id, Engagement.owner_id, Contractor.id, Contractor.person_id).join(
        Contractor, Engagement.contractor_id == Contractor.id).join(Person, Contractor.person_id == Person.id)
    people_q, contractor_q = select(Person.id), select(Contractor.id)
    if scope.team_id is not None:
        engagement_q = engagement_q.where(Engagement.team_id == scope.team_id)
        people_q = people_q.where(Person.team_id == scope.team_id)
        contractor_q = contractor_q.where(Contractor.team_id == scope.team_id)
    if scope.contractor_user_id is None:
        engagements = {row[0] for row in session.execute(engagement_q)}
        people, contractors = set(session.scalars(people_q)), set(session.scalars(contractor_q))
    else:
        found = list(session.execute(engagement_q.where(Person.user_id == scope.contractor_user_id)))
        engagements = {row[0] for row in found}
        people = {row[1] for row in found} | {row[3] for row in found} | set(session.scalars(
            people_q.where(Person.user_id == scope.contractor_user_id)))
        contractors = {row[2] for row in found} | set(session.scalars(
            contractor_q.join(Person, Contractor.person_id == Person.id)
            .where(Person.user_id == scope.contractor_user_id)))
    tasks = set(session.scalars(select(Task.id).where(Task.engagement_id.in_(engagements))))
    return Ids(engagements, people, tasks, contractors)


def unmatched(session: Session, scope: Scope) -> str | None:
    """Why the scope matches nobody (an unknown workspace or person), or None when it matches someone.

    An export that names a team or a person Tandem never saw would otherwise write a set of empty
    files, which reads as "they have no history" rather than "wrong id".
    """
    team = Person.team_id == scope.team_id if scope.team_id is not None else true()
    if scope.team_id is not None and not any(
            session.scalar(select(model.id).where(model.team_id == scope.team_id).limit(1)) is not None
            for model in (Person, Engagement)):
        return f"--team {scope.team_id} matched no workspace (team ids look like T0123ABCD)"
    if scope.contractor_user_id is not None and session.scalar(
            select(Person.id).where(Person.user_id == scope.contractor_user_id, team).limit(1)) is None:
        where = f" in workspace {scope.team_id}" if scope.team_id is not None else ""
        return (f"--contractor {scope.contractor_user_id} matched nobody{where}: no person with that Slack user id "
                "(copy it from their Slack profile > More > Copy member ID, e.g. U0123ABCD)")
    return None


RowFilter = Callable[[dict[str, Any]], bool]


def narrow(table: Table, scope: Scope, ids: Ids) -> tuple[list[ColumnElement[bool]], RowFilter | None]:
    """Clauses (and a Python filter where SQL can't say it) that keep a table's rows in scope."""
    c = table.columns
    clauses: list[ColumnElement[bool]] = []
    keep: RowFilter | None = None
    own = {"engagements": ids.engagements, "people": ids.people, "contractors": ids.contractors}
    if (own_ids := own.get(table.name)) is not None:
        clauses.append(c["id"].in_(own_ids))
    elif scope.contractor_user_id is not None and "to_user" in c:
        user, theirs = scope.contractor_user_id, ids.engagements or set()  # ids_in lists a contractor's always
        clauses.append(or_(c["engagement_id"].in_(theirs), c["to_user"] == user, c["from_user"] == user))
    elif scope.contractor_user_id is None and "team_id" in c:
        pass  # the team_id clause below says it exactly (thanks outside an engagement included)
    elif ids.engagements is not None and "engagement_id" in c:
        clauses.append(c["engagement_id"].in_(ids.engagements))
    elif ids.tasks is not None and "task_id" in c:
        clauses.append(c["task_id"].in_(ids.tasks))
    elif ids.people is not None and "person_id" in c:
        clauses.append(c["person_id"].in_(ids.people))
    elif ids.contractors is not None and "contractor_id" in c:
        clauses.append(c["contractor_id"].in_(ids.contractors))  # each owner's terms with the contractor
    elif scope.contractor_user_id is not None and "key" in c:
        keep = _keyed_by({str(i) for i in ids.engagements or ()})
    elif scope.contractor_user_id is not None:
        clauses.append(false())  # workspace bookkeeping (processed events) is nobody's history
    elif scope.team_id is not None and "team_id" not in c:
        clauses.append(false())  # the deployment's own bookkeeping (sweep marks) is no workspace's
    if scope.team_id is not None and "team_id" in c and table.name not in own:
        clauses.append(c["team_id"] == scope.team_id)
    clauses += _dated(table, scope)
    if scope.for_contractor and "shared_at" in c:
        clauses.append(c["shared_at"].is_not(None))  # ratings the owner did not share stay theirs
    if scope.for_contractor and "key" in c and keep is not None:
        keep = _not_owner_only(keep)
    return clauses, keep


def _not_owner_only(keep: RowFilter) -> RowFilter:
    """Narrow a ledger filter to the messages the contractor could have seen."""
    def narrowed(row: dict[str, Any]) -> bool:
        return row["key"].split(":")[0] not in OWNER_ONLY_KEYS and keep(row)
    return narrowed


def _keyed_by(wanted: set[str]) -> RowFilter:
    """Ledger rows whose key names one of the engagements (`duty:<engagement>:...`)."""
    def keep(row: dict[str, Any]) -> bool:
        parts = row["key"].split(":")
        return len(parts) > 1 and parts[1] in wanted
    return keep


def _dated(table: Table, scope: Scope) -> list[ColumnElement[bool]]:
    """The date range on the table's creation time (reference tables are never cut)."""
    column = next((table.columns[n] for n in TIME_COLUMNS if n in table.columns), None)
    if column is None or table.name in REFERENCE_TABLES:
        return []
    found = []
    if scope.since is not None:
        found.append(column >= datetime.combine(scope.since, time(0), tzinfo=UTC))
    if scope.until is not None:
        found.append(column < datetime.combine(scope.until + timedelta(days=1), time(0), tzinfo=UTC))
    return found

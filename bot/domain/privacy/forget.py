"""Forgetting a person: erase what they wrote, what was stored about them and every id that points to them.

Rows stay (counts, dates, ratings and amounts feed other people's aggregates), but nothing left in
them points back to the person:
- their own texts (check-ins, submissions, time-off notes, thanks to and from them) and the owner's
  texts about their engagements (feedback comments, blocked reasons) are blanked;
- their profile (name, zone, country, hours), their company and skills, and the private terms an
  owner set for them (rate, vetting dates) are reset; their time off is deleted;
- their Slack id and their direct-message channel ids are replaced by a pseudonym in every text
  column of every table of the workspace (message keys, ledger rows, `<@U…>` mentions, JSON);
- the pseudonym is keyed with the server's secret (HMAC) or random, so hashing a candidate Slack id
  does not lead back to them.

What others wrote that names the person (their name, display name, real name, company) is not
theirs to erase: it is reported with where it is, and replaced by the pseudonym only when asked
(`redact_mentions`). The Slack messages Tandem posted about them are listed (`messages_about`) so
the caller can delete them from Slack before the ids that find them are scrubbed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import JSON, ColumnElement, String, Table, Text, cast, delete, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    Base,
    Checkin,
    CheckinNote,
    Contractor,
    ContractorTerms,
    Delivery,
    Engagement,
    Feedback,
    Payment,
    Submission,
    Task,
    Thanks,
    TimeOff,
)
from bot.domain.delivery import ledger_keys
from bot.domain.privacy import export
from bot.domain.roster import people

FORGOTTEN = "forgotten user"
MIN_NAME = 3  # shorter names would match unrelated words
# Ledger keys whose second part is the engagement the message was about (see bot.domain.*/jobs.*).
ENGAGEMENT_KEYS = ledger_keys.ENGAGEMENT_KINDS
# Ledger keys of direct messages to one person, whose second part is that person's row id.
PERSON_KEYS = {"digest", "digest-observer"}
# Duties whose direct message goes to the engagement's owner (jobs/*: channel=owner.user_id).
OWNER_DUTIES = {"blocker_alert", "channel_problem", "feedback_prompt", "checkin_owner_alert", "onboarding_reminder",
                "payment_alert", "review_reminder", "risk_review", "thanks_nudge", "trial_review", "deadline_review"}


def pseudonym(team_id: str, user_id: str, secret: str = "") -> str:
    """A stand-in for a Slack id that cannot be found again by hashing candidate ids.

    With a secret (TANDEM_SECRET_KEY) it is an HMAC: stable, so forgetting twice gives the same
    pseudonym, and meaningless without the key. Without one it is random.
    """
    if secret:
        digest = hmac.new(secret.encode(), f"{team_id}:{user_id}".encode(), hashlib.sha256).hexdigest()
    else:
        digest = secrets.token_hex(16)
    return "forgotten-" + digest[:12]


@dataclass(frozen=True)
class Mention:
    """Free text someone else wrote that names the person: where it is and what named them."""

    table: str
    column: str
    row: str
    term: str  # "name", "company" or "mention" (a <@U…> mention, whose id is always replaced)


@dataclass(frozen=True)
class Message:
    """A Slack message Tandem posted about the person: where it is and where it is recorded."""

    channel: str
    ts: str
    source: str  # e.g. "deliveries 12 (digest)"


@dataclass
class Erasure:
    """What a forget did: the pseudonym, rows changed per column, and what it could not remove."""

    alias: str
    erased: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    redacted: bool = False


def dm_channels(session: Session, *, team_id: str, user_id: str) -> set[str]:
    """The person's direct-message channel ids, as the delivery ledger recorded them.

    Rows sent since migration 0007 name their recipient. Older rows do not: a DM channel (a `D…`
    id) is theirs when the duty and key say whom it went to (the owner of the key's engagement,
    the person of a digest key).
    """
    found = set(session.scalars(select(Delivery.channel_id).where(
        Delivery.team_id == team_id, Delivery.recipient == user_id, Delivery.channel_id.is_not(None))))
    person = people.get(session, team_id=team_id, user_id=user_id)
    if person is not None:
        owned = set(session.scalars(select(Engagement.id).where(Engagement.owner_id == person.id)))
        older = session.execute(select(Delivery.key, Delivery.duty, Delivery.channel_id).where(
            Delivery.team_id == team_id, Delivery.recipient.is_(None), Delivery.channel_id.like("D%")))
        for key, duty, channel in older:
            prefix, _, rest = key.partition(":")
            if (prefix in PERSON_KEYS and rest.split(":")[0] == str(person.id)) or (
                    duty in OWNER_DUTIES and _engagement_of_key(session, key) in owned):
                found.add(channel)
    return {channel for channel in found if channel and channel != user_id}


def _their_engagements(session: Session, person_id: int) -> set[int]:
    return set(session.scalars(select(Engagement.id).join(Contractor, Engagement.contractor_id == Contractor.id)
                               .where(Contractor.person_id == person_id)))


def messages_about(session: Session, *, team_id: str, user_id: str) -> list[Message]:
    """Tandem's own Slack messages to the person or about their engagements, oldest record first."""
    person = people.get(session, team_id=team_id, user_id=user_id)
    theirs = _their_engagements(session, person.id) if person is not None else set()
    dms = dm_channels(session, team_id=team_id, user_id=user_id)
    found: dict[tuple[str, str], str] = {}

    def add(channel: str | None, ts: str | None, source: str) -> None:
        if channel and ts and channel != user_id:
            found.setdefault((channel, ts), source)

    sent = select(Delivery).where(Delivery.team_id == team_id, Delivery.message_ts.is_not(None)).order_by(Delivery.id)
    for row in session.scalars(sent):
        if row.recipient == user_id or row.channel_id in dms or _engagement_of_key(session, row.key) in theirs:
            add(row.channel_id, row.message_ts, f"deliveries {row.id} ({row.duty})")
    if theirs:
        for e in session.scalars(select(Engagement).where(Engagement.id.in_(theirs))):
            add(e.channel_id, e.brief_ts, f"engagements {e.id} (kickoff brief)")
        for task_id, channel, ts in session.execute(
                select(Task.id, Engagement.channel_id, Task.announce_ts)
                .join(Engagement, Task.engagement_id == Engagement.id).where(Task.engagement_id.in_(theirs))):
            add(channel, ts, f"tasks {task_id} (announcement)")
        for row_id, channel, ts in session.execute(select(Feedback.id, Feedback.prompt_channel, Feedback.prompt_ts)
                                                   .where(Feedback.engagement_id.in_(theirs))):
            add(channel, ts, f"feedback {row_id} (rating prompt)")
        for row_id, channel, ts in session.execute(
                select(Submission.id, Submission.review_channel, Submission.review_ts)
                .join(Task, Submission.task_id == Task.id).where(Task.engagement_id.in_(theirs))):
            add(channel, ts, f"submissions {row_id} (review request)")
    for row_id, channel, ts in session.execute(select(Thanks.id, Thanks.channel_id, Thanks.message_ts).where(
            Thanks.team_id == team_id, or_(Thanks.to_user == user_id, Thanks.from_user == user_id))):
        add(channel, ts, f"thanks {row_id}")
    return [Message(channel, ts, source) for (channel, ts), source in found.items()]


def _engagement_of_key(session: Session, key: str) -> int | None:
    """The engagement a ledger key is about, when its key says (`checkin:<engagement>:<day>`, …)."""
    parts = key.split(":")
    if len(parts) < 2:
        return None
    prefix, rest = parts[0], parts[1:]
    if prefix == "snooze-dm":
        return _engagement_of_key(session, ":".join(rest))
    if not rest[0].isdigit():
        return None
    number = int(rest[0])
    if prefix in ENGAGEMENT_KEYS:
        return number
    lookups = {
        "payment": select(Payment.engagement_id).where(Payment.id == number),
        "review": select(Task.engagement_id).join(Submission, Submission.task_id == Task.id)
        .where(Submission.id == number),
        "blocker": select(Checkin.engagement_id).where(Checkin.id == number),
    }
    return session.scalar(lookups[prefix]) if prefix in lookups else None


def forget(session: Session, *, team_id: str, user_id: str, now: datetime, alias: str,
           names: Iterable[str] = (), redact_mentions: bool = False) -> Erasure:
    """Erase a person in a workspace (see the module docstring); never commits.

    `names` adds names Slack knows them by (display name, real name) to the stored one, for
    finding what others wrote about them.
    """
    if people.get(session, team_id=team_id, user_id=alias) is not None:
        alias = f"{alias}-{secrets.token_hex(2)}"  # they came back after being forgotten: keep ids unique
    result = Erasure(alias=alias, redacted=redact_mentions)
    erased = result.erased
    person = people.get(session, team_id=team_id, user_id=user_id)
    person_id = person.id if person is not None else -1
    theirs = _their_engagements(session, person_id)
    contractor = session.scalar(select(Contractor).where(Contractor.person_id == person_id))
    terms = _terms(list(names) + [person.name if person is not None else ""],
                   contractor.company if contractor is not None else "")
    dms = dm_channels(session, team_id=team_id, user_id=user_id)
    result.messages = messages_about(session, team_id=team_id, user_id=user_id)

    blank = {
        Checkin: ((Checkin.done, Checkin.next, Checkin.blockers),
                  or_(Checkin.author_id == person_id, Checkin.engagement_id.in_(theirs))),
        CheckinNote: ((CheckinNote.text,),
                      or_(CheckinNote.author_id == person_id, CheckinNote.engagement_id.in_(theirs))),
        Feedback: ((Feedback.comment,), or_(Feedback.author_id == person_id, Feedback.engagement_id.in_(theirs))),
        Thanks: ((Thanks.reason,),
                 (Thanks.team_id == team_id) & or_(Thanks.from_user == user_id, Thanks.to_user == user_id)),
        Task: ((Task.blocked_reason,), or_(Task.assignee_id == person_id, Task.engagement_id.in_(theirs))),
        Submission: ((Submission.link, Submission.comment), or_(
            Submission.submitted_by == user_id,
            Submission.task_id.in_(select(Task.id).where(Task.engagement_id.in_(theirs))))),
        Contractor: ((Contractor.company, Contractor.skills), Contractor.person_id == person_id),
    }
    for model, (columns, where) in blank.items():
        for column in columns:
            erased[f"{model.__tablename__}.{column.key}"] += _blank(session, model, column, where)
    erased["time_off deleted"] += session.execute(
        delete(TimeOff).where(TimeOff.person_id == person_id), execution_options={"synchronize_session": False}
    ).rowcount
    if contractor is not None:
        erased["contractor_terms deleted"] += session.execute(
            delete(ContractorTerms).where(ContractorTerms.contractor_id == contractor.id),
            execution_options={"synchronize_session": False}).rowcount
        contractor.updated_at = now
    if person is not None:
        person.name, person.tz, person.country = FORGOTTEN, "UTC", None
        person.work_days, person.work_start, person.work_end = "12345", time(9, 0), time(17, 0)
        person.updated_at = now
        erased["people.name"] += 1
        erased["people.tz, country, hours"] += 1
        session.expire(person, ["time_off"])
    paused = session.execute(update(Engagement).where(Engagement.id.in_(theirs), Engagement.status == "active")
                             .values(status="paused", updated_at=now)).rowcount
    erased["engagements paused"] += paused
    session.flush()
    ids = id_patterns(user_id, dms, alias)
    for plan in export.plans(session, export.Scope(team_id=team_id)):
        scrub_table(session, plan.table, plan.clauses, [user_id, *sorted(dms)], ids, terms, result)
    return result


def id_patterns(user_id: str, dms: Iterable[str], alias: str) -> list[tuple[re.Pattern[str], str]]:
    """What replaces the person's ids: `<@U…|name>` mentions first (the name goes too), then the bare ids."""
    ids = [(re.compile(rf"<@{re.escape(user_id)}(\|[^>]*)?>"), f"<@{alias}>"), (_word(user_id), alias)]
    return ids + [(_word(dm), f"{alias}-dm") for dm in sorted(dms)]


def _terms(names: list[str], company: str) -> list[tuple[str, str]]:
    """The words that name the person in others' text, longest first so a full name wins over a part."""
    found = {n.strip(): "name" for n in names if len(n.strip()) >= MIN_NAME and n.strip() != FORGOTTEN}
    if len(company.strip()) >= MIN_NAME:
        found.setdefault(company.strip(), "company")
    return sorted(found.items(), key=lambda item: -len(item[0]))


def _word(text: str) -> re.Pattern[str]:
    """`text` as a whole word (or id), case-insensitive."""
    return re.compile(rf"(?<![\w]){re.escape(text)}(?![\w])", re.IGNORECASE)


def _blank(session: Session, model: type[Base], column, where) -> int:  # type: ignore[no-untyped-def]
    """Empty one text column on the matching rows that are not empty already; the number blanked."""
    statement = update(model).where(where, column != "").values({column.key: ""})
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def _text_columns(table: Table) -> list:  # type: ignore[type-arg]
    return [c for c in table.columns if isinstance(c.type, String | Text | JSON)]


def _searchable(column) -> ColumnElement[str]:  # type: ignore[no-untyped-def]
    return cast(column, Text) if isinstance(column.type, JSON) else column


def scrub_table(session: Session, table: Table, clauses: list[ColumnElement[bool]], needles: list[str],
                 ids: list[tuple[re.Pattern[str], str]], terms: list[tuple[str, str]], result: Erasure) -> None:
    """Replace the person's ids in one table's rows of the workspace; note (and maybe redact) their names."""
    texts = _text_columns(table)
    if not texts:
        return
    named = [(_word(term), kind, result.alias) for term, kind in terms]
    # ilike: case-insensitive on both databases, like the patterns below; a superset the regexes narrow.
    where = or_(*[_searchable(c).ilike(f"%{n}%") for c in texts for n in [*needles, *(t for t, _ in terms)]])
    primary = list(table.primary_key.columns)
    for row in session.execute(select(table).where(where, *clauses)).mappings().all():
        values = {}
        row_id = ",".join(str(row[c.name]) for c in primary)
        for column in texts:
            value = row[column.name]
            is_json = isinstance(column.type, JSON)
            text = json.dumps(value, ensure_ascii=False) if is_json and value is not None else value
            if not text:
                continue
            new = text
            if ids[0][0].search(new):
                result.mentions.append(Mention(table.name, column.name, row_id, "mention"))
            for pattern, replacement in ids:
                new = pattern.sub(replacement, new)
            for pattern, kind, replacement in named:
                if pattern.search(new):
                    result.mentions.append(Mention(table.name, column.name, row_id, kind))
                    if result.redacted:
                        new = pattern.sub(replacement, new)
            if new != text:
                stored = json.loads(new) if is_json else new
                values[column.name] = stored[: column.type.length] if not is_json and column.type.length else stored
                result.erased[f"{table.name}.{column.name}"] += 1
        if values:
            session.execute(update(table).where(*[c == row[c.name] for c in primary]).values(values))


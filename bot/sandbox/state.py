"""What the page shows one signed-in person, as JSON: conversations, messages, thread, modal, Home.

The page polls this; it never sees what the person could not see in Slack (others' ephemerals,
others' modals, channels they are not in).
"""

from __future__ import annotations

from datetime import time
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from bot.db.models import Checkin, CheckinNote, Delivery, Engagement, Payment, Person, TimeOff
from bot.domain.delivery import ledger_keys
from bot.domain.delivery.ledger import SENT
from bot.domain.engagement.lifecycle import ENDED
from bot.domain.money import payment_alerts
from bot.sandbox import reads
from bot.sandbox.instance import SandboxInstance
from bot.sandbox.seed import OWNER, PEOPLE

HOME = "home"


def _shown(sandbox: SandboxInstance, message: dict[str, Any], ephemeral: bool) -> dict[str, Any]:
    """The fields the page renders, with the sandbox time the message was sent at."""
    at = sandbox.clock.at(float(message["ts"]))
    # Slack shows an ephemeral as coming from the app; the emulator files it under its reader.
    sender = sandbox.emulator.bot_user_id if ephemeral else message.get("user") or ""
    return {
        "ts": message["ts"],
        "user": sender,
        "text": message.get("text") or "",
        "blocks": message.get("blocks") or [],
        "thread_ts": message.get("thread_ts"),
        "ephemeral": ephemeral,
        "reactions": [
            {"name": r.get("name"), "count": r.get("count", len(r.get("users") or []))}
            for r in message.get("reactions") or []
        ],
        "at": at.isoformat(),
    }


def timeline(sandbox: SandboxInstance, channel: str, user: str) -> list[dict[str, Any]]:
    """Channel-level messages and this person's ephemerals, oldest first, with reply counts."""
    emu = sandbox.emulator
    shown = []
    for message in emu.messages(channel):
        item = _shown(sandbox, message, False)
        item["reply_count"] = len(emu.messages(channel, thread_ts=message["ts"]))
        shown.append(item)
    for message in emu.ephemerals(channel, user):
        if message.get("thread_ts") in (None, message["ts"]):
            shown.append(_shown(sandbox, message, True))
    return sorted(shown, key=lambda m: float(m["ts"]))


def thread(sandbox: SandboxInstance, channel: str, user: str, ts: str) -> dict[str, Any] | None:
    """A thread's parent and replies (with this person's ephemerals in it), or None."""
    emu = sandbox.emulator
    parent = next((m for m in emu.messages(channel) if m["ts"] == ts), None)
    if parent is None:
        return None
    replies = [_shown(sandbox, m, False) for m in emu.messages(channel, thread_ts=ts)]
    replies += [
        _shown(sandbox, m, True) for m in emu.ephemerals(channel, user) if m.get("thread_ts") == ts
    ]
    replies.sort(key=lambda m: float(m["ts"]))
    return {"parent": _shown(sandbox, parent, False), "replies": replies}


# The guide's steps, in the order the page lists them (guide.js holds their words).
STEPS = ("kickoff", "checkin", "note", "blocker", "availability", "missed", "payment", "overdue", "end")
# The owner alert about an unanswered check-in (jobs/followups.py).
MISSED_ALERT = "checkin_owner_alert"


def _sent_dms(session: Session, duty: str) -> list[tuple[str, str, str]]:
    """(key, channel, ts) of every message of one duty that reached Slack."""
    rows = session.execute(
        select(Delivery.key, Delivery.channel_id, Delivery.message_ts).where(
            Delivery.duty == duty, Delivery.status == SENT, Delivery.message_ts.is_not(None)
        )
    )
    return [(key, channel or "", ts) for key, channel, ts in rows]


def _seen(sandbox: SandboxInstance, channel: str, ts: str) -> bool:
    """Whether the conversation's reader opened it after the message `ts` arrived."""
    return float(ts) <= sandbox.seen.get(channel, 0.0)


def _overdue_alert_seen(sandbox: SandboxInstance, session: Session) -> bool:
    """An alert sent after a payment's due date, read in the owner's DM with Tandem."""
    due = {row[0]: row[1] for row in session.execute(select(Payment.id, Payment.due_on))}
    for key, channel, ts in _sent_dms(session, payment_alerts.DUTY):
        parsed = ledger_keys.LedgerKey.parse(key)
        due_on = due.get(parsed.subject) if parsed else None
        if parsed and due_on is not None and parsed.day > due_on and _seen(sandbox, channel, ts):
            return True
    return False


def _restarted(session: Session) -> bool:
    """An ended engagement whose channel has a newer engagement: the channel was freed."""
    later = aliased(Engagement)
    newer = exists().where(
        later.channel_id == Engagement.channel_id,
        later.team_id == Engagement.team_id,
        later.id > Engagement.id,
    )
    return bool(session.scalar(select(func.count()).where(Engagement.status == ENDED, newer)))


def _availability_set(session: Session) -> bool:
    """Someone changed their own hours, days, zone, country or time off from the defaults."""
    changed = select(func.count()).select_from(Person).where(
        (Person.work_start != time(9, 0))
        | (Person.work_end != time(17, 0))
        | (Person.work_days != "12345")
        | Person.tz_explicit
        | Person.country_explicit
    )
    away = select(func.count()).select_from(TimeOff)
    return bool(session.scalar(changed)) or bool(session.scalar(away))


def checklist(sandbox: SandboxInstance) -> dict[str, bool]:
    """The newcomer's progress, ticked by outcomes: read from the bot's own database and ledger.

    A step ticks when what it teaches happened, not when a button was pressed: "Miss it" needs
    the overdue alert delivered *and* opened in the owner's DMs, "Check in" a recorded check-in.
    """
    with sandbox.runtime.sessions() as session:
        count = lambda statement: session.scalar(statement) or 0  # noqa: E731 - local shorthand
        now_done = {
            # The brief is in the channel (a kickoff whose brief Slack refused started nothing).
            "kickoff": count(select(func.count()).where(Engagement.brief_ts.is_not(None))) > 0,
            "checkin": count(select(func.count()).select_from(Checkin)) > 0,
            "note": count(select(func.count()).select_from(CheckinNote)) > 0,
            "blocker": count(
                select(func.count()).where(
                    Checkin.blockers != "", Checkin.blocker_resolved_at.is_not(None)
                )
            )
            > 0,
            "availability": _availability_set(session),
            "missed": any(
                _seen(sandbox, channel, ts) for _, channel, ts in _sent_dms(session, MISSED_ALERT)
            ),
            "payment": count(select(func.count()).select_from(Payment)) > 0,
            "overdue": _overdue_alert_seen(sandbox, session),
            "end": _restarted(session),
        }
    # A step once done stays ticked (paying the overdue payment must not un-tick "miss it").
    sandbox.progress |= {step for step, done in now_done.items() if done}
    return {step: step in sandbox.progress for step in STEPS}


def mark_seen(sandbox: SandboxInstance, channel: str, messages: list[dict[str, Any]]) -> None:
    """The reader has this conversation open: everything in it up to now has been seen."""
    latest = max((float(m["ts"]) for m in messages), default=0.0)
    sandbox.seen[channel] = max(sandbox.seen.get(channel, 0.0), latest)


def build_state(
    sandbox: SandboxInstance, user: str, channel: str, thread_ts: str | None
) -> dict[str, Any]:
    """Everything the page needs for one poll."""
    emu = sandbox.emulator
    titles = {p.id: p.title for p in PEOPLE}
    user = user if user in titles else OWNER.id
    people = [
        p | {"title": titles.get(p["id"], "app" if p["is_bot"] else "")} for p in reads.people(emu)
    ]
    convs = reads.conversations(emu, user)
    if channel != HOME and channel not in {c["id"] for c in convs}:
        channel = convs[0]["id"]
    modal = reads.top_modal(emu, user)
    if modal is not None:
        modal["errors"] = sandbox.modal_errors.get(modal["id"], {})
    on_home = channel == HOME
    shown = [] if on_home else timeline(sandbox, channel, user)
    if any(c["id"] == channel and c["kind"] == "dm" for c in convs):
        mark_seen(sandbox, channel, shown)
    return {
        "now": sandbox.clock().isoformat(),
        "user": user,
        "channel": channel,
        "people": people,
        "conversations": convs,
        "members": [] if on_home else reads.channel_members(emu, channel),
        "messages": shown,
        "thread": None if on_home or not thread_ts else thread(sandbox, channel, user, thread_ts),
        "modal": modal,
        "home": emu.home_views(user) if on_home else None,
        "checklist": checklist(sandbox),
    }

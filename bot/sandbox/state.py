"""What the page shows one signed-in person, as JSON: conversations, messages, thread, modal, Home.

The page polls this; it never sees what the person could not see in Slack (others' ephemerals,
others' modals, channels they are not in).
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from sqlalchemy import func, select

from bot.db.models import Checkin, Engagement, Payment
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


def checklist(sandbox: SandboxInstance) -> dict[str, bool]:
    """The newcomer's progress: read from the bot's own database, not from page clicks."""
    today: date = sandbox.clock().astimezone(UTC).date()
    with sandbox.runtime.sessions() as session:
        engagements = session.scalar(select(func.count()).select_from(Engagement)) or 0
        checkins = session.scalar(select(func.count()).select_from(Checkin)) or 0
        payments = session.scalar(select(func.count()).select_from(Payment)) or 0
        overdue = session.scalar(
            select(func.count()).where(Payment.status == "due", Payment.due_on < today)
        )
    now_done = {
        "kickoff": engagements > 0,
        "checkin": checkins > 0,
        "jump": sandbox.jumped_days >= 6.9,
        "payment": payments > 0,
        "overdue": bool(overdue),
    }
    # A step once done stays ticked (paying the overdue payment must not un-tick "miss it").
    sandbox.progress |= {step for step, done in now_done.items() if done}
    return {step: step in sandbox.progress for step in now_done}


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
    return {
        "now": sandbox.clock().isoformat(),
        "user": user,
        "channel": channel,
        "people": people,
        "conversations": convs,
        "members": [] if on_home else reads.channel_members(emu, channel),
        "messages": [] if on_home else timeline(sandbox, channel, user),
        "thread": None if on_home or not thread_ts else thread(sandbox, channel, user, thread_ts),
        "modal": modal,
        "home": emu.home_views(user) if on_home else None,
        "checklist": checklist(sandbox),
    }

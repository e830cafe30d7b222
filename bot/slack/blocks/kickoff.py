"""The kickoff brief (public, no money), the owner's private note, and the kickoff form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from bot.db.models import Engagement, Onboarding
from bot.domain.schedule import slots, worktime
from bot.slack import ids, metadata
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, divider, fallback_text, header, message, mrkdwn, user_text
from bot.slack.blocks.contractors import DAY_NAMES, describe_days
from bot.slack.blocks.onboarding import checklist_blocks
from bot.slack.grammar.kickoff import KickoffDraft
from bot.text.money import Money

AGENDA = (
    "*Introductions* — who is who, roles, how to reach each other",
    "*The company and the project* — why this work matters, who it is for",
    "*Tasks and deliverables* — walk through the list above, agree what “done” means",
    "*Expectations* — check-in cadence, response time, tools and access",
    "*Timelines* — the deadline, milestones, holidays and time off on both sides",
    "*Payments* — how invoices and payments work (amounts are shared privately)",
)


def next_checkin(engagement: Engagement, now: datetime) -> datetime | None:
    """The next check-in the contractor will really be prompted for: the cadence in their zone, skipping
    their days off, public holidays and time off, none after the deadline or while not active (see
    `slots.next_slot`). The cadence alone named days nobody is asked, such as a Colombian holiday."""
    slot = slots.next_slot(engagement, now)
    return slot.due_at if slot else None


def describe_cadence(engagement: Engagement, now: datetime) -> str:
    """'Mon, Thu at 10:00 Bogota · 15:00 London' — both people's local times."""
    contractor_tz, owner_tz = engagement.contractor.person.tz, engagement.owner.tz
    days = describe_days(engagement.checkin_days)
    slot = next_checkin(engagement, now)
    if slot is None:
        return days
    text = f"{days} at {worktime.format_local(slot, contractor_tz)}"
    if owner_tz != contractor_tz:
        text += f" · {worktime.format_local(slot, owner_tz)} for <@{engagement.owner.user_id}>"
    return text


def describe_overlap(engagement: Engagement, on: date) -> str:
    """The shared working hours in both zones, or a nudge to work asynchronously."""
    owner, contractor = engagement.owner, engagement.contractor.person
    window = worktime.overlap_hours(owner, contractor, on)
    if window is None:
        return "No overlap in working hours: plan written handovers and async check-ins."
    start, end = window
    hours = (end - start).total_seconds() / 3600
    owner_side = f"{worktime.format_local(start, owner.tz)}–{worktime.format_local(end, owner.tz)}"
    if owner.tz == contractor.tz:
        return f"{owner_side} ({hours:g} h)"
    contractor_side = f"{worktime.format_local(start, contractor.tz)}–{worktime.format_local(end, contractor.tz)}"
    return f"{owner_side} · {contractor_side} ({hours:g} h)"


def build_kickoff_brief(engagement: Engagement, now: datetime, checklist: Onboarding | None = None) -> dict[str, Any]:
    """The channel's kickoff brief (with the onboarding checklist to tick); read by a whole agency, so no money."""
    contractor = engagement.contractor
    today = worktime.local_today(now, engagement.owner.tz)
    company = f" ({user_text(contractor.company, 100)})" if contractor.company else ""
    left = (engagement.deadline - today).days
    facts = [
        f"*Owner:* <@{engagement.owner.user_id}>   *Contractor:* <@{contractor.person.user_id}>{company}",
        f"*Deadline:* {engagement.deadline:%a %d %b %Y} ({_from_today(left)})",
        f"*Check-ins:* {describe_cadence(engagement, now)}",
        f"*Working-hours overlap:* {describe_overlap(engagement, today)}",
        f"*Response time:* a reply within {engagement.sla_hours} working hours of each check-in prompt",
    ]
    if engagement.trial:
        facts.append("*Trial:* this is a trial engagement; at the deadline we decide to continue, extend or end.")
    blocks = [
        header(f"Kickoff: {engagement.title}"),
        mrkdwn("\n".join(facts)),
        mrkdwn(f"*Objectives*\n{user_text(engagement.objectives, 2900)}"),
        mrkdwn(f"*Deliverables*\n{user_text(engagement.deliverables, 2900)}"),
        divider(),
        mrkdwn("*Kickoff meeting agenda*\n" + "\n".join(f"{n}. {item}" for n, item in enumerate(AGENDA, 1))),
        *(checklist_blocks(checklist) if checklist is not None else []),
        context("Reply to a check-in prompt in its thread, or use `/checkin`. `/task list` shows the tasks."),
    ]
    return message(f"Kickoff: {fallback_text(engagement.title)} — deadline {engagement.deadline:%d %b %Y}", blocks)


def build_kickoff_private(engagement: Engagement, warnings: list[str], notes: Sequence[str] = ()) -> dict[str, Any]:
    """The owner's own confirmation: budget, terms, contingency, any warnings and gentle notes."""
    budget = (
        Money(engagement.budget_minor, engagement.budget_currency).format()
        if engagement.budget_minor is not None and engagement.budget_currency else "not set"
    )
    lines = [
        f":rocket: Engagement *{user_text(engagement.title, 200)}* started; "
        f"the brief is posted in <#{engagement.channel_id}>.",
        f"*Budget (only you see this):* {budget}   *Payment terms:* net {engagement.payment_terms_days} days",
        f"*Contingency plan:* {user_text(engagement.contingency, 1000) or 'none yet — who takes over if this stalls?'}",
    ]
    blocks = [mrkdwn("\n".join(lines))]
    blocks += [mrkdwn(f":warning: {warning}") for warning in warnings]
    blocks += [mrkdwn(f":bulb: {note}") for note in notes]
    return message(f"Engagement {fallback_text(engagement.title)} started", blocks)


def build_kickoff_modal(draft: KickoffDraft, channel_id: str) -> dict[str, Any]:
    """The kickoff form, pre-filled with whatever the command already said."""
    budget = f"{draft.budget.plain()}" if draft.budget else ""
    options = {name for name, on in (("trial", draft.trial), ("confidential", draft.confidential)) if on}
    return forms.modal(
        ids.KICKOFF_MODAL,
        "Kick off an engagement",
        [
            forms.user_select(ids.CONTRACTOR, "Contractor", initial=draft.contractor_id),
            forms.text_input(ids.TITLE, "Title", initial=draft.title, max_length=200),
            forms.text_input(ids.OBJECTIVES, "Objectives", initial=draft.objectives, multiline=True,
                             hint="What should this engagement achieve?"),
            forms.text_input(ids.DELIVERABLES, "Deliverables", initial=draft.deliverables, multiline=True,
                             hint="What exactly will be delivered?"),
            forms.date_picker(ids.DEADLINE, "Deadline", initial=draft.deadline.isoformat() if draft.deadline else None),
            forms.text_input(ids.BUDGET, "Budget (private to you)", initial=budget, optional=True,
                             placeholder="2000 USD", max_length=40),
            forms.checkboxes(ids.CHECKIN_DAYS, "Check-in days", [(d, str(n)) for n, d in enumerate(DAY_NAMES, 1)],
                             initial={str(d) for d in draft.checkin_days}, optional=False),
            forms.time_picker(ids.CHECKIN_TIME, "Check-in time (contractor's time zone)",
                              initial=draft.checkin_time.strftime("%H:%M")),
            forms.text_input(ids.SLA, "Response time", initial=f"{draft.sla_hours}h", max_length=10),
            forms.checkboxes(ids.OPTIONS, "Options", [("Trial engagement", "trial"), ("Confidential", "confidential")],
                             initial=options),
            forms.text_input(ids.CONTINGENCY, "Contingency plan", initial=draft.contingency, multiline=True,
                             optional=True, hint="Who or what takes over if the work stalls?"),
        ],
        submit="Kick off",
        private_metadata=metadata.seal({"channel_id": channel_id, "terms": draft.terms_days,
                                     "observers": list(draft.observer_ids)}),
    )


def _from_today(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"{days} days from today")

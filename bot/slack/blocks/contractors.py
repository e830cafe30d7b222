"""Block Kit for the contractor registry; money shows only when the viewer may see it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.db.models import Contractor
from bot.domain import contractors, worktime
from bot.slack import ids
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, fallback_text, header, message, mrkdwn, user_text
from bot.text.counts import plural
from bot.text.money import Money

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe_days(digits: str) -> str:
    """'12345' -> 'Mon–Fri'; other sets are listed."""
    days = [int(d) for d in digits]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0] - 1]}–{DAY_NAMES[days[-1] - 1]}"
    return ", ".join(DAY_NAMES[d - 1] for d in days)


def describe_rate(contractor: Contractor) -> str:
    """'USD 35.00/h' or 'not set'."""
    if contractor.rate_minor is None or contractor.rate_currency is None:
        return "not set"
    unit = f"/{contractor.rate_unit}" if contractor.rate_unit and contractor.rate_unit != "fixed" else ""
    return Money(contractor.rate_minor, contractor.rate_currency).format() + unit


def summary_line(contractor: Contractor, now: datetime, *, show_money: bool) -> str:
    """One line per contractor: who, where, when they work, local time now."""
    person = contractor.person
    local = worktime.format_local(now, person.tz)
    parts = [
        f"<@{person.user_id}>",
        user_text(contractor.company, 100) if contractor.company else "",
        f"{person.tz} ({local} now)",
        f"{describe_days(person.work_days)} {person.work_start:%H:%M}–{person.work_end:%H:%M}",
    ]
    if show_money:
        parts.append(f"rate {describe_rate(contractor)}")
    return " · ".join(p for p in parts if p)


def build_contractor_card(contractor: Contractor, now: datetime, *, show_money: bool,
                          created: bool | None = None) -> dict[str, Any]:
    """The registry entry of one contractor, with the vetting checklist."""
    person = contractor.person
    missing = contractors.missing_vetting(contractor)
    checklist = "  ".join(
        f"{':white_check_mark:' if item not in missing else ':white_square:'} {item}"
        for item in contractors.VETTING_ITEMS
    )
    lead = {True: "Added to the registry:", False: "Updated:", None: ""}[created]
    blocks = [
        mrkdwn(f"{lead} {summary_line(contractor, now, show_money=show_money)}".strip()),
        mrkdwn(f"*Vetting:* {checklist}"),
    ]
    if person.country:
        blocks.append(context(f"Public holidays: {person.country}"))
    if person.time_off:
        spans = ", ".join(f"{t.start_on:%d %b}–{t.end_on:%d %b %Y}" for t in person.time_off)
        blocks.append(context(f"Time off: {spans}"))
    return message(f"{lead} {fallback_text(person.name)}".strip(), blocks)


def build_contractor_list(entries: list[tuple[Contractor, bool]], now: datetime) -> dict[str, Any]:
    """The registry, one line each; `entries` pairs each contractor with whether money may show."""
    if not entries:
        return message(
            "No contractors yet.",
            [mrkdwn("No contractors in the registry yet. Add one with `/contractor add @name tz=Area/City`.")],
        )
    lines = [f"• {summary_line(c, now, show_money=show)}" for c, show in entries[:40]]
    blocks = [header(f"Contractors ({len(entries)})"), mrkdwn("\n".join(lines))]
    if len(entries) > 40:
        blocks.append(context(f"…and {len(entries) - 40} more."))
    return message(plural(len(entries), "contractor"), blocks)


def build_contractor_modal(user_id: str | None = None) -> dict[str, Any]:
    """The /contractor form: the same fields as `/contractor add`."""
    return forms.modal(
        ids.CONTRACTOR_MODAL,
        "Add a contractor",
        [
            forms.user_select(ids.CONTRACTOR, "Contractor", initial=user_id),
            forms.text_input(ids.TIMEZONE, "Time zone", optional=True, placeholder="America/Bogota",
                             hint="Leave empty to use the zone in their Slack profile."),
            forms.text_input(ids.HOURS, "Working hours", initial="09:00-17:00", max_length=20),
            forms.text_input(ids.DAYS, "Working days", initial="mon-fri", max_length=40),
            forms.text_input(ids.COUNTRY, "Country for public holidays", optional=True, placeholder="CO",
                             max_length=2),
            forms.text_input(ids.RATE, "Rate (private to you)", optional=True, placeholder="35/h USD", max_length=40),
            forms.text_input(ids.COMPANY, "Company or agency", optional=True, max_length=200),
        ],
        submit="Add",
    )

"""Block Kit for the contractor registry: the public profile, and only the viewer's own rate and vetting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.db.models import Contractor, ContractorTerms
from bot.domain.roster import contractor_terms
from bot.domain.schedule import worktime
from bot.slack import ids
from bot.slack.blocks import forms
from bot.slack.blocks.common import context, fallback_text, header, message, mrkdwn, user_text
from bot.text.counts import plural
from bot.text.money import Money

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# An empty field keeps what is saved: prefilled defaults would reset someone's hours on every submit.
KEEP_HINT = "Leave empty to keep what is saved (09:00-17:00, Mon-Fri for someone new)."


def describe_days(digits: str) -> str:
    """'12345' -> 'Mon–Fri'; other sets are listed."""
    days = [int(d) for d in digits]
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0] - 1]}–{DAY_NAMES[days[-1] - 1]}"
    return ", ".join(DAY_NAMES[d - 1] for d in days)


def describe_rate(terms: ContractorTerms | None) -> str:
    """'USD 35.00/h' or 'not set'."""
    if terms is None or terms.rate_minor is None or terms.rate_currency is None:
        return "not set"
    unit = f"/{terms.rate_unit}" if terms.rate_unit and terms.rate_unit != "fixed" else ""
    return Money(terms.rate_minor, terms.rate_currency).format() + unit


def summary_line(contractor: Contractor, now: datetime, terms: ContractorTerms | None = None) -> str:
    """One line per contractor: who, where, when they work, local time now, and the viewer's own rate."""
    person = contractor.person
    local = worktime.format_local(now, person.tz)
    parts = [
        f"<@{person.user_id}>",
        user_text(contractor.company, 100) if contractor.company else "",
        f"{person.tz} ({local} now)",
        f"{describe_days(person.work_days)} {person.work_start:%H:%M}–{person.work_end:%H:%M}",
    ]
    if terms is not None:
        parts.append(f"your rate {describe_rate(terms)}")
    return " · ".join(p for p in parts if p)


def build_contractor_card(contractor: Contractor, now: datetime, *, terms: ContractorTerms | None,
                          created: bool | None = None, note: str | None = None) -> dict[str, Any]:
    """One contractor's public profile and, if the viewer recorded any, the viewer's own rate and vetting.

    `terms` must be the viewer's: another owner's rate or vetting never reaches this card.
    """
    person = contractor.person
    lead = {True: "Added to the registry:", False: "Updated:", None: ""}[created]
    if note is not None and created is False:
        lead = "Saved your terms:"
    blocks = [mrkdwn(f"{lead} {summary_line(contractor, now, terms)}".strip())]
    if terms is not None:
        missing = contractor_terms.missing_vetting(terms)
        checklist = "  ".join(
            f"{':white_check_mark:' if item not in missing else ':white_square:'} {item}"
            for item in contractor_terms.VETTING_ITEMS
        )
        blocks.append(mrkdwn(f"*Your vetting:* {checklist}"))
    if person.country:
        source = "set by hand" if person.country_explicit else "from their Slack zone"
        blocks.append(context(f"Public holidays: {person.country} ({source}; "
                              "they can change it with `/availability country=CO`)"))
    else:
        blocks.append(context("Public holidays: none (their zone names no country; "
                              "they can set one with `/availability country=CO`)"))
    if person.time_off:
        spans = ", ".join(f"{t.start_on:%d %b}–{t.end_on:%d %b %Y}" for t in person.time_off)
        blocks.append(context(f"Time off: {spans}"))
    if note:
        blocks.append(mrkdwn(f":information_source: {note}"))
    if terms is not None:
        blocks.append(context("Your rate and vetting are private to you: other owners keep their own."))
    return message(f"{lead} {fallback_text(person.name)}".strip(), blocks)


def profile_refusal(user_id: str, *, what: str = "profile", saved_rate: bool = False) -> str:
    """Who may change a contractor's profile, said kindly; `saved_rate`: the caller's own rate was kept."""
    who = (f"only <@{user_id}> themselves, an owner who works with them, or a workspace admin can change "
           f"their {'zone, hours, days, country or company' if what == 'profile' else what}")
    if saved_rate:
        return f"I saved your own rate, but did not change <@{user_id}>'s profile: {who}."
    return f"I can't change that: {who}. Nothing was changed."


def build_contractor_list(entries: list[tuple[Contractor, ContractorTerms | None]], now: datetime) -> dict[str, Any]:
    """The viewer's own contractors, one line each, each with the viewer's own rate."""
    if not entries:
        return message(
            "No contractors yet.",
            [mrkdwn("You have no contractors yet. Add one with `/contractor add @name tz=Area/City`.")],
        )
    lines = [f"• {summary_line(c, now, terms)}" for c, terms in entries[:40]]
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
            forms.text_input(ids.HOURS, "Working hours", optional=True, placeholder="09:00-17:00", max_length=20,
                             hint=KEEP_HINT),
            forms.text_input(ids.DAYS, "Working days", optional=True, placeholder="mon-fri", max_length=40,
                             hint=KEEP_HINT),
            forms.text_input(ids.COUNTRY, "Country for public holidays", optional=True, placeholder="CO",
                             max_length=2),
            forms.text_input(ids.RATE, "Rate (private to you)", optional=True, placeholder="35/h USD", max_length=40),
            forms.text_input(ids.COMPANY, "Company or agency", optional=True, max_length=200),
        ],
        submit="Add",
    )

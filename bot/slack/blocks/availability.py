"""Block Kit for /availability: someone's own zone, hours, holiday country and time off, privately."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.db.models import Person
from bot.domain.schedule import worktime
from bot.slack.blocks.common import context, message, mrkdwn
from bot.slack.blocks.contractors import describe_days
from bot.slack.blocks.help import HELP
from bot.slack.grammar.availability import SET_EXAMPLE, away_example


def country_line(person: Person, *, whose: str = "your") -> str:
    """Which public holidays apply and where that came from, with how to change it."""
    if person.country and person.country_explicit:
        source = "set by hand"
    elif person.country:
        source = f"from {whose} Slack zone"
    else:
        return (f"*Public holidays:* none ({person.tz} names no country). "
                "Set a country with `/availability country=CO`.")
    return f"*Public holidays:* {person.country} ({source}). Change with `/availability country=CO`."


def build_availability(person: Person, now: datetime, *, lead: str = "") -> dict[str, Any]:
    """What Tandem schedules around for this person, and how to change each part."""
    today = worktime.local_today(now, person.tz)
    zone_source = "set by hand" if person.tz_explicit else "from your Slack profile"
    upcoming = [t for t in person.time_off if t.end_on >= today]
    away = ", ".join(f"{t.start_on:%d %b}–{t.end_on:%d %b %Y}" for t in upcoming) or "none"
    lines = [
        f"*Zone:* {person.tz} ({zone_source}; {worktime.format_local(now, person.tz)} now)",
        f"*Working days and hours:* {describe_days(person.work_days)} "
        f"{person.work_start:%H:%M}–{person.work_end:%H:%M}",
        country_line(person),
        f"*Time off:* {away}",
    ]
    blocks = []
    if lead:
        blocks.append(mrkdwn(lead))
    blocks += [
        mrkdwn("\n".join(lines)),
        context(f"Change any of them: `{SET_EXAMPLE}` · days off: `{away_example(today)}` · "
                "prompts, reminders and owner DMs wait for these hours."),
    ]
    return message(f"{lead} Your availability: {person.tz}".strip(), blocks)


def build_availability_help(today: date) -> dict[str, Any]:
    """`/availability help`, its days-off example dated from the speaker's today."""
    purpose, usages = HELP["/availability"]
    lines = [u.replace("START..END", away_example(today).removeprefix("/availability away ")) for u in usages]
    text = "*/availability* — " + purpose + "\n" + "\n".join(f"• `{u}`" if u.startswith("/") else f"• {u}"
                                                              for u in lines)
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}

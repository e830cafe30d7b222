"""`help` for every command: what it is for and the exact grammar, with examples."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.text import examples

HELP: dict[str, tuple[str, list[str]]] = {
    "/kickoff": (
        "Start an engagement with a contractor in this channel. Objectives, deliverables and a deadline are required.",
        [
            '/kickoff @maria "Website redesign" due {today+14} budget=2000 USD checkins=mon,thu@10:00 sla=24h '
            'objectives="A faster site" deliverables="Homepage, 3 pages" [trial] [confidential] [terms=net14] '
            "[observers=@sam,@lee]",
            "/kickoff — opens the kickoff form",
            "At most one check-in a day: checkins= takes days and one time (mon,thu@10:00).",
        ],
    ),
    "/contractor": (
        "Keep the contractor registry: where and when people work (they, an owner who works with them or an "
        "admin can change it), and your own rate and vetting for each (private to you).",
        [
            "/contractor add @maria tz=America/Bogota hours=09:00-17:00 days=mon-fri country=CO rate=35/h USD "
            'company="Acme Studio"',
            "/contractor list",
            "/contractor show @maria",
            "/contractor vet @maria references|portfolio|trial|nda|contract",
            "/contractor away @maria {today+17}..{today+26}",
            "/contractor — opens the form",
        ],
    ),
    "/availability": (
        "See and set your own availability (owners and contractors alike): prompts, reminders and owner DMs "
        "wait for your working hours and skip your days off and public holidays. Only you see the answer.",
        [
            "/availability — shows your zone, working days and hours, holiday country and time off",
            "/availability hours=09:00-17:00 days=mon-fri country=GB tz=Europe/London — any of them",
            "/availability away START..END — days off (dates in your zone)",
            "Your zone and country follow your Slack profile until you set them here.",
        ],
    ),
    "/task": (
        "Track tasks in this engagement's channel.",
        [
            '/task add "Homepage design" due friday @maria',
            '/task add "Homepage design" due {today+10} pay=800 USD — a milestone; the pay is private to the owner',
            "/task submit 3 [link] — contractors: hand work in for the owner's review",
            "/task list",
            "/task done 3",
            "/task block 3 waiting for brand assets",
            "/task — opens the form",
        ],
    ),
    "/checkin": (
        "Contractors: report status. Owners: see the status board.",
        [
            "/checkin on-track 60% Finished mockups | next: copy | blocked: waiting for brand assets",
            "/checkin — opens the check-in form (pre-filled if you already checked in today)",
            "/checkin status — the board: each engagement's health and why; contractors: your next check-in",
            "/checkin unblock — the blocker is sorted: clear it (contractor or owner, in the engagement's channel)",
        ],
    ),
    "/payment": (
        "Owners: record what you owe and when; Tandem reminds you before it is late. Private to you.",
        [
            "/payment add 500 USD due {today+7} ref=INV-12",
            "/payment paid 2",
            "/payment list",
            "/payment — opens the form",
        ],
    ),
    "/thanks": (
        "Thank someone in the channel for good work; it is recorded on their scorecard.",
        ["/thanks @maria for shipping the homepage"],
    ),
    "/engagement": (
        "Owners: the life of this channel's engagement — change its plan, pause it, end it — and its observers "
        "(a partner, a project manager), who get the weekly digest and can read `/checkin status`; they are never "
        "prompted and never see money.",
        [
            '/engagement edit deadline="in 3 weeks" checkins=mon,thu@10:00 sla=24h budget=2500 USD title="Site v2"',
            "/engagement pause — stops the prompts and reminders until you resume",
            "/engagement resume",
            "/engagement end [reason] — ends it now; in a DM with Tandem: /engagement end \"Title\"",
            "/engagement reopen — undoes an end within 14 days",
            "/engagement observe @sam",
            "/engagement unobserve @sam",
            "/engagement observers",
        ],
    ),
    "/scorecard": (
        "Owners: how each contractor is doing on the engagements you own — on-time delivery, check-ins, "
        "ratings, milestones, spend, payments and thanks, with a verdict: keep, watch, consider ending or "
        "too early to judge. Private to you.",
        [
            "/scorecard — every contractor, last 90 days",
            "/scorecard @maria — one contractor",
            "/scorecard @maria 30d|90d|all — over another period",
        ],
    ),
}


def build_help(command: str, today: date) -> dict[str, Any]:
    """An ephemeral help message for one slash command, its example dates counted from the reader's today."""
    purpose, usages = HELP[command]
    lines = "\n".join(_line(examples.render(usage, today)) for usage in usages)
    text = f"*{command}* — {purpose}\n{lines}"
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}


def _line(usage: str) -> str:
    """`• `the command` — what it does`: only what a person types goes in the code span."""
    typed, dash, explained = usage.partition(" — ")
    return f"• `{typed}`" + (f" — {explained}" if dash else "")

"""The Home tab: the owner's dashboard (paged), the contractor's own view, or how to start.

Slack refuses a Home view of more than 100 blocks, so owners see a summary of everything and
PAGE_SIZE engagements at a time (two blocks each) with buttons to the other pages.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from bot.db.models import Engagement
from bot.domain.engagement import engagements
from bot.domain.reports import status
from bot.domain.reports.dashboards import ContractorDashboard, OwnerDashboard
from bot.domain.schedule import worktime
from bot.slack import ids, metadata
from bot.slack.blocks.checkins import EMOJI, board_line
from bot.slack.blocks.common import button, context, divider, header, mrkdwn
from bot.slack.blocks.home_contractor import contractor_blocks
from bot.slack.blocks.payments import payment_line
from bot.slack.blocks.tasks import sections
from bot.text import examples

PAGE_SIZE = 20
SHOWN_PAYMENTS = 10
ABOUT = (
    "*Tandem keeps outsourced work on track.* Start an engagement with a freelancer, contractor or agency "
    "and Tandem asks for check-ins in their own working hours, reminds you before payments are late, "
    "prompts feedback and thanks, and keeps a scorecard of how it is going."
)
START = (
    "*How to start*\n"
    "1. Add the contractor: `/contractor add @maria tz=America/Bogota hours=09:00-17:00`\n"
    '2. In a channel with them, kick off: `/kickoff @maria "Website redesign" due {today+14}` '
    "(or just `/kickoff` for the form)\n"
    "3. Check in with `/checkin`, track work with `/task`, say thanks with `/thanks`."
)


def build_home(owner: OwnerDashboard | None, contractor: ContractorDashboard | None, *, now: datetime,
               offset: int = 0, today: date | None = None) -> dict[str, Any]:
    """The Home view for whoever opened it: owner part, contractor part, or the welcome."""
    blocks: list[dict[str, Any]] = []
    if owner is not None and owner.rows:
        blocks += owner_blocks(owner, now=now, offset=offset)
    if contractor is not None and contractor.engagements:
        blocks += ([divider()] if blocks else []) + contractor_blocks(contractor, now=now)
    if not blocks:
        blocks = [header("Welcome to Tandem"), mrkdwn(ABOUT), mrkdwn(examples.render(START, today or now.date()))]
    return {"type": "home", "blocks": blocks, "private_metadata": metadata.seal({"offset": offset})}


def owner_blocks(board: OwnerDashboard, *, now: datetime, offset: int) -> list[dict[str, Any]]:
    """Summary, one page of engagements with their buttons, paging, then payments due."""
    rows = board.rows
    offset = max(0, min(offset, (len(rows) - 1) // PAGE_SIZE * PAGE_SIZE))
    page = rows[offset:offset + PAGE_SIZE]
    blocks = [header(f"Your engagements ({len(rows)})"), mrkdwn(summary(rows))]
    for row in page:
        blocks += engagement_blocks(row, now, row.engagement.contractor_id in board.nda_on_file)
    if len(rows) > PAGE_SIZE:
        blocks += paging(offset, len(rows))
    today = worktime.local_today(now, rows[0].engagement.owner.tz)
    return blocks + payment_blocks(board, today)


def summary(rows: list[status.BoardRow[Engagement]]) -> str:
    """':large_green_circle: 12 on track · … · 3 paused · 5 overdue tasks' over every engagement."""
    healths = Counter(status.health(row) for row in rows)
    parts = [f"{EMOJI[h]} {healths[h]} {h.replace('_', ' ')}" for h in EMOJI if healths[h]]
    paused = sum(row.engagement.status == "paused" for row in rows)
    overdue = sum(row.overdue_tasks for row in rows)
    parts += [f"{paused} paused"] if paused else []
    parts.append(f"{sum(row.open_tasks for row in rows)} open tasks ({overdue} overdue)")
    return " · ".join(parts)


def engagement_blocks(row: status.BoardRow[Engagement], now: datetime,
                      nda_on_file: bool = False) -> list[dict[str, Any]]:
    """One engagement's status line, its warnings, and its Scorecard and Pause/Resume buttons."""
    engagement = row.engagement
    text = board_line(row, now)  # which says when it is paused or held
    for warning in engagements.kickoff_warnings(engagement, nda_on_file=nda_on_file):
        text += f"\n:warning: {warning}"
    paused = engagement.status == "paused"
    value = str(engagement.id)
    return [mrkdwn(text), {"type": "actions", "block_id": f"engagement_{engagement.id}", "elements": [
        button("Scorecard", ids.HOME_SCORECARD, value),
        button("Resume" if paused else "Pause", ids.HOME_PAUSE, value, style="primary" if paused else None),
    ]}]


def paging(offset: int, total: int) -> list[dict[str, Any]]:
    """'Engagements 21-40 of 200' with Previous and Next page buttons (there is always one of them)."""
    elements = []
    if offset > 0:
        elements.append(button("Previous page", f"{ids.HOME_PAGE}_previous", str(max(0, offset - PAGE_SIZE))))
    if offset + PAGE_SIZE < total:
        elements.append(button("Next page", f"{ids.HOME_PAGE}_next", str(offset + PAGE_SIZE)))
    shown = f"Engagements {offset + 1}-{min(offset + PAGE_SIZE, total)} of {total}"
    return [context(shown), {"type": "actions", "block_id": "paging", "elements": elements}]


def payment_blocks(board: OwnerDashboard, today: date) -> list[dict[str, Any]]:
    """The soonest payments due (private to the owner: the Home tab is only theirs)."""
    due = board.payments_due
    if not due:
        return [context("No payments due.")]
    overdue = sum(p.due_on < today for p in due)
    lines = [payment_line(p, today, with_engagement=True) for p in due[:SHOWN_PAYMENTS]]
    blocks = [header(f"Payments due ({len(due)}, {overdue} overdue)"), *sections(lines)]
    if len(due) > SHOWN_PAYMENTS:
        blocks.append(context(f"…and {len(due) - SHOWN_PAYMENTS} more: `/payment list` shows them all."))
    return blocks + [context("Only you see this tab's amounts.")]


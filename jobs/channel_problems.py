"""Channel problems: when Slack refuses an engagement's messages because the bot cannot post in its
channel (removed from it, archived, deleted), the owner hears of it, once a day, in their hours.

Without this, the prompts of such an engagement fail every minute in the log and nobody who can
fix it ever knows. The ledger notes Slack's error on each refused key (`last_error`); a refusal
within the last day for an active engagement's channel is what this sweep reports.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import datetime, timedelta

from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import worktime
from bot.domain.shapes import EngagementLike
from bot.slack.blocks.channel_problems import build_channel_problem
from bot.slack.client import CANNOT_POST
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent

DUTY = "channel_problem"
RECENT = timedelta(days=1)  # refusals older than this were already reported (or have been resolved)


def sweep(ctx: SweepContext) -> Iterator[str]:
    """One note per engagement and owner's day while its channel refuses the bot's messages."""
    with ctx.runtime.sessions() as session:
        refused = ledger.refused(session, errors=CANNOT_POST, since=ctx.now - RECENT)
        engagements = [e for e in ctx.active(session) if e.channel_id in refused] if refused else []
        items = unsent(session, [note(e, refused[e.channel_id], ctx.now) for e in engagements
                                 if ctx.at_work(e.owner)])
    yield from send_all(ctx, items)


def note(engagement: EngagementLike, errors: Collection[str], now: datetime) -> Outgoing:
    """The owner's direct message about the engagement's channel."""
    owner = engagement.owner
    day = worktime.local_today(now, owner.tz)
    return Outgoing(
        key=ledger_keys.day_key(ledger_keys.CHANNEL_PROBLEM, engagement.id, day), duty=DUTY, team_id=engagement.team_id,
        channel=owner.user_id, due_at=now.replace(second=0, microsecond=0),
        payload=build_channel_problem(engagement, errors),
        summary=f"channel {engagement.channel_id} refuses ({', '.join(sorted(errors))}) for engagement "
                f"{engagement.id}, to owner <@{owner.user_id}>",
    )

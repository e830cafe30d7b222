"""Thank-you nudges: a DM to the owner, in their working hours, at most once per engagement per week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.domain import duties
from bot.domain.delivery import ledger
from bot.domain.recognition import thank_nudges
from bot.domain.schedule import work_hours
from bot.runtime import Runtime
from bot.slack.blocks.common import Deferred
from bot.slack.blocks.thank_nudges import build_thanks_nudge
from jobs.delivery import Outgoing
from jobs.sending import send_all, unsent


def sweep(runtime: Runtime, client: WebClient, now: datetime, dry_run: bool) -> Iterator[str]:
    """Nudge owners who have a reason to thank and have not been nudged about that engagement this week."""
    with runtime.sessions() as session:
        engagements = [e for e in duties.active_engagements(session) if work_hours.in_working_hours(e.owner, now)]
        # The weekly key first: engagements already nudged this week cost no reason queries.
        known = ledger.known(session, [thank_nudges.key_for(e, now) for e in engagements])
        candidates = {e.id: e for e in engagements if (row := known.get(thank_nudges.key_for(e, now))) is None
                      or row.status == ledger.CLAIMED}
        reasons = thank_nudges.reasons(session, candidates.values(), now) if candidates else {}
        items = unsent(session, [nudge(candidates[eid], reason, now) for eid, reason in reasons.items()])
    yield from send_all(runtime, client, items, dry_run)


def nudge(engagement: Engagement, reason: str, now: datetime) -> Outgoing:
    """The owner's nudge for one engagement."""
    owner = engagement.owner
    return Outgoing(
        key=thank_nudges.key_for(engagement, now), duty=thank_nudges.DUTY, team_id=engagement.team_id,
        channel=owner.user_id, due_at=now, payload=Deferred(build_thanks_nudge, engagement, reason),
        summary=f"thank-you nudge ({reason}) to owner <@{owner.user_id}>",
    )

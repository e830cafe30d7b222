"""Claimed keys past their grace window end as sent or skipped, never claimed forever.

A key stays claimed when its attempt died (SIGKILL, a 429, a timeout) and no sweep offers it
again: the check-in slot left the grace window, a newer payment alert superseded it, the prompt
was answered meanwhile. This sweep closes such keys. One that no attempt ever began cannot have
been posted: skipped. One whose attempt began may have posted before dying, so we look for its
tag in Slack (the channel, or the prompt's thread for follow-ups): found means sent, else skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.db.models import Delivery
from bot.db.session import transaction
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.schedule import slots
from bot.runtime import Runtime
from bot.slack.client import CANNOT_POST
from bot.slack.teams import serves, team_client
from jobs.context import SweepContext
from jobs.delivery import Outgoing, Undecided, find_posted

logger = logging.getLogger(__name__)

# How long after its due time each duty may still be offered by its own sweep.
GRACE = {slots.DUTY: slots.GRACE, "checkin_snoozed": timedelta(days=1), "prompt_snoozed": timedelta(days=1)}
DEFAULT_GRACE = timedelta(days=15)  # longer than the follow-ups' 14-day lookback and the weekly alerts
THREADED = (ledger_keys.REMINDER, ledger_keys.SNOOZED)  # kinds of replies in a check-in prompt's thread


def sweep(ctx: SweepContext) -> Iterator[str]:
    """Close every stale claim; prints nothing (nothing new is posted)."""
    if ctx.dry_run:
        return
    with ctx.runtime.sessions() as session:
        rows = ledger.stale_claims(session, now=ctx.now, grace=GRACE, default=DEFAULT_GRACE)
        threads = {row.key: thread_of(session, row) for row in rows}
    for row in rows:
        if serves(ctx.client, row.team_id):  # OAuth mode: an uninstalled workspace's claims wait for it
            close(ctx.runtime, ctx.client, row, threads[row.key])
    yield from ()


def thread_of(session: Session, row: Delivery) -> str | None:
    """The prompt thread a follow-up was posted in (its key names the slot), else None."""
    key = ledger_keys.LedgerKey.parse(row.key)
    if key is None or key.kind not in THREADED:
        return None
    prompt = ledger.get(session, ledger_keys.slot(ledger_keys.CHECKIN, *ledger_keys.slot_of(row.key)))
    return prompt.message_ts if prompt else None


def close(runtime: Runtime, client: WebClient, row: Delivery, thread_ts: str | None) -> None:
    """Own the key (compare-and-set, so a live attempt is never overtaken), then settle it."""
    clock = runtime.clock()
    with transaction(runtime.sessions) as session:
        since = ledger.attempted_since(session, [row.key]).get(row.key)
        before = ledger.begin_attempt(session, key=row.key, now=clock)
    if before is None:
        return
    found = None
    client = team_client(client, row.team_id) or client  # OAuth mode: the row's own workspace's token
    if before > 0 and row.channel_id:
        item = Outgoing(key=row.key, duty=row.duty, team_id=row.team_id, channel=row.channel_id,
                        due_at=row.due_at, payload={}, thread_ts=thread_ts)
        try:
            found = find_posted(client, item, since)
        except Undecided:
            # More messages around that attempt than one page of Slack's history tier shows: closing
            # it as skipped can post nothing twice, where looking again each minute may never end.
            found = None
        except SlackApiError as error:
            if error.response.get("error") not in CANNOT_POST:
                with transaction(runtime.sessions) as session:
                    ledger.release(session, key=row.key)
                    if since is not None:  # this look posted nothing: keep the earlier attempt's time
                        ledger.restore_attempted(session, {row.key: since})
                return
            # The channel is closed to the bot (removed, archived, deleted), past the key's grace: asking
            # again every minute would never end. Closing it cannot post anything twice.
            found = None
    with transaction(runtime.sessions) as session:
        if found:
            ledger.mark_sent(session, key=row.key, ts=found[1], now=clock, channel_id=found[0])
        else:
            ledger.finish_skipped(session, key=row.key)
    logger.warning("%s was still claimed past its grace window: closed as %s", row.key,
                   "sent (found in Slack)" if found else "skipped")

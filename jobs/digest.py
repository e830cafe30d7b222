"""The weekly digest, Monday 09:00 owner time; payment alerts due to that owner in the same sweep join it.

Runs before the payment sweep: once the digest is posted, the payment alerts it carries are
recorded as sent under their own keys (with the digest's ts), so the owner gets one message,
not a burst. If the worker dies between the two steps, the alerts go out on their own: noisier,
never lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.db.models import Engagement
from bot.db.session import transaction
from bot.domain.delivery import ledger, ledger_keys
from bot.domain.money import payment_alerts
from bot.domain.reports import digest
from bot.domain.schedule import worktime
from bot.runtime import Runtime
from bot.slack.blocks.digest import build_digest
from jobs.context import SweepContext
from jobs.delivery import Outgoing
from jobs.payment_alerts import alert_for
from jobs.sending import deliver


def sweep(ctx: SweepContext) -> Iterator[str]:
    """One digest per owner whose Monday 09:00 has come; a constant number of queries per sweep."""
    with ctx.runtime.sessions() as session:
        owners = digest.due_owners(ctx.active(session), ctx.now)
        keys = {oid: digest.key_for(es[0].owner, digest.monday_of(es[0].owner, ctx.now)) for oid, es in owners.items()}
        known = ledger.known(session, keys.values())
        owners = {oid: es for oid, es in owners.items() if keys[oid] not in known
                  or known[keys[oid]].status == ledger.CLAIMED}
        lines = digest.lines(session, [e for es in owners.values() for e in es], ctx.now) if owners else []
        alerts = [item for p in payment_alerts.unpaid(session) if p.engagement.owner_id in owners
                  and (item := alert_for(p, ctx.now))] if owners else []
        known_alerts = ledger.known(session, [a.key for a in alerts])
        unpaid = {p.id: p for p in payment_alerts.unpaid(session)} if alerts else {}
    items, carried = [], {}
    for owner_id, engagements in owners.items():
        mine = [a for a in alerts if a.channel == engagements[0].owner.user_id and a.key not in known_alerts]
        items.append(digest_for(engagements, [ln for ln in lines if ln.engagement.owner_id == owner_id],
                                [unpaid[payment_of(a.key)] for a in mine], keys[owner_id], ctx.now))
        carried[keys[owner_id]] = mine
    if ctx.dry_run:
        yield from (f"(dry run) {item.line}" for item in items)
        return
    for item in deliver(ctx, items):
        absorb(ctx.runtime, item.key, carried[item.key])
        yield item.line


def payment_of(key: str) -> int:
    """The payment a payment alert's key names."""
    parsed = ledger_keys.LedgerKey.parse(key)
    assert parsed is not None and parsed.kind == ledger_keys.PAYMENT, key
    return parsed.subject


def digest_for(engagements: list[Engagement], lines: list[digest.Line], payments: list, key: str,  # type: ignore[type-arg]
               now: datetime) -> Outgoing:
    """The owner's digest message."""
    owner = engagements[0].owner
    today = worktime.local_today(now, owner.tz)
    return Outgoing(
        key=key, duty=digest.DUTY, team_id=engagements[0].team_id, channel=owner.user_id,
        due_at=worktime.at_local(today, digest.AT, owner.tz), payload=build_digest(owner, lines, payments, today, now),
        summary=f"weekly digest to owner <@{owner.user_id}> ({len(lines)} engagement(s), "
                f"{len(payments)} payment alert(s))",
    )


def absorb(runtime: Runtime, digest_key: str, alerts: list[Outgoing]) -> None:
    """Record the payment alerts the digest carried as sent, so the payment sweep does not repeat them.

    In one statement, in key order (`claim_all`), as every multi-key write of the ledger: another
    worker's payment sweep may be claiming the same keys, and taking them in two orders deadlocks.
    """
    with transaction(runtime.sessions) as session:
        row = ledger.get(session, digest_key)
        ledger.claim_all(session, [ledger.Entry(alert.key, alert.duty, alert.team_id, row.channel_id, alert.due_at,
                                                row.message_ts) for alert in alerts],
                         now=runtime.clock(), status=ledger.SENT)

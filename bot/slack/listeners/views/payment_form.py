"""The /payment form: fields checked inline, then recorded like `/payment add`, confirmed privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.db.models import Engagement
from bot.runtime import Runtime
from bot.slack import ids, metadata
from bot.slack.blocks.forms import values
from bot.slack.forms_validation import Collector
from bot.slack.listeners.common import known_today, runtime_of
from bot.slack.payloads import Submission
from bot.text.dates import parse_date
from bot.text.money import Money, parse_currency, parse_money
from bot.usecases import payments


def handle_payment_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                              context: dict[str, Any]) -> None:
    """Errors (the domain's too) go back onto their fields; the confirmation goes to the owner alone."""
    runtime, submitted = runtime_of(context), Submission.of(body, view)
    team_id, user_id = submitted.team_id, submitted.user_id
    channel_id = metadata.open(submitted.private_metadata)["channel_id"]
    check = Collector()
    saved = read_and_save(check, values(view), runtime, team_id, user_id, channel_id)
    if saved is None:
        ack(response_action="errors", errors=check.errors)
        return
    ack()
    engagement_channel, reply = saved
    # Ephemeral in the engagement's own channel (the bot is there); anywhere else a direct message.
    if engagement_channel == channel_id:
        client.chat_postEphemeral(channel=channel_id, user=user_id, **reply)
    else:
        client.chat_postMessage(channel=user_id, **reply)


def read_and_save(check: Collector, form: dict[str, Any], runtime: Runtime, team_id: str, user_id: str,
                  channel_id: str) -> tuple[str, dict[str, Any]] | None:
    """Read every field, then save before the ack; None when something went onto the form as an error."""
    today = known_today(runtime, team_id, user_id)
    where = ids.CONTRACTOR if ids.CONTRACTOR in form else ids.AMOUNT
    contractor_id = form.get(ids.CONTRACTOR)
    engagement = check.field(where, lambda _: payments.engagement_for(runtime, team_id, user_id, channel_id,
                                                                        contractor_id), channel_id)
    amount = read_amount(check, form, engagement)
    due = check.field(ids.DUE, lambda raw: parse_date(raw, today=today), form.get(ids.DUE))
    if engagement is not None and amount is None and not check.errors:
        check.add(ids.AMOUNT, "Give the amount, like 500 or 1,200.50.")
    if check.errors or engagement is None or amount is None:
        return None
    reference = form.get(ids.REFERENCE) or ""
    reply = check.field(where, lambda _: payments.record(runtime, engagement.id, user_id, amount, due, reference,
                                                         today), channel_id)
    return (engagement.channel_id, reply) if reply is not None else None


def read_amount(check: Collector, form: dict[str, Any], engagement: Engagement | None) -> Money | None:
    """The amount in the currency typed (in either field), else in the engagement's budget currency."""
    typed = check.field(ids.CURRENCY, parse_currency, form.get(ids.CURRENCY))
    if engagement is None or ids.CURRENCY in check.errors:
        return None
    default = engagement.budget_currency
    return check.field(ids.AMOUNT, lambda raw: parse_money(raw.replace(" ", ""), typed, default_currency=default),
                       form.get(ids.AMOUNT))


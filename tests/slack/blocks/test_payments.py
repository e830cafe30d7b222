"""Payment builders: private replies with amounts, overdue in the owner's calendar, a valid form."""

from __future__ import annotations

import json
from datetime import date

from bot.emulator.blockkit import validate_message_blocks, validate_view
from bot.slack import ids, metadata
from bot.slack.blocks.payments import (
    build_payment_added,
    build_payment_list,
    build_payment_modal,
    build_payment_paid,
    payment_line,
)
from tests.slack.blocks.factories import TODAY, engagement, payment


def text_of(message: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(message["blocks"], ensure_ascii=False)


def test_line_shows_amount_due_date_and_overdue() -> None:
    line = payment_line(payment(reference="INV-12"), TODAY)
    assert "*2.* USD 500.00" in line and "Sat 05 Dec 2026" in line and "ref INV-12" in line
    assert ":rotating_light:" in payment_line(payment(due_on=date(2026, 11, 1)), TODAY)
    assert ":rotating_light:" not in payment_line(payment(due_on=date(2026, 11, 2)), TODAY)
    assert "paid 02 Nov 2026" in payment_line(payment(status="paid"), TODAY)


def test_list_of_all_engagements_says_which_is_which() -> None:
    other = engagement("Logo", "C0OTHER")
    found = [payment(1, of=other), payment(2, status="paid")]
    message = build_payment_list(found, TODAY, None)
    body = text_of(message)
    assert "your engagements" in body and "<#C0OTHER>" in body and "Paid (1)" in body
    assert "Only you see this" in body
    assert validate_message_blocks(message["blocks"]) == []
    here = text_of(build_payment_list(found, TODAY, engagement()))
    assert "<#C0OTHER>" not in here


def test_empty_list_says_how_to_add() -> None:
    assert "/payment add" in text_of(build_payment_list([], TODAY, engagement()))


def test_confirmations() -> None:
    added = build_payment_added(payment(), TODAY)
    assert "payment *2* to <@U0MARIA>" in text_of(added) and "/payment paid 2" in text_of(added)
    assert "remind you before it is due" in text_of(added)
    late = text_of(build_payment_added(payment(due_on=date(2026, 11, 1)), TODAY))
    assert "already overdue" in late and "remind you before" not in late
    paid = build_payment_paid(payment(status="paid"))
    assert "USD 500.00" in text_of(paid) and "marked paid" in text_of(paid)
    for message in (added, paid):
        assert validate_message_blocks(message["blocks"]) == []


def test_modal_asks_for_the_contractor_only_outside_an_engagement() -> None:
    inside = build_payment_modal("C0PROJECT", currency="USD", due_on=date(2026, 11, 16), ask_contractor=False)
    outside = build_payment_modal("C0LOUNGE", currency=None, due_on=None, ask_contractor=True)
    def inputs(view: dict) -> list[str]:  # type: ignore[type-arg]
        return [b["block_id"] for b in view["blocks"] if b["type"] == "input"]
    assert inputs(inside) == [ids.AMOUNT, ids.CURRENCY, ids.DUE, ids.REFERENCE]
    assert inputs(outside) == [ids.CONTRACTOR, *inputs(inside)]
    assert inside["callback_id"] == ids.PAYMENT_MODAL
    assert metadata.open(inside["private_metadata"]) == {"channel_id": "C0PROJECT"}
    assert validate_view(inside) == [] and validate_view(outside) == []

"""The /payment grammar: amounts in any order, the currency left open until the engagement is known."""

from __future__ import annotations

from datetime import date

import pytest

from bot.slack.grammar.payment import PaymentCommand, parse
from bot.text.errors import ParseError
from bot.text.money import Money

TODAY = date(2026, 11, 2)
MARIA = "<@U0MARIA|maria>"


def test_routes() -> None:
    assert parse("", today=TODAY) == PaymentCommand("modal")
    assert parse("help", today=TODAY) == PaymentCommand("help")
    assert parse("list", today=TODAY) == PaymentCommand("list")
    assert parse("paid 2", today=TODAY) == PaymentCommand("paid", number=2)
    assert parse(f"paid #2 {MARIA}", today=TODAY) == PaymentCommand("paid", number=2, contractor_id="U0MARIA")


@pytest.mark.parametrize(("text", "amount", "currency", "due", "ref", "who"), [
    ("add 500 USD due 2026-12-05 ref=INV-12", "500 USD", "USD", date(2026, 12, 5), "INV-12", None),
    (f"add eur 1,250.50 due friday {MARIA}", "eur 1,250.50", "EUR", date(2026, 11, 6), "", "U0MARIA"),
    ("add $75 ref=\"INV 7\"", "$75", "USD", None, "INV 7", None),
    ("add 500USD", "500USD", "USD", None, "", None),
    ("add 500", "500", None, None, "", None),
    (f"add 5000 JPY {MARIA} due tomorrow", "5000 JPY", "JPY", date(2026, 11, 3), "", "U0MARIA"),
])
def test_add(text, amount, currency, due, ref, who) -> None:  # type: ignore[no-untyped-def]
    assert parse(text, today=TODAY) == PaymentCommand(
        "add", amount=amount, currency=currency, due_on=due, reference=ref, contractor_id=who)


def test_money_uses_the_currency_finally_chosen() -> None:
    assert parse("add 1,250.50", today=TODAY).money("EUR") == Money(125050, "EUR")
    assert parse("add 500 USD", today=TODAY).money("EUR") == Money(50000, "USD")
    with pytest.raises(ParseError, match="JPY") as raised:
        parse("add 10.5", today=TODAY).money("JPY")
    assert raised.value.example.startswith("/payment add")


@pytest.mark.parametrize(("text", "message"), [
    ("add", "amount first"),
    ("add lots USD", "couldn't read the amount"),
    ("add 500 USD EUR", "don't know the currency|don't understand"),
    ("add 0 USD", "more than zero"),
    ("add 500 XYZ due friday", "don't know the currency"),
    ("add XYZ 500", "couldn't read the amount"),
    ("add 500 USD due", "don't understand"),
    ("add 500 USD due someday", "couldn't read the date"),
    ("add 500 USD note=hi", "option"),
    ("add 500 USD ref=" + "x" * 101, "under 100"),
    ("add 500 USD please", "don't understand"),
    ("paid", "payment number"),
    ("paid 2 soon", "don't understand"),
    ("refund 2", "don't know"),
    ("list all", "takes nothing"),
])
def test_bad_input(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message) as raised:
        parse(text, today=TODAY)
    assert raised.value.example and raised.value.example.startswith("/payment")

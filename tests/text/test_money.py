"""Exact money: parsing amounts and rates, formatting, and the round trip between them."""

from __future__ import annotations

from time import perf_counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.errors import ParseError
from bot.text.money import (
    EXPONENTS,
    MAX_MINOR,
    Money,
    parse_currency,
    parse_money,
    parse_rate,
    take_money,
    take_rate,
)
from bot.text.tokens import tokenize
from tests.text.strategies import PATHOLOGICAL, awkward_text


@pytest.mark.parametrize(
    ("code", "exponent"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("COP", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("CLP", 0),
        ("VND", 0),
        ("KWD", 3),
        ("BHD", 3),
    ],
)
def test_exponents(code, exponent):
    assert EXPONENTS[code] == exponent


def test_exponent_table_holds_only_iso_shaped_codes():
    assert all(len(code) == 3 and code.isupper() and code.isalpha() for code in EXPONENTS)
    assert set(EXPONENTS.values()) <= {0, 2, 3}


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(125000, "USD"), "USD 1,250.00"),
        (Money(5000, "JPY"), "JPY 5,000"),
        (Money(1500, "KWD"), "KWD 1.500"),
        (Money(5, "EUR"), "EUR 0.05"),
        (Money(123456789012, "COP"), "COP 1,234,567,890.12"),
        (Money(-150, "USD"), "USD -1.50"),
        (Money(100, "XXX"), "XXX 1.00"),
    ],
)
def test_format(money, text):
    assert money.format() == text
    assert str(money) == text


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(200000, "USD"), "2000 USD"),
        (Money(200050, "USD"), "2000.50 USD"),
        (Money(125000, "JPY"), "125000 JPY"),
        (Money(1500, "KWD"), "1.500 KWD"),
        (Money(5, "EUR"), "0.05 EUR"),
    ],
)
def test_plain(money, text):
    assert money.plain() == text


@pytest.mark.parametrize(
    ("amount", "currency", "default", "expected"),
    [
        ("2000", "USD", None, Money(200000, "USD")),
        ("2000", None, "USD", Money(200000, "USD")),
        ("2000", "usd", "EUR", Money(200000, "USD")),
        ("2000", "", "EUR", Money(200000, "EUR")),
        ("2,000", "USD", None, Money(200000, "USD")),
        ("1,234,567.89", "USD", None, Money(123456789, "USD")),
        ("2000.50", "USD", None, Money(200050, "USD")),
        ("2000.5", "USD", None, Money(200050, "USD")),
        ("2000,50", "EUR", None, Money(200050, "EUR")),
        ("2000,5", "EUR", None, Money(200050, "EUR")),
        ("1.250,50", "EUR", None, Money(125050, "EUR")),
        ("0.01", "USD", None, Money(1, "USD")),
        ("2000.00", "USD", None, Money(200000, "USD")),
        ("$2000", None, None, Money(200000, "USD")),
        ("$2000", None, "EUR", Money(200000, "USD")),
        ("$2000", "CAD", None, Money(200000, "CAD")),
        ("$2000", "COP", None, Money(200000, "COP")),
        ("€2000", None, None, Money(200000, "EUR")),
        ("2000€", None, None, Money(200000, "EUR")),
        ("£5", None, None, Money(500, "GBP")),
        ("₹500", None, None, Money(50000, "INR")),
        ("₱500", None, None, Money(50000, "PHP")),
        ("¥500", None, None, Money(500, "JPY")),
        ("¥500", "CNY", None, Money(50000, "CNY")),
        ("500USD", None, None, Money(50000, "USD")),
        ("USD500", None, None, Money(50000, "USD")),
        ("5k", "USD", None, Money(500000, "USD")),
        ("2.5K", "USD", None, Money(250000, "USD")),
        ("5000", "JPY", None, Money(5000, "JPY")),
        ("5,000", "JPY", None, Money(5000, "JPY")),
        ("1.5", "KWD", None, Money(1500, "KWD")),
        ("1.234", "BHD", None, Money(1234, "BHD")),
        (" 2000 ", " usd ", None, Money(200000, "USD")),
        ("9999999999.99", "USD", None, Money(MAX_MINOR - 1, "USD")),
    ],
)
def test_parse_money(amount, currency, default, expected):
    assert parse_money(amount, currency, default_currency=default) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "default", "fragment"),
    [
        ("0", "USD", None, "more than zero"),
        ("0.00", "USD", None, "more than zero"),
        ("-5", "USD", None, "more than zero"),
        ("−5", "USD", None, "more than zero"),
        ("2000.505", "USD", None, "2 decimal places"),
        ("5.5", "JPY", None, "no decimals"),
        ("1.2345", "KWD", None, "3 decimal places"),
        ("1.250", "USD", None, "too many"),
        ("10000000000", "USD", None, "larger than"),
        ("1000000000000", "JPY", None, "larger than"),
        ("9" * 41, "USD", None, "couldn't read"),
        ("2000", "XYZ", None, "don't know the currency"),
        ("2000", "dollars", None, "don't know the currency"),
        ("2000", None, "XYZ", "don't know the currency"),
        ("2000", None, None, "Which currency"),
        ("$2000", "EUR", None, "doesn't go with"),
        ("€2000", "USD", None, "doesn't go with"),
        ("¥2000", "USD", None, "doesn't go with"),
        ("500USD", "EUR", None, "two currencies"),
        ("USD500EUR", None, None, "couldn't read"),
        ("$500€", None, None, "couldn't read"),
        ("", "USD", None, "couldn't read"),
        ("abc", "USD", None, "couldn't read"),
        ("1,2,3", "USD", None, "couldn't read"),
        ("1,2345", "USD", None, "couldn't read"),
        ("12,34,567", "USD", None, "couldn't read"),
        ("1e3", "USD", None, "couldn't read"),
        ("NaN", "USD", None, "couldn't read"),
        ("Infinity", "USD", None, "couldn't read"),
        ("٣٠٠", "USD", None, "couldn't read"),
        ("2 000", "USD", None, "couldn't read"),
        (".5", "USD", None, "couldn't read"),
    ],
)
def test_parse_money_rejects(amount, currency, default, fragment):
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_money(amount, currency, default_currency=default)
    assert caught.value.example


def test_parse_currency():
    assert parse_currency(" php ") == "PHP"
    with pytest.raises(ParseError):
        parse_currency("PESO")


@pytest.mark.parametrize(
    ("tokens", "start", "default", "expected"),
    [
        (["500", "USD"], 0, None, (Money(50000, "USD"), 2)),
        (["500", "usd", "due"], 0, None, (Money(50000, "USD"), 2)),
        (["USD", "500", "due"], 0, None, (Money(50000, "USD"), 2)),
        (["500", "due", "friday"], 0, "EUR", (Money(50000, "EUR"), 1)),
        (["500"], 0, "EUR", (Money(50000, "EUR"), 1)),
        (["$500", "due"], 0, None, (Money(50000, "USD"), 1)),
        (["add", "500", "COP", "x"], 1, None, (Money(50000, "COP"), 3)),
        (["500", "mop"], 0, "USD", (Money(50000, "USD"), 1)),
        (["500", "MOP"], 0, None, (Money(50000, "MOP"), 2)),
    ],
)
def test_take_money(tokens, start, default, expected):
    assert take_money(tokens, start, default_currency=default) == expected


@pytest.mark.parametrize(
    ("tokens", "start"),
    [([], 0), (["500"], 1), (["500"], -1), (["USD"], 0), (["500", "due"], 0), (["USD", "due"], 0)],
)
def test_take_money_rejects(tokens, start):
    with pytest.raises(ParseError):
        take_money(tokens, start, default_currency=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35/h USD", (Money(3500, "USD"), "h")),
        ("35/hour usd", (Money(3500, "USD"), "h")),
        ("USD 35/h", (Money(3500, "USD"), "h")),
        ("$35/h", (Money(3500, "USD"), "h")),
        ("35 USD/h", (Money(3500, "USD"), "h")),
        ("35USD/h", (Money(3500, "USD"), "h")),
        ("280/d EUR", (Money(28000, "EUR"), "d")),
        ("1400/w GBP", (Money(140000, "GBP"), "w")),
        ("6000/m COP", (Money(600000, "COP"), "m")),
        ("6000/month COP", (Money(600000, "COP"), "m")),
        ("2000/fixed USD", (Money(200000, "USD"), "fixed")),
        ("2000 USD fixed", (Money(200000, "USD"), "fixed")),
        ("€2000 flat", (Money(200000, "EUR"), "fixed")),
        ("5000/h JPY", (Money(5000, "JPY"), "h")),
        ("35.50/h USD", (Money(3550, "USD"), "h")),
    ],
)
def test_parse_rate(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("35 USD", "per"),
        ("35/h", "Which currency"),
        ("35/year USD", "rate unit"),
        ("35/ USD", "rate unit"),
        ("35/h USD/d", "unit once"),
        ("35/h USD extra", "couldn't read the rate"),
        ("0/h USD", "more than zero"),
        ("35.555/h USD", "decimal places"),
        ("", "expected a rate"),
    ],
)
def test_parse_rate_rejects(text, fragment):
    with pytest.raises(ParseError, match=fragment) as caught:
        parse_rate(text)
    assert caught.value.example == "rate=35/h USD"


def test_parse_rate_uses_the_default_currency():
    assert parse_rate("35/h", default_currency="PHP") == (Money(3500, "PHP"), "h")


@pytest.mark.parametrize(
    ("tokens", "start", "expected"),
    [
        (["rate", "35/h", "USD", "tz=UTC"], 1, ((Money(3500, "USD"), "h"), 3)),
        (["USD", "35/h", "x"], 0, ((Money(3500, "USD"), "h"), 2)),
        (["$35/d", "x"], 0, ((Money(3500, "USD"), "d"), 1)),
        (["2000", "USD", "fixed", "x"], 0, ((Money(200000, "USD"), "fixed"), 3)),
    ],
)
def test_take_rate(tokens, start, expected):
    assert take_rate(tokens, start) == expected


money_values = st.builds(
    Money,
    st.integers(1, MAX_MINOR - 1),
    st.sampled_from(sorted(EXPONENTS)),
)


@settings(max_examples=200, deadline=None)
@given(money_values)
def test_format_then_parse_round_trips(money):
    code, amount = money.format().split(" ")
    assert parse_money(amount, code, default_currency=None) == money
    assert take_money(tokenize(money.format()), 0, default_currency=None) == (money, 2)
    assert parse_money(amount, None, default_currency=code) == money
    plain_amount, plain_code = money.plain().split(" ")
    assert parse_money(plain_amount, plain_code, default_currency=None) == money


@settings(max_examples=200, deadline=None)
@given(
    awkward_text,
    st.one_of(st.none(), awkward_text),
    st.one_of(st.none(), st.sampled_from(["USD", "JPY", "xx"])),
)
def test_parse_money_raises_only_parse_error(amount, currency, default):
    try:
        money = parse_money(amount, currency, default_currency=default)
    except ParseError:
        return
    assert 0 < money.amount_minor < MAX_MINOR
    assert money.currency in EXPONENTS


@settings(max_examples=200, deadline=None)
@given(awkward_text)
def test_parse_rate_raises_only_parse_error(text):
    try:
        money, unit = parse_rate(text)
    except ParseError:
        return
    assert unit in {"h", "d", "w", "m", "fixed"}
    assert 0 < money.amount_minor < MAX_MINOR


@settings(max_examples=200, deadline=None)
@given(st.lists(awkward_text, max_size=5), st.integers(-2, 6))
def test_take_money_and_take_rate_raise_only_parse_error(tokens, start):
    for take in (
        lambda: take_money(tokens, start, default_currency="USD"),
        lambda: take_rate(tokens, start),
    ):
        try:
            _, end = take()
        except ParseError:
            continue
        assert start < end <= len(tokens)


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_long_hostile_input_is_refused_quickly(text):
    started = perf_counter()
    with pytest.raises(ParseError):
        parse_money(text, "USD", default_currency=None)
    with pytest.raises(ParseError):
        parse_rate(text)
    try:
        take_money(text.split(), 0, default_currency="USD")
    except ParseError:
        pass
    assert perf_counter() - started < 3  # minutes if a regex backtracks; generous for busy CI

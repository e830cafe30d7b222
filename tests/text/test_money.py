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


# --- Every row of every table, against an independent source -------------------------------------
# ISO 4217 (list one, as published by SIX, 2024): the minor unit of each currency the bot knows.
ISO_4217_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split()
ISO_4217_THREE = "BHD IQD JOD KWD LYD OMR TND".split()
ISO_4217_TWO = (
    "USD EUR GBP PHP COP INR CAD AUD NZD CHF SEK NOK DKK PLN MXN BRL ARS ZAR SGD HKD CNY IDR UAH NGN KES "
    "EGP TRY AED ILS CZK HUF RON BGN RSD MKD BAM GEL AMD AZN KZT UZS KGS TJS BYN MDL RUB PEN UYU BOB CRC "
    "DOP GTQ HNL NIO PAB JMD TTD BBD BSD BZD XCD HTG SRD GYD PKR BDT LKR NPR MYR THB TWD MOP MNT KHR LAK "
    "MMK BND FJD PGK WST SAR QAR MAD DZD GHS TZS ETB ZMW BWP MUR MZN NAD AOA MWK SCR LBP SYP IRR AFN SDG"
).split()
ISO_4217 = {**dict.fromkeys(ISO_4217_TWO, 2), **dict.fromkeys(ISO_4217_ZERO, 0), **dict.fromkeys(ISO_4217_THREE, 3)}
# One unit of the currency, written out: what "1 <code>" must become, and how it is shown.
ONE_UNIT = {0: (1, "1"), 2: (100, "1.00"), 3: (1000, "1.000")}


def test_the_exponent_table_is_exactly_the_iso_list():
    assert dict(EXPONENTS) == ISO_4217


@pytest.mark.parametrize(("code", "exponent"), sorted(ISO_4217.items()))
def test_every_currency_reads_and_shows_its_own_minor_unit(code, exponent):
    minor, shown_text = ONE_UNIT[exponent]
    assert parse_money("1", code, default_currency=None) == Money(minor, code)
    assert parse_money("1", code.lower(), default_currency=None) == Money(minor, code)
    assert Money(minor, code).format() == f"{code} {shown_text}"
    assert Money(minor, code).plain() == f"1 {code}"


@pytest.mark.parametrize("code", ISO_4217_ZERO)
def test_zero_decimal_currencies_refuse_decimals(code):
    with pytest.raises(ParseError) as caught:
        parse_money("1.5", code, default_currency=None)
    assert caught.value.message == f"{code} amounts have no decimals; “1.5” has too many."


@pytest.mark.parametrize("code", ISO_4217_THREE)
def test_three_decimal_currencies_take_three_and_refuse_four(code):
    assert parse_money("1.234", code, default_currency=None) == Money(1234, code)
    with pytest.raises(ParseError) as caught:
        parse_money("1.2345", code, default_currency=None)
    assert caught.value.message == f"{code} amounts have 3 decimal places; “1.2345” has too many."


def test_two_decimal_message():
    with pytest.raises(ParseError) as caught:
        parse_money("2000.505", "USD", default_currency=None)
    assert caught.value.message == "USD amounts have 2 decimal places; “2000.505” has too many."
    assert caught.value.example == "2000 USD"


@pytest.mark.parametrize(("text", "expected"), [
    ("$5", Money(500, "USD")), ("€5", Money(500, "EUR")), ("£5", Money(500, "GBP")), ("¥5", Money(5, "JPY")),
    ("₹5", Money(500, "INR")), ("₱5", Money(500, "PHP")), ("₩5", Money(5, "KRW")),
    ("5$", Money(500, "USD")), ("5€", Money(500, "EUR")),
])
def test_every_symbol(text, expected):
    assert parse_money(text, None, default_currency=None) == expected


# Currencies written with "$" (their central banks' own usage) and with "¥".
DOLLAR_AND_PESO = ("USD CAD AUD NZD SGD HKD MXN COP ARS CLP UYU BBD BSD BZD JMD TTD XCD GYD SRD FJD BND "
                   "TWD").split()


@pytest.mark.parametrize("code", DOLLAR_AND_PESO)
def test_the_dollar_sign_goes_with_every_dollar_and_peso(code):
    assert parse_money("$5", code, default_currency=None).currency == code


@pytest.mark.parametrize("code", ["EUR", "GBP", "JPY", "PHP", "INR", "BRL"])
def test_the_dollar_sign_does_not_go_with_others(code):
    with pytest.raises(ParseError) as caught:
        parse_money("$5", code, default_currency=None)
    assert caught.value.message == f"The symbol $ doesn't go with {code}; keep one."


def test_the_yen_sign_goes_with_yuan_too():
    assert parse_money("¥5", "CNY", default_currency=None) == Money(500, "CNY")
    assert parse_money("¥5", "JPY", default_currency=None) == Money(5, "JPY")


def test_mop_is_a_currency_only_in_capitals_after_an_amount():
    assert take_money(["500", "MOP"], 0, default_currency="USD") == (Money(50000, "MOP"), 2)
    assert take_money(["500", "mop"], 0, default_currency="USD") == (Money(50000, "USD"), 1)
    assert take_money(["500", "usd"], 0, default_currency="EUR") == (Money(50000, "USD"), 2)
    assert take_money(["mop", "500"], 0, default_currency=None) == (Money(50000, "MOP"), 2)


RATE_ALIASES = {
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hourly": "h",
    "d": "d", "day": "d", "daily": "d",
    "w": "w", "wk": "w", "week": "w", "weekly": "w",
    "m": "m", "mo": "m", "month": "m", "monthly": "m",
    "fixed": "fixed", "flat": "fixed", "project": "fixed",
}


@pytest.mark.parametrize(("alias", "unit"), sorted(RATE_ALIASES.items()))
def test_every_rate_unit_alias(alias, unit):
    assert parse_rate(f"35/{alias} USD") == (Money(3500, "USD"), unit)
    assert parse_rate(f"35/{alias.upper()} USD") == (Money(3500, "USD"), unit)


@pytest.mark.parametrize("word", ["fixed", "flat", "project"])
def test_a_fixed_price_may_follow_the_amount_as_a_word(word):
    assert parse_rate(f"2000 USD {word}") == (Money(200000, "USD"), "fixed")


# --- Edges ---------------------------------------------------------------------------------------


def test_the_largest_trackable_amount_and_one_cent_more():
    assert parse_money("9999999999.99", "USD", default_currency=None) == Money(999_999_999_999, "USD")
    with pytest.raises(ParseError) as caught:
        parse_money("10000000000", "USD", default_currency=None)
    assert caught.value.message == "“10000000000” is larger than I can track."
    assert MAX_MINOR == 1_000_000_000_000


def test_the_smallest_amount_and_zero():
    assert parse_money("0.01", "USD", default_currency=None) == Money(1, "USD")
    with pytest.raises(ParseError) as caught:
        parse_money("0", "USD", default_currency=None)
    assert caught.value.message == "The amount must be more than zero."


def test_forty_characters_are_read_forty_one_are_not():
    forty = "0" * 36 + "1USD"
    assert len(forty) == 40
    assert parse_money(forty, None, default_currency=None) == Money(100, "USD")
    with pytest.raises(ParseError) as caught:
        parse_money("0" + forty, None, default_currency=None)
    assert caught.value.message == "I couldn't read the amount “00000000000000000000000…”."


@pytest.mark.parametrize(("text", "minor"), [
    ("5k", 500000), ("5K", 500000), ("1.5k", 150000), ("1.25k", 125000), ("1.234k", 123400),
    ("1.23456k", 123456), ("2,000.5", 200050), ("2000,5", 200050), ("2000,50", 200050),
    ("1.250,50", 125050), ("1.250.000,5", 125000050), ("12,345,678", 1234567800),
])
def test_amount_forms(text, minor):
    assert parse_money(text, "USD", default_currency=None) == Money(minor, "USD")


def test_k_with_more_decimals_than_the_currency_is_refused_not_cut():
    with pytest.raises(ParseError) as caught:
        parse_money("1.234567k", "USD", default_currency=None)
    assert caught.value.message == "USD amounts have 2 decimal places; “1.234567k” has too many."
    assert parse_money("1.5k", "JPY", default_currency=None) == Money(1500, "JPY")
    with pytest.raises(ParseError, match="no decimals"):
        parse_money("1.2345k", "JPY", default_currency=None)


@pytest.mark.parametrize(("amount", "currency", "default", "message"), [
    ("-5", "USD", None, "The amount must be more than zero."),
    ("-", "USD", None, "I couldn't read the amount “-”."),
    ("USD5EUR", None, None, "I couldn't read the amount “USD5EUR”."),
    ("$5€", None, None, "I couldn't read the amount “$5€”."),
    ("1,2,3", "USD", None, "I couldn't read the amount “1,2,3”."),
    ("5", "XYZ", None, "I don't know the currency “XYZ”. Use a three-letter code like USD, EUR or COP."),
    ("5USD", "EUR", None, "The amount names two currencies (EUR, USD); keep one."),
    ("€5", "USD", None, "The symbol € doesn't go with USD; keep one."),
    ("5", None, None, "Which currency? Add its three-letter code after the amount."),
])
def test_each_refusal_says_why(amount, currency, default, message):
    with pytest.raises(ParseError) as caught:
        parse_money(amount, currency, default_currency=default)
    assert caught.value.message == message
    assert caught.value.example == "2000 USD"


def test_the_default_currency_is_used_and_checked():
    assert parse_money("5", None, default_currency="eur") == Money(500, "EUR")
    assert parse_money("5", " ", default_currency="EUR") == Money(500, "EUR")
    assert parse_money("$5", None, default_currency="EUR") == Money(500, "USD")


@pytest.mark.parametrize(("money", "plain"), [
    (Money(200050, "USD"), "2000.50 USD"), (Money(200000, "USD"), "2000 USD"), (Money(-5, "USD"), "-0.05 USD"),
    (Money(5000, "JPY"), "5000 JPY"), (Money(1500, "KWD"), "1.500 KWD"), (Money(100, "XXX"), "1 XXX"),
])
def test_plain_forms(money, plain):
    assert money.plain() == plain
    assert str(Money(123456, "USD")) == "USD 1,234.56"


@pytest.mark.parametrize(("tokens", "start", "message"), [
    (["500"], 1, "I expected an amount here."),
    (["500"], -1, "I expected an amount here."),
])
def test_take_money_out_of_range(tokens, start, message):
    with pytest.raises(ParseError) as caught:
        take_money(tokens, start, default_currency="USD")
    assert caught.value.message == message


def test_take_money_forms_and_next_index():
    assert take_money(["USD", "500", "x"], 0, default_currency=None) == (Money(50000, "USD"), 2)
    assert take_money(["500", "USD", "x"], 0, default_currency=None) == (Money(50000, "USD"), 2)
    assert take_money(["$500", "x"], 0, default_currency=None) == (Money(50000, "USD"), 1)
    with pytest.raises(ParseError) as caught:  # a code alone at the end is not an amount
        take_money(["USD"], 0, default_currency="EUR")
    assert caught.value.message == "I couldn't read the amount “USD”."


@pytest.mark.parametrize(("text", "message"), [
    ("", "I expected a rate."),
    ("35 USD", "Say what the rate is per: 35/h, 280/d, 1400/w, 6000/m or 2000/fixed."),
    ("35/year USD", "I don't know the rate unit “year”; use h, d, w, m or fixed."),
    ("35/h USD/d", "Give the rate's unit once, like 35/h USD."),
    ("35/h USD extra", "I couldn't read the rate “35/h USD extra”."),
    ("0/h USD", "The amount must be more than zero."),
])
def test_each_rate_refusal_says_why(text, message):
    with pytest.raises(ParseError) as caught:
        parse_rate(text)
    assert caught.value.message == message
    assert caught.value.example == "rate=35/h USD"


def test_take_rate_out_of_range_and_forms():
    with pytest.raises(ParseError) as caught:
        take_rate(["35/h"], 1)
    assert caught.value.message == "I expected a rate here."
    with pytest.raises(ParseError, match="I expected a rate here."):
        take_rate(["35/h"], -1)
    assert take_rate(["35", "USD/h", "x"], 0) == ((Money(3500, "USD"), "h"), 2)
    assert take_rate(["USD", "35/h"], 0) == ((Money(3500, "USD"), "h"), 2)
    assert take_rate(["35/h", "usd"], 0, default_currency="EUR") == ((Money(3500, "USD"), "h"), 2)
    assert take_rate(["35/h", "mop"], 0, default_currency="EUR") == ((Money(3500, "EUR"), "h"), 1)
    assert take_rate(["35/h", "MOP"], 0, default_currency="EUR") == ((Money(3500, "MOP"), "h"), 2)
    with pytest.raises(ParseError, match="Say what the rate is per"):
        take_rate(["USD"], 0, default_currency="EUR")


def test_zero_has_no_sign():
    assert Money(0, "USD").format() == "USD 0.00"
    assert Money(0, "USD").plain() == "0 USD"
    assert Money(-1, "JPY").format() == "JPY -1"


def test_a_letter_after_the_amount_is_not_a_symbol():
    with pytest.raises(ParseError) as caught:
        parse_money("500X", "USD", default_currency=None)
    assert caught.value.message == "I couldn't read the amount “500X”."


def test_a_minus_then_a_space_is_unreadable_rather_than_negative():
    with pytest.raises(ParseError) as caught:
        parse_money("- 5", "USD", default_currency=None)
    assert caught.value.message == "I couldn't read the amount “- 5”."


@pytest.mark.parametrize(("amount", "message"), [
    ("USD1234567890123456789012EUR", "I couldn't read the amount “USD12345678901234567890…”."),
    ("$1234567890123456789012345€", "I couldn't read the amount “$1234567890123456789012…”."),
    ("1234567890123456789012345", "“12345678901234567890123…” is larger than I can track."),
    ("1.234567890123456789012345", "USD amounts have 2 decimal places; “1.234567890123456789012…” has too many."),
    ("1,2,3,4,5,6,7,8,9,0,1,2,3", "I couldn't read the amount “1,2,3,4,5,6,7,8,9,0,1,2…”."),
])
def test_long_amounts_are_quoted_to_twenty_four_characters(amount, message):
    with pytest.raises(ParseError) as caught:
        parse_money(amount, "USD", default_currency=None)
    assert caught.value.message == message


def test_an_unknown_currency_is_quoted_to_twelve_characters():
    with pytest.raises(ParseError) as caught:
        parse_currency("ABCDEFGHIJKLMNOP")
    assert caught.value.message == (
        "I don't know the currency “ABCDEFGHIJK…”. Use a three-letter code like USD, EUR or COP.")


def test_a_wordlike_code_before_a_rate_is_read_in_any_case():
    assert take_rate(["mop", "35/h"], 0) == ((Money(3500, "MOP"), "h"), 2)


def test_an_unknown_rate_unit_is_quoted_to_twelve_characters():
    with pytest.raises(ParseError) as caught:
        parse_rate("35/abcdefghijklmnop USD")
    assert caught.value.message == "I don't know the rate unit “abcdefghijk…”; use h, d, w, m or fixed."

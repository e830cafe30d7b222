"""Parsing of command text: tables of good and bad input, and properties over any text."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.dates import parse_date, parse_date_range, take_date
from bot.text.errors import ParseError
from bot.text.money import Money, parse_money, parse_rate, take_money
from bot.text.mrkdwn import escape, truncate
from bot.text.schedule import (
    default_country_for_timezone,
    parse_cadence,
    parse_country,
    parse_days,
    parse_duration_hours,
    parse_hours,
    parse_timezone,
)
from bot.text.tokens import parse_mention, split_args, tokenize

MONDAY = date(2026, 11, 23)
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(("text", "today", "expected"), [
    ("2026-12-20", MONDAY, date(2026, 12, 20)),
    ("today", MONDAY, MONDAY),
    ("Tomorrow", MONDAY, date(2026, 11, 24)),
    ("friday", MONDAY, FRIDAY),
    ("fri", FRIDAY, date(2026, 12, 4)),  # a bare weekday is never today
    ("next friday", MONDAY, date(2026, 12, 4)),
    ("next monday", FRIDAY, date(2026, 11, 30)),
    ("in 3 days", MONDAY, date(2026, 11, 26)),
    ("in 2 weeks", MONDAY, date(2026, 12, 7)),
])
def test_dates(text: str, today: date, expected: date) -> None:
    assert parse_date(text, today=today) == expected


@pytest.mark.parametrize("text", ["31/12", "2026-02-30", "someday", "in -3 days", "next", ""])
def test_bad_dates_say_so_with_an_example(text: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_date(text, today=MONDAY)
    assert raised.value.example and "tomorrow" in raised.value.example


def test_take_date_consumes_multi_word_dates() -> None:
    assert take_date(["due", "in", "3", "days", "x"], 1, today=MONDAY) == (date(2026, 11, 26), 4)
    assert take_date(["next", "friday"], 0, today=MONDAY) == (date(2026, 12, 4), 2)


def test_date_ranges() -> None:
    assert parse_date_range("2026-12-24..2027-01-02", today=MONDAY) == (date(2026, 12, 24), date(2027, 1, 2))
    with pytest.raises(ParseError):
        parse_date_range("2027-01-02..2026-12-24", today=MONDAY)


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    ("2000", "USD", Money(200000, "USD")),
    ("2,000.50", "usd", Money(200050, "USD")),
    ("5000", "JPY", Money(5000, "JPY")),
    ("1.234", "KWD", Money(1234, "KWD")),
    ("$35", None, Money(3500, "USD")),
])
def test_money(amount: str, currency: str | None, expected: Money) -> None:
    assert parse_money(amount, currency, default_currency=None) == expected


@pytest.mark.parametrize(("amount", "currency"), [
    ("10.5", "JPY"), ("1.001", "USD"), ("0", "USD"), ("-5", "USD"), ("abc", "USD"), ("10", "XYZ"),
    ("1e3", "USD"), ("NaN", "USD"), ("10", None),
])
def test_bad_money(amount: str, currency: str | None) -> None:
    with pytest.raises(ParseError):
        parse_money(amount, currency, default_currency=None)


def test_money_forms_and_rates() -> None:
    assert Money(125000, "USD").format() == "USD 1,250.00"
    assert take_money(["USD", "500", "due"], 0, default_currency=None) == (Money(50000, "USD"), 2)
    assert take_money(["500", "due"], 0, default_currency="EUR") == (Money(50000, "EUR"), 1)
    assert parse_rate("35/h USD") == (Money(3500, "USD"), "h")


@given(st.integers(min_value=1, max_value=10**11), st.sampled_from(["USD", "JPY", "KWD", "EUR"]))
def test_money_round_trips_through_what_people_type(minor: int, currency: str) -> None:
    money = Money(minor, currency)
    amount, code = money.plain().split(" ")
    assert parse_money(amount, code, default_currency=None) == money


def test_tokens_quotes_and_options() -> None:
    assert tokenize('add "Web site" company=\u201cAcme Studio\u201d Maria\'s') == [
        "add", "Web site", "company=Acme Studio", "Maria's"]
    args = split_args(["x", "sla=24h", "TRIAL"], keys={"sla"}, flags={"trial"})
    assert (args.positional, args.options, args.flags) == (["x"], {"sla": "24h"}, {"trial"})
    with pytest.raises(ParseError, match="colour"):
        split_args(["colour=red"], keys={"sla"})
    with pytest.raises(ParseError):
        split_args(["sla=1", "sla=2"], keys={"sla"})
    with pytest.raises(ParseError):
        tokenize('add "unterminated')
    assert parse_mention("<@U123ABC|maria>") == "U123ABC"
    assert parse_mention("@maria") is None


def test_schedules() -> None:
    assert parse_hours("9-17") == (time(9), time(17))
    assert parse_days("mon-fri") == (1, 2, 3, 4, 5)
    assert parse_days("fri-mon") == (1, 5, 6, 7)
    assert parse_cadence("mon,thu@10:00") == ((1, 4), time(10))
    assert parse_duration_hours("2d") == 48
    assert parse_timezone("america/bogota") == "America/Bogota"
    assert parse_country("co") == "CO"
    assert default_country_for_timezone("Asia/Manila") == "PH"
    for bad in (lambda: parse_hours("17-09"), lambda: parse_days("funday"), lambda: parse_timezone("UTC+8"),
                lambda: parse_timezone("Mars/Base"), lambda: parse_duration_hours("0h"), lambda: parse_country("XX")):
        with pytest.raises(ParseError):
            bad()


def test_escape_defuses_broadcasts_and_keeps_mentions() -> None:
    text = escape("<!channel> <!here|here> <!everyone> @here thanks <@U123|maria> in <#C1|proj> & co")
    assert "<!" not in text
    assert "@here" not in text
    assert "<@U123|maria>" in text and "<#C1|proj>" in text and "&amp; co" in text
    assert truncate("a &amp; b", 4) == "a …"


ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="\"'\u201c\u201d<>!@#|=:.,-/ 0123456789abcdefxyzUSD\u00e9\U0001f600", max_size=200),
    st.just("x" * 10_000),
)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_text_either_parses_or_raises_parse_error(text: str) -> None:
    for parse in (
        tokenize, lambda t: split_args(t.split(), keys={"a"}, flags={"f"}), lambda t: parse_date(t, today=MONDAY),
        lambda t: parse_money(t, "USD", default_currency=None), lambda t: parse_rate(t), parse_hours, parse_days,
        parse_cadence, parse_duration_hours, parse_timezone, parse_country,
        lambda t: parse_date_range(t, today=MONDAY),
    ):
        try:
            parse(text)
        except ParseError:
            pass


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_escaped_text_never_pings_a_channel(text: str) -> None:
    escaped = escape(text)
    assert "<!" not in escaped
    lowered = escaped.lower()
    assert "@channel" not in lowered and "@here" not in lowered and "@everyone" not in lowered

"""Money as exact integers of minor units, so budgets and invoices never drift like floats.

Amounts: `2000`, `2,000`, `2000.50`, `2,000.50`, `2000,50` (a comma with one or two digits
after it is a decimal comma), `1.250,50`, `5k`. A symbol (`$` USD, `€` EUR, `£` GBP, `¥` JPY,
`₹` INR, `₱` PHP, `₩` KRW) or a code (`USD`, `500USD`) may come with it. `$` also goes with any
other dollar or peso code and `¥` with CNY, when that code is given too. More decimals than the
currency has is an error, even trailing zeros (`1.250 USD` may be a European 1250).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bot.text.errors import ParseError, bounded, shown

MONEY_EXAMPLE = "2000 USD"
RATE_EXAMPLE = "rate=35/h USD"
MAX_MINOR = 10**12  # exclusive upper bound, in minor units

# ISO 4217 minor-unit exponents: how many decimal places each currency has.
EXPONENTS: dict[str, int] = {
    # zero decimals
    "BIF": 0,
    "CLP": 0,
    "DJF": 0,
    "GNF": 0,
    "ISK": 0,
    "JPY": 0,
    "KMF": 0,
    "KRW": 0,
    "PYG": 0,
    "RWF": 0,
    "UGX": 0,
    "VND": 0,
    "VUV": 0,
    "XAF": 0,
    "XOF": 0,
    "XPF": 0,
    # three decimals
    "BHD": 3,
    "IQD": 3,
    "JOD": 3,
    "KWD": 3,
    "LYD": 3,
    "OMR": 3,
    "TND": 3,
    # two decimals
    **dict.fromkeys(
        (
            "USD EUR GBP PHP COP INR CAD AUD NZD CHF SEK NOK DKK PLN MXN BRL ARS ZAR SGD HKD CNY "
            "IDR UAH NGN KES EGP TRY AED ILS CZK HUF RON BGN RSD MKD BAM GEL AMD AZN KZT UZS KGS "
            "TJS BYN MDL RUB "
            "PEN UYU BOB CRC DOP GTQ HNL NIO PAB JMD TTD BBD BSD BZD XCD HTG SRD GYD "
            "PKR BDT LKR NPR MYR THB TWD MOP MNT KHR LAK MMK BND FJD PGK WST "
            "SAR QAR MAD DZD GHS TZS ETB ZMW BWP MUR MZN NAD AOA MWK SCR RSD LBP SYP IRR AFN SDG"
        ).split(),
        2,
    ),
}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₱": "PHP", "₩": "KRW"}
# Other codes a shared symbol may stand for when the code is also given ("$500 CAD", "¥500 CNY").
SHARED_SYMBOLS = {
    "$": frozenset(
        "USD CAD AUD NZD SGD HKD MXN COP ARS CLP UYU BBD BSD BZD JMD TTD XCD GYD SRD FJD BND "
        "TWD".split()
    ),
    "¥": frozenset({"JPY", "CNY"}),
}
# Codes that are also English words: only read as a currency after an amount when in capitals.
WORDLIKE_CODES = frozenset({"MOP"})
RATE_UNITS = {
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hourly": "h",
    "d": "d",
    "day": "d",
    "daily": "d",
    "w": "w",
    "wk": "w",
    "week": "w",
    "weekly": "w",
    "m": "m",
    "mo": "m",
    "month": "m",
    "monthly": "m",
    "fixed": "fixed",
    "flat": "fixed",
    "project": "fixed",
}

_SYMBOL_CLASS = "[" + re.escape("".join(SYMBOLS)) + "]"
_AMOUNT = re.compile(
    rf"(?P<code1>[A-Za-z]{{3}})?(?P<sym1>{_SYMBOL_CLASS})?(?P<num>[0-9][0-9,.]*)(?P<k>[kK])?"
    rf"(?P<sym2>{_SYMBOL_CLASS})?(?P<code2>[A-Za-z]{{3}})?",
)
_NUMBER_FORMS: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (re.compile(r"[0-9]+(?:\.[0-9]+)?"), lambda s: s),
    (re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"), lambda s: s.replace(",", "")),
    (re.compile(r"[0-9]+,[0-9]{1,2}"), lambda s: s.replace(",", ".")),
    (
        re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]{1,2}"),
        lambda s: s.replace(".", "").replace(",", "."),
    ),
)


@dataclass(frozen=True)
class Money:
    """An exact amount: `amount_minor` units of the currency's smallest unit (cents for USD)."""

    amount_minor: int
    currency: str

    def format(self) -> str:
        """`USD 1,250.00`, `JPY 5,000`, `KWD 1.500`: the code first, so no symbol is ambiguous."""
        exponent = EXPONENTS.get(self.currency, 2)
        sign = "-" if self.amount_minor < 0 else ""
        whole, fraction = divmod(abs(self.amount_minor), 10**exponent)
        text = f"{whole:,}" + (f".{fraction:0{exponent}d}" if exponent else "")
        return f"{self.currency} {sign}{text}"

    def plain(self) -> str:
        """`2000.50 USD`, `2000 USD`: the form people type back into a field (no separators)."""
        exponent = EXPONENTS.get(self.currency, 2)
        sign = "-" if self.amount_minor < 0 else ""
        whole, fraction = divmod(abs(self.amount_minor), 10**exponent)
        text = f"{whole}" + (f".{fraction:0{exponent}d}" if exponent and fraction else "")
        return f"{sign}{text} {self.currency}"

    def __str__(self) -> str:
        return self.format()


def parse_currency(code: str) -> str:
    """A known ISO 4217 code in capitals, so amounts get the right number of decimals."""
    upper = code.strip().upper()
    if upper not in EXPONENTS:
        raise ParseError(
            f"I don't know the currency {shown(code, 12)}. "
            "Use a three-letter code like USD, EUR or COP.",
            MONEY_EXAMPLE,
        )
    return upper


def parse_money(amount: str, currency: str | None, *, default_currency: str | None) -> Money:
    """An exact positive amount; currency from `currency`, its own symbol or code, or a default."""
    text = amount.strip()
    if text.startswith(("-", "−")) and text[1:2].strip():
        raise ParseError("The amount must be more than zero.", MONEY_EXAMPLE)
    match = _AMOUNT.fullmatch(text) if len(text) <= 40 else None
    if not match:
        raise ParseError(f"I couldn't read the amount {shown(amount, 24)}.", MONEY_EXAMPLE)
    if match["code1"] and match["code2"]:
        raise ParseError(f"I couldn't read the amount {shown(amount, 24)}.", MONEY_EXAMPLE)
    symbol = match["sym1"] or match["sym2"]
    if match["sym1"] and match["sym2"]:
        raise ParseError(f"I couldn't read the amount {shown(amount, 24)}.", MONEY_EXAMPLE)
    code = _resolve_currency(match["code1"] or match["code2"], currency, symbol, default_currency)
    value = _number(match["num"], amount)
    exponent = EXPONENTS[code]
    decimals = max(0, -int(value.as_tuple().exponent))
    if match["k"]:
        value, decimals = value * 1000, max(0, decimals - 3)
    if decimals > exponent:  # even "1.250 USD": it may be a European 1250, so don't guess
        places = f"{exponent} decimal places" if exponent != 1 else "1 decimal place"
        if exponent == 0:
            places = "no decimals"
        raise ParseError(
            f"{code} amounts have {places}; {shown(amount, 24)} has too many.", MONEY_EXAMPLE
        )
    minor_int = int(value.scaleb(exponent))
    if minor_int <= 0:
        raise ParseError("The amount must be more than zero.", MONEY_EXAMPLE)
    if minor_int >= MAX_MINOR:
        raise ParseError(f"{shown(amount, 24)} is larger than I can track.", MONEY_EXAMPLE)
    return Money(minor_int, code)


def _number(num: str, amount: str) -> Decimal:
    """The digits as an exact Decimal, in the separator styles the module docstring lists."""
    for pattern, normalise in _NUMBER_FORMS:
        if pattern.fullmatch(num):
            return Decimal(normalise(num))
    raise ParseError(f"I couldn't read the amount {shown(amount, 24)}.", MONEY_EXAMPLE)


def _resolve_currency(
    inline: str | None, given: str | None, symbol: str | None, default: str | None
) -> str:
    """The one currency the parts agree on; a conflict is an error rather than a guess."""
    codes = {parse_currency(c) for c in (inline, given) if c and c.strip()}
    if len(codes) > 1:
        raise ParseError(
            f"The amount names two currencies ({', '.join(sorted(codes))}); keep one.",
            MONEY_EXAMPLE,
        )
    code = next(iter(codes), None)
    if symbol:
        implied = SYMBOLS[symbol]
        if code is None:
            code = implied
        elif code != implied and code not in SHARED_SYMBOLS.get(symbol, ()):
            raise ParseError(
                f"The symbol {symbol} doesn't go with {code}; keep one.", MONEY_EXAMPLE
            )
    if code is None and default:
        code = parse_currency(default)
    if code is None:
        raise ParseError(
            "Which currency? Add its three-letter code after the amount.", MONEY_EXAMPLE
        )
    return code


def _is_code(token: str, *, strict: bool) -> bool:
    """Whether a word is a currency code; `strict` wants capitals for codes that are also words."""
    upper = token.upper()
    if len(token) != 3 or upper not in EXPONENTS:
        return False
    return not (strict and upper in WORDLIKE_CODES and token != upper)


def take_money(tokens: list[str], start: int, *, default_currency: str | None) -> tuple[Money, int]:
    """(amount at tokens[start], next index) for `500 USD`, `USD 500`, `$500` or `500`."""
    if not 0 <= start < len(tokens):
        raise ParseError("I expected an amount here.", MONEY_EXAMPLE)
    first = tokens[start]
    if _is_code(first, strict=False) and start + 1 < len(tokens):
        return parse_money(tokens[start + 1], first, default_currency=default_currency), start + 2
    if start + 1 < len(tokens) and _is_code(tokens[start + 1], strict=True):
        return parse_money(first, tokens[start + 1], default_currency=default_currency), start + 2
    return parse_money(first, None, default_currency=default_currency), start + 1


def parse_rate(text: str, *, default_currency: str | None = None) -> tuple[Money, str]:
    """A pay rate `35/h USD` -> (Money, unit) with unit h, d, w, m or fixed."""
    tokens = bounded(text, what="a rate", example=RATE_EXAMPLE).split()
    if not tokens:
        raise ParseError("I expected a rate.", RATE_EXAMPLE)
    rate, end = take_rate(tokens, 0, default_currency=default_currency)
    if end != len(tokens):
        raise ParseError(f"I couldn't read the rate {shown(text)}.", RATE_EXAMPLE)
    return rate


def take_rate(
    tokens: list[str],
    start: int,
    *,
    default_currency: str | None = None,
) -> tuple[tuple[Money, str], int]:
    """The rate and next index: `35/h USD`, `USD 35/h`, `$35/h`, `35 USD/h`, `2000 USD fixed`."""
    if not 0 <= start < len(tokens):
        raise ParseError("I expected a rate here.", RATE_EXAMPLE)
    index, currency = start, None
    if _is_code(tokens[index], strict=False) and index + 1 < len(tokens):
        currency, index = tokens[index], index + 1
    amount, slash, unit = tokens[index].partition("/")
    index += 1
    if currency is None and index < len(tokens):
        code, code_slash, code_unit = tokens[index].partition("/")
        if _is_code(code, strict=True):
            if slash and code_slash:
                raise ParseError("Give the rate's unit once, like 35/h USD.", RATE_EXAMPLE)
            currency, index = code, index + 1
            if code_slash:
                slash, unit = code_slash, code_unit
    if not slash and index < len(tokens) and RATE_UNITS.get(tokens[index].lower()) == "fixed":
        slash, unit, index = "/", "fixed", index + 1
    if not slash:
        raise ParseError(
            "Say what the rate is per: 35/h, 280/d, 1400/w, 6000/m or 2000/fixed.", RATE_EXAMPLE
        )
    normal_unit = RATE_UNITS.get(unit.strip().lower())
    if normal_unit is None:
        raise ParseError(
            f"I don't know the rate unit {shown(unit, 12)}; use h, d, w, m or fixed.", RATE_EXAMPLE
        )
    try:
        money = parse_money(amount, currency, default_currency=default_currency)
    except ParseError as error:
        raise ParseError(error.message, RATE_EXAMPLE) from None
    return (money, normal_unit), index

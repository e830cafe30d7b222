"""Money as integer minor units of an ISO 4217 currency; parsing never touches a float."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.text.errors import ParseError

# ISO 4217 minor-unit exponents; currencies not listed here are refused rather than guessed.
EXPONENTS = {
    **dict.fromkeys("USD EUR GBP PHP COP INR CAD AUD NZD CHF SEK NOK DKK PLN MXN BRL ARS ZAR SGD HKD CNY "
                    "IDR UAH NGN KES EGP TRY AED ILS CZK HUF RON BGN MYR THB PKR BDT LKR PEN UYU GHS MAD "
                    "SAR QAR RUB TWD".split(), 2),
    **dict.fromkeys("JPY KRW CLP VND ISK UGX XOF XAF PYG".split(), 0),
    **dict.fromkeys("KWD BHD OMR JOD TND".split(), 3),
}
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₱": "PHP", "₹": "INR"}
MAX_MINOR = 10**12
EXAMPLE = "budget=2000 USD"


@dataclass(frozen=True)
class Money:
    """An amount in minor units (cents) and its currency."""

    amount_minor: int
    currency: str

    def format(self) -> str:
        """'USD 1,250.00' / 'JPY 5,000'."""
        exponent = EXPONENTS.get(self.currency, 2)
        whole, fraction = divmod(self.amount_minor, 10**exponent) if exponent else (self.amount_minor, 0)
        text = f"{whole:,}" + (f".{fraction:0{exponent}d}" if exponent else "")
        return f"{self.currency} {text}"

    def plain(self) -> str:
        """'2000.50 USD': the form people type back into a field."""
        exponent = EXPONENTS.get(self.currency, 2)
        whole, fraction = divmod(self.amount_minor, 10**exponent) if exponent else (self.amount_minor, 0)
        return f"{whole}" + (f".{fraction:0{exponent}d}" if exponent and fraction else "") + f" {self.currency}"


def parse_currency(code: str) -> str:
    """An ISO 4217 code we know the minor units of."""
    upper = code.strip().upper()
    if upper not in EXPONENTS:
        raise ParseError(f"“{code[:10]}” is not a currency I know; use an ISO code like USD, EUR or PHP.", EXAMPLE)
    return upper


def parse_money(amount: str, currency: str | None, *, default_currency: str | None) -> Money:
    """'2,000.50' + 'USD' -> Money(200050, 'USD'); a leading $, € or £ names the currency."""
    text = amount.strip()
    if text[:1] in SYMBOLS:
        currency = currency or SYMBOLS[text[0]]
        text = text[1:]
    code = parse_currency(currency) if currency else default_currency
    if code is None:
        raise ParseError(f"Which currency is {text[:20]}? Add an ISO code like USD.", EXAMPLE)
    if not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", text):
        raise ParseError(f"I couldn't read the amount “{amount[:20]}”; write it like 2000 or 2,000.50.", EXAMPLE)
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ParseError(f"I couldn't read the amount “{amount[:20]}”.", EXAMPLE) from None
    exponent = EXPONENTS[code]
    minor = value * (10**exponent)
    if minor != minor.to_integral_value():
        raise ParseError(f"{code} has {exponent} decimal places; “{amount[:20]}” has more.", EXAMPLE)
    if minor <= 0 or minor >= MAX_MINOR:
        raise ParseError("The amount must be more than zero and less than a billion.", EXAMPLE)
    return Money(int(minor), code)


def take_money(tokens: list[str], start: int, *, default_currency: str | None) -> tuple[Money, int]:
    """Read '500 USD', 'USD 500' or '500' from tokens[start:]; returns (money, next index)."""
    if start >= len(tokens):
        raise ParseError("I expected an amount.", EXAMPLE)
    first = tokens[start]
    second = tokens[start + 1] if start + 1 < len(tokens) else None
    if first.upper() in EXPONENTS and second is not None:
        return parse_money(second, first, default_currency=None), start + 2
    if second is not None and second.upper() in EXPONENTS:
        return parse_money(first, second, default_currency=None), start + 2
    return parse_money(first, None, default_currency=default_currency), start + 1


RATE_UNITS = {"h": "h", "hr": "h", "hour": "h", "d": "d", "day": "d", "w": "w", "week": "w",
              "m": "m", "mo": "m", "month": "m", "fixed": "fixed"}


def parse_rate(text: str) -> tuple[Money, str]:
    """'35/h USD' -> (Money(3500, 'USD'), 'h'); units h, d, w, m or fixed."""
    parts = text.split()
    if len(parts) != 2:
        raise ParseError(f"Write the rate like 35/h USD (not “{text[:30]}”).", "rate=35/h USD")
    amount, _, unit = parts[0].partition("/")
    unit_code = RATE_UNITS.get(unit.lower() or "fixed")
    if unit_code is None:
        raise ParseError(f"“{unit[:10]}” is not a rate unit; use /h, /d, /w or /m.", "rate=35/h USD")
    return parse_money(amount, parts[1], default_currency=None), unit_code

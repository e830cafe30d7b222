"""The text grammar of /payment: `add 500 USD due DATE [ref=INV-12] [@user]`, `paid N [@user]`, `list`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.money.payments import ADD_EXAMPLE, PAID_EXAMPLE
from bot.slack.grammar.common import parse_number, subcommand, take_due, with_example
from bot.text.errors import ParseError
from bot.text.money import Money, parse_currency, take_money
from bot.text.tokens import parse_mention, split_args, tokenize

SUBCOMMANDS = ("add", "paid", "list", "help")


@dataclass(frozen=True)
class PaymentCommand:
    """A parsed /payment; the amount stays text until the engagement's currency is known."""

    action: str
    amount: str = ""
    currency: str | None = None
    due_on: date | None = None
    reference: str = ""
    contractor_id: str | None = None
    number: int | None = None

    def money(self, currency: str) -> Money:
        """The amount in the currency finally chosen (typed, or the engagement's budget currency)."""
        return with_example(lambda: take_money(self.amount.split(), 0, default_currency=currency)[0], ADD_EXAMPLE)


def parse(text: str, *, today: date) -> PaymentCommand:
    """Read /payment text; an empty text opens the form."""
    action, rest = subcommand(text, "/payment", SUBCOMMANDS, ADD_EXAMPLE)
    if not action:
        return PaymentCommand("modal")
    if action in ("help", "list"):
        return PaymentCommand(action)
    tokens = with_example(lambda: tokenize(rest), ADD_EXAMPLE if action == "add" else PAID_EXAMPLE)
    if action == "paid":
        return parse_paid(tokens)
    return parse_add(tokens, today)


def parse_paid(tokens: list[str]) -> PaymentCommand:
    """`paid N`, or `paid N @user` outside the engagement's channel."""
    number = parse_number(tokens[0] if tokens else "", PAID_EXAMPLE, noun="payment")
    contractor = parse_mention(tokens[1]) if len(tokens) == 2 else None
    if len(tokens) > 2 or (len(tokens) == 2 and contractor is None):
        raise ParseError(f"I don't understand “{' '.join(tokens[1:])[:40]}” after the number.", PAID_EXAMPLE)
    return PaymentCommand("paid", number=number, contractor_id=contractor)


def parse_add(tokens: list[str], today: date) -> PaymentCommand:
    """The amount and currency first, then `due DATE`, `ref=...` and the contractor, in any order."""
    args = with_example(lambda: split_args(tokens, keys={"ref"}), ADD_EXAMPLE)
    words = args.positional
    amount, currency, index = take_amount(words)
    amount_end = index
    due_on: date | None = None
    contractor: str | None = None
    while index < len(words):
        word, mention = words[index], parse_mention(words[index])
        if word.lower() == "due" and due_on is None and index + 1 < len(words):
            due_on, index = take_due(words, index + 1, today, ADD_EXAMPLE)
            continue
        if mention is not None and contractor is None:
            contractor = mention
        else:
            refuse_word(word, index == amount_end)
        index += 1
    reference = args.options.get("ref", "")
    if len(reference) > 100:
        raise ParseError("Keep the reference under 100 characters.", ADD_EXAMPLE)
    return PaymentCommand("add", amount=amount, currency=currency, due_on=due_on, reference=reference,
                          contractor_id=contractor)


def take_amount(words: list[str]) -> tuple[str, str | None, int]:
    """(amount text, currency typed or None, next index); the amount is checked now, its currency later."""
    if not words:
        raise ParseError("Give the amount first, and its currency if it differs from the budget's.", ADD_EXAMPLE)
    try:
        money, end = take_money(words, 0, default_currency=None)
        return " ".join(words[:end]), money.currency, end
    except ParseError:
        pass  # no currency typed, or an unreadable amount: the stand-in currency below tells which
    _, end = with_example(lambda: take_money(words, 0, default_currency="USD"), ADD_EXAMPLE)
    return " ".join(words[:end]), None, end


def refuse_word(word: str, after_amount: bool) -> None:
    """Name what is wrong with a stray word; three letters right after the amount meant a currency."""
    if after_amount and len(word) == 3 and word.isalpha() and word.lower() != "due":
        with_example(lambda: parse_currency(word), ADD_EXAMPLE)
    raise ParseError(f"I don't understand “{word[:40]}”.", ADD_EXAMPLE)

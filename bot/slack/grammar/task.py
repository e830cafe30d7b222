"""The text grammar of /task: `add "Title" [due DATE] [@user] [pay=AMOUNT CUR]`, `list`, `done N`,
`block N reason`, `submit N [link]`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.work.milestones import PAY_EXAMPLE, SUBMIT_EXAMPLE
from bot.domain.work.tasks import ADD_EXAMPLE, BLOCK_EXAMPLE, DONE_EXAMPLE
from bot.slack.grammar.common import (
    first_word,
    merge_currency,
    parse_number,
    subcommand,
    take_due,
    with_example,
)
from bot.text.errors import ParseError
from bot.text.money import Money, parse_money
from bot.text.tokens import parse_mention, tokenize

SUBCOMMANDS = ("add", "list", "done", "block", "submit", "help")


@dataclass(frozen=True)
class TaskCommand:
    """A parsed /task: `modal` and `help` carry nothing, the others their arguments."""

    action: str
    title: str = ""
    due_on: date | None = None
    assignee_id: str | None = None
    number: int | None = None
    reason: str = ""
    pay: Money | None = None
    link: str = ""


def action_of(text: str) -> str:
    """The sub-command the text names ("modal" for none), refusing unknown ones as parse() does.

    Only `add` reads a date (its due date), so a caller can look up the speaker's day for it alone.
    """
    action, _ = subcommand(text, "/task", SUBCOMMANDS, ADD_EXAMPLE)
    return action or "modal"


def parse(text: str, *, today: date | None) -> TaskCommand:
    """Read /task text; an empty text opens the form. `today` (the speaker's) is read by `add` alone."""
    action, rest = subcommand(text, "/task", SUBCOMMANDS, ADD_EXAMPLE)
    if not action:
        return TaskCommand("modal")
    if action in ("help", "list"):
        return TaskCommand(action)
    if action == "add":
        if today is None:
            raise TypeError("`/task add` reads a due date: pass the speaker's today")
        return parse_add(with_example(lambda: merge_currency(tokenize(rest)), ADD_EXAMPLE), today)
    if action == "submit":
        return parse_submit(rest)
    example = DONE_EXAMPLE if action == "done" else BLOCK_EXAMPLE
    head, reason = first_word(rest)
    number = parse_number(head, example)
    if action == "done" and reason:
        raise ParseError(f"I don't understand “{reason[:40]}” after the task number.", DONE_EXAMPLE)
    if action == "block" and not reason:
        raise ParseError("Say what blocks the task, after its number.", BLOCK_EXAMPLE)
    return TaskCommand(action, number=number, reason=reason)


def parse_add(tokens: list[str], today: date) -> TaskCommand:
    """The title first (quoted, or the words before `due` or a mention), then `due DATE` and `@user`."""
    title_words: list[str] = []
    due_on: date | None = None
    assignee: str | None = None
    pay: Money | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        mention = parse_mention(token)
        if token.lower().startswith("pay=") and pay is None:
            pay = parse_pay(token[4:])
            index += 1
            continue
        if token.lower() == "due" and due_on is None and index + 1 < len(tokens):
            due_on, index = take_due(tokens, index + 1, today, ADD_EXAMPLE)
            continue
        if token.lower() == "due" and due_on is None:
            raise ParseError("`due` needs a date after it.", ADD_EXAMPLE)
        if mention is not None and assignee is None:
            assignee = mention
        elif due_on is None and assignee is None:
            title_words.append(token)
        else:
            raise ParseError(f"I don't understand “{token[:40]}”; put the title in quotes first.", ADD_EXAMPLE)
        index += 1
    title = " ".join(title_words).strip()
    if not title:
        raise ParseError("Give the task a title, in quotes.", ADD_EXAMPLE)
    if len(title) > 200:
        raise ParseError("Keep the task title under 200 characters.", ADD_EXAMPLE)
    if due_on is not None and due_on < today:
        raise ParseError(f"The due date {due_on.isoformat()} is in the past.", ADD_EXAMPLE)
    return TaskCommand("add", title=title, due_on=due_on, assignee_id=assignee, pay=pay)


def parse_pay(value: str) -> Money:
    """`800 USD` / `$800`: a milestone's pay, with its currency."""
    amount, _, currency = value.strip().partition(" ")
    return with_example(lambda: parse_money(amount, currency.strip() or None, default_currency=None), PAY_EXAMPLE)


def parse_submit(rest: str) -> TaskCommand:
    """`submit N [link]`: a task number, then an optional link (Slack sends it as <url> or <url|label>)."""
    head, link = first_word(rest)
    number = parse_number(head, SUBMIT_EXAMPLE)
    link = link.strip()
    if link.startswith("<") and link.endswith(">"):
        link = link[1:-1].split("|", 1)[0]
    return TaskCommand("submit", number=number, link=link)

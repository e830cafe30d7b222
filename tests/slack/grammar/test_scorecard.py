"""The /scorecard grammar: a contractor and a period, in either order."""

from __future__ import annotations

import pytest

from bot.slack.grammar.scorecard import parse
from bot.text.errors import ParseError


def test_contractor_and_period_in_any_order() -> None:
    assert parse("") == parse("90d")
    assert parse("<@U0MARIA|maria> 30d").contractor_id == "U0MARIA"
    command = parse("ALL <@U0MARIA|maria>")
    assert (command.contractor_id, command.period, command.days) == ("U0MARIA", "all", None)
    assert parse("help").action == "help"


@pytest.mark.parametrize("text", ["45d", "maria", "<@U0MARIA|maria> <@U0BOB|bob>"])
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ParseError) as error:
        parse(text)
    assert error.value.example == "/scorecard @maria 90d"

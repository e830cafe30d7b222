"""Grammar for milestones, the cadence floor, observers and /engagement."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.domain.engagement.engagements import MICROMANAGING
from bot.slack.grammar import engagement, kickoff, task
from bot.text.errors import ParseError
from bot.text.money import Money

TODAY = date(2026, 11, 23)


def test_task_add_takes_pay_with_its_currency() -> None:
    parsed = task.parse('add "Homepage design" due 2026-12-10 pay=800 USD', today=TODAY)
    assert (parsed.title, parsed.due_on, parsed.pay) == ("Homepage design", date(2026, 12, 10), Money(80000, "USD"))
    assert task.parse('add "Logo" pay=$50 <@U1|m>', today=TODAY).pay == Money(5000, "USD")
    with pytest.raises(ParseError, match="currency"):
        task.parse('add "Logo" pay=50', today=TODAY)


def test_task_submit_takes_a_number_and_an_optional_link() -> None:
    assert task.parse("submit 3", today=TODAY) == task.TaskCommand("submit", number=3)
    assert task.parse("submit #3 <https://x.io/a|x.io/a>", today=TODAY).link == "https://x.io/a"
    assert task.parse("submit 3 the folder on Drive", today=TODAY).link == "the folder on Drive"
    with pytest.raises(ParseError):
        task.parse("submit", today=TODAY)


@pytest.mark.parametrize("cadence", ["mon,mon@10:00", "mon,monday@10:00", "mon-wed,tue@10:00", "weekdays,fri@9:00",
                                     "mon@09:00,mon@15:00", "mon@9:00&15:00", "mon@10:00,14:00", "mon 9:00 15:00",
                                     "twice a day at 10:00", "mon,thu 3 times", "daily@9:00 and 15:00"])
def test_more_than_one_checkin_a_day_is_refused_with_the_reason(cadence: str) -> None:
    with pytest.raises(ParseError) as refused:
        kickoff.parse_checkins(cadence)
    assert refused.value.message == MICROMANAGING


@pytest.mark.parametrize("cadence,expected", [("mon,thu@10:00", ((1, 4), time(10))),
                                              ("daily@09:30", ((1, 2, 3, 4, 5), time(9, 30))),
                                              ("mon thu at 10am", ((1, 4), time(10)))])
def test_one_checkin_a_day_is_fine(cadence: str, expected: tuple) -> None:  # type: ignore[type-arg]
    assert kickoff.parse_checkins(cadence) == expected


def test_kickoff_observers_are_mentions() -> None:
    draft = kickoff.parse('<@U1|m> "Site" due 2026-12-20 observers=<@U2|a>,<@U3|b>,<@U2|a>', today=TODAY)
    assert draft.observer_ids == ("U2", "U3")
    with pytest.raises(ParseError, match="mentions"):
        kickoff.parse('<@U1|m> "Site" due 2026-12-20 observers=bob', today=TODAY)


def test_engagement_grammar() -> None:
    assert engagement.parse("") == engagement.EngagementCommand("help")
    assert engagement.parse("observe <@U2|sam>") == engagement.EngagementCommand("observe", "U2")
    assert engagement.parse("observers") == engagement.EngagementCommand("observers")
    for bad in ("observe", "observe sam", "observers x", "fly"):
        with pytest.raises(ParseError):
            engagement.parse(bad)

"""Running the scheduled duties from an end-to-end test: in-process, on the served bot's database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from bot.config import Settings
from bot.emulator.server import SlackEmulator
from bot.runtime import Runtime
from bot.slack.app import make_client
from jobs import run_due
from tests.e2e.conftest import BOT_TOKEN, BotServer

LONDON = ZoneInfo("Europe/London")


class Duties:
    """`tandem jobs run-due --now` in-process: the same sweeps, the same database, the emulator as Slack."""

    def __init__(self, bot: BotServer, emulator: SlackEmulator) -> None:
        settings = Settings(slack_bot_token=BOT_TOKEN, database_url=bot.database_url, slack_api_url=emulator.api_url)
        self.runtime = Runtime.build(settings)
        self.client = make_client(self.runtime)

    def run(self, now: datetime, duty: str | None = None) -> list[str]:
        """Lines of the messages sent at `now` (only those of `duty` when given)."""
        lines = list(run_due(self.runtime, self.client, now=now))
        return [line for line in lines if duty is None or line.split()[0] == duty]


def london_workday(on_or_after: date, hour: int = 10, *, avoid_monday: bool = True) -> datetime:
    """10:00 London on the first working day on or after a date (Mondays skipped: the digest absorbs alerts
    then). Public holidays are skipped too: people's countries default from their zones (GB for London)."""
    day = workday(on_or_after, "GB")
    while avoid_monday and day.isoweekday() == 1:
        day = workday(day + timedelta(days=1), "GB")
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def workday(on_or_after: date, *countries: str) -> date:
    """The first weekday on or after a date that is a public holiday in none of the countries."""
    # England's bank holidays for GB, as the bot keeps them (the UK-wide calendar has no Easter Monday).
    calendars = [holidays.country_holidays(country, subdiv="ENG" if country == "GB" else None) for country in countries]
    day = on_or_after
    while day.isoweekday() > 5 or any(day in calendar for calendar in calendars):
        day += timedelta(days=1)
    return day


def today_london() -> date:
    """The owner's today (the served bot runs on the real clock)."""
    return datetime.now(LONDON).date()

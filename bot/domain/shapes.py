"""What the rules read of a person, a contractor and an engagement, as structural types.

Three kinds of object carry the same attribute names: ORM rows (bot.db.models), the board's cards
(bot.domain.reports.status, read without the ORM for `/checkin status`) and the sweeps' frozen rows
of the active engagements. A rule typed with one of these protocols takes any of them, and the type
checker holds each kind to what the rule reads. Members are read-only properties, so a frozen
dataclass field and a mapped column satisfy them alike; each protocol lists only what its readers read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Protocol


class DaysOff(Protocol):
    """A stretch of time off, both days included."""

    @property
    def start_on(self) -> date: ...
    @property
    def end_on(self) -> date: ...


class Calendar(Protocol):
    """Whose days the working-day rules count: zone, working weekdays, holidays country, time off."""

    @property
    def tz(self) -> str: ...
    @property
    def work_days(self) -> str: ...
    @property
    def country(self) -> str | None: ...
    @property
    def time_off(self) -> Sequence[DaysOff]: ...


class WorkingPerson(Calendar, Protocol):
    """A calendar with working hours, and who it is in Slack."""

    @property
    def user_id(self) -> str: ...
    @property
    def work_start(self) -> time: ...
    @property
    def work_end(self) -> time: ...


class InZone(Protocol):
    """Someone a message names and dates: their Slack id and zone (a board card's owner)."""

    @property
    def user_id(self) -> str: ...
    @property
    def tz(self) -> str: ...


class Member(Calendar, Protocol):
    """A calendar that a message can @-mention."""

    @property
    def user_id(self) -> str: ...


class HasCalendar(Protocol):
    """A contractor, as the check-in cadence reads it: through their person."""

    @property
    def person(self) -> Calendar: ...


class HasMember(HasCalendar, Protocol):
    """A contractor, as a status board names them."""

    @property
    def person(self) -> Member: ...


class Cadence(Protocol):
    """An engagement, as the check-in slots read it (bot.domain.schedule.slots)."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def start_on(self) -> date: ...
    @property
    def deadline(self) -> date: ...
    @property
    def checkin_days(self) -> str: ...
    @property
    def checkin_time(self) -> time: ...
    @property
    def contractor(self) -> HasCalendar: ...


class BoardEngagement(Cadence, Protocol):
    """An engagement, as a status board row shows it: an ORM row or a board card."""

    @property
    def title(self) -> str: ...
    @property
    def channel_id(self) -> str: ...
    @property
    def owner(self) -> InZone: ...
    @property
    def contractor(self) -> HasMember: ...

"""Working patterns as typed in commands: hours, days, cadences, durations, zones, countries.

Day words: `mon-fri` (ranges may wrap: `fri-mon` is Fri, Sat, Sun, Mon), `mon,wed,fri`, `weekdays`,
`weekends`, `everyday` / `every day` / `all` (all seven days) and `daily`, which means the working
days Monday to Friday, because check-ins and working hours are about work days.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Callable
from datetime import time
from importlib import resources
from pathlib import Path

import holidays

from bot.text.errors import ParseError, bounded, shown
from bot.text.weekdays import weekday_number

HOURS_EXAMPLE = "09:00-17:00"
DAYS_EXAMPLE = "mon-fri"
CADENCE_EXAMPLE = "mon,thu@10:00"
DURATION_EXAMPLE = "24h"
TZ_EXAMPLE = "tz=America/Bogota"
COUNTRY_EXAMPLE = "country=CO"
MAX_DURATION_HOURS = 720

WORKING_DAYS = (1, 2, 3, 4, 5)
ALL_DAYS = (1, 2, 3, 4, 5, 6, 7)
_DAY_GROUPS = {
    "weekdays": WORKING_DAYS,
    "weekday": WORKING_DAYS,
    "workdays": WORKING_DAYS,
    "daily": WORKING_DAYS,
    "weekends": (6, 7),
    "weekend": (6, 7),
    "everyday": ALL_DAYS,
    "every day": ALL_DAYS,
    "all": ALL_DAYS,
    "all days": ALL_DAYS,
}
_CLOCK = re.compile(r"(\d{1,2})(?:(?::|\.|h)(\d{2})|h)?\s*(am|pm|a|p)?", re.ASCII)
_RANGE = re.compile(r"(.+?)\s*(?:-|–|—|\.\.|\s+to\s+)\s*(.+)", re.ASCII)
_DURATION = re.compile(r"(\d{1,4})\s*(h|hr|hrs|hour|hours|d|day|days|w|wk|week|weeks)?", re.ASCII)
_OFFSET = re.compile(r"(?:utc|gmt)?\s*[+\-−]\s*\d{1,2}(?::?\d{2})?", re.IGNORECASE)
_COUNTRY_ALIASES = {"UK": "GB"}  # the common slip; ISO says GB

# Used when no zone.tab can be found: the zones Tandem's people most often live in.
_BUILTIN_ZONE_COUNTRIES = {
    "America/Bogota": "CO",
    "Asia/Manila": "PH",
    "Europe/Berlin": "DE",
    "America/New_York": "US",
    "America/Chicago": "US",
    "America/Denver": "US",
    "America/Los_Angeles": "US",
    "America/Phoenix": "US",
    "Europe/London": "GB",
    "Asia/Kolkata": "IN",
    "Asia/Calcutta": "IN",
    "Europe/Paris": "FR",
    "Europe/Madrid": "ES",
    "Europe/Rome": "IT",
    "Europe/Amsterdam": "NL",
    "Europe/Lisbon": "PT",
    "Europe/Warsaw": "PL",
    "Europe/Kyiv": "UA",
    "Europe/Kiev": "UA",
    "Europe/Bucharest": "RO",
    "America/Mexico_City": "MX",
    "America/Sao_Paulo": "BR",
    "America/Argentina/Buenos_Aires": "AR",
    "America/Buenos_Aires": "AR",
    "America/Santiago": "CL",
    "America/Lima": "PE",
    "America/Toronto": "CA",
    "America/Vancouver": "CA",
    "Australia/Sydney": "AU",
    "Pacific/Auckland": "NZ",
    "Asia/Singapore": "SG",
    "Asia/Hong_Kong": "HK",
    "Asia/Shanghai": "CN",
    "Asia/Tokyo": "JP",
    "Asia/Seoul": "KR",
    "Asia/Jakarta": "ID",
    "Asia/Ho_Chi_Minh": "VN",
    "Asia/Saigon": "VN",
    "Asia/Karachi": "PK",
    "Asia/Dhaka": "BD",
    "Asia/Dubai": "AE",
    "Africa/Lagos": "NG",
    "Africa/Nairobi": "KE",
    "Africa/Cairo": "EG",
    "Africa/Johannesburg": "ZA",
    "Europe/Istanbul": "TR",
    "Asia/Jerusalem": "IL",
    "Europe/Prague": "CZ",
    "Europe/Budapest": "HU",
    "Europe/Zurich": "CH",
    "Europe/Stockholm": "SE",
    "Europe/Oslo": "NO",
    "Europe/Copenhagen": "DK",
    "US/Eastern": "US",
    "US/Central": "US",
    "US/Mountain": "US",
    "US/Pacific": "US",
}


def parse_hours(text: str) -> tuple[time, time]:
    """Daily working hours `09:00-17:00` (also `9-17`, `9:30-17:30`, `9am-5pm`); same-day only."""
    match = _RANGE.fullmatch(bounded(text, what="working hours", example=HOURS_EXAMPLE).lower())
    if not match:
        raise ParseError(f"I couldn't read the hours {shown(text)}.", HOURS_EXAMPLE)
    start, end = (
        parse_clock(match.group(1), what="hours"),
        parse_clock(match.group(2), what="hours"),
    )
    if start == end:
        raise ParseError("Working hours must start before they end.", HOURS_EXAMPLE)
    if end < start:
        raise ParseError(
            "Overnight hours (ending after midnight) aren't supported; give hours within one day.",
            HOURS_EXAMPLE,
        )
    return start, end


def parse_clock(text: str, *, what: str = "time", example: str = HOURS_EXAMPLE) -> time:
    """A time of day: `17:30`, `9`, `9am`, `5:30pm`, `17h30`; 24:00 is not a time (use 23:59)."""
    match = _CLOCK.fullmatch(bounded(text, what="a time", example=example).lower())
    if not match:
        raise ParseError(f"I couldn't read the {what} {shown(text)}.", example)
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ParseError(
                f"{shown(text)} isn't a time: with am/pm the hour is 1 to 12.", example
            )
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise ParseError(f"{shown(text)} isn't a time of day (00:00 to 23:59).", example)
    return time(hour, minute)


def parse_days(text: str) -> tuple[int, ...]:
    """ISO weekdays (1 = Monday), sorted and unique, from `mon-fri`, `mon,wed,fri`, `weekdays`…"""
    lowered = bounded(text, what="a list of days", example=DAYS_EXAMPLE).lower()
    lowered = re.sub(r"\s*(-|–|—|\.\.)\s*|\s+(?:to|through|thru)\s+", "-", lowered)
    if lowered in _DAY_GROUPS:
        return _DAY_GROUPS[lowered]
    days: set[int] = set()
    parts = [part for part in re.split(r"[,\s/+&]+|\band\b", lowered) if part]
    if not parts:
        raise ParseError("I expected some days of the week.", DAYS_EXAMPLE)
    for part in parts:
        days.update(_day_part(part, text))
    return tuple(sorted(days))


def _day_part(part: str, text: str) -> tuple[int, ...]:
    """One item of a day list: a day, a group word, or a range that may wrap past Sunday."""
    if part in _DAY_GROUPS:
        return _DAY_GROUPS[part]
    single = weekday_number(part)
    if single is not None:
        return (single,)
    match = re.fullmatch(r"([a-z]+)(?:-|–|—|\.\.)([a-z]+)", part)
    first = weekday_number(match.group(1)) if match else None
    last = weekday_number(match.group(2)) if match else None
    if first is None or last is None:
        raise ParseError(f"I couldn't read the days {shown(text)}.", DAYS_EXAMPLE)
    length = (last - first) % 7 + 1
    return tuple((first - 1 + offset) % 7 + 1 for offset in range(length))


def parse_cadence(text: str) -> tuple[tuple[int, ...], time]:
    """Check-in cadence `days@HH:MM` (`mon,thu@10:00`, `daily@09:30` = Monday to Friday)."""
    stripped = bounded(text, what="a check-in cadence", example=CADENCE_EXAMPLE)
    days_text, at, clock_text = stripped.rpartition("@")
    if not at:
        match = re.fullmatch(
            r"(.+?)\s+(?:at\s+)?(\d[\d:.hapm ]*)", stripped, re.IGNORECASE | re.ASCII
        )
        if not match:
            raise ParseError(
                f"Give check-in days and a time, like {CADENCE_EXAMPLE}.", CADENCE_EXAMPLE
            )
        days_text, clock_text = match.groups()
    try:
        days = parse_days(days_text)
    except ParseError as error:
        raise ParseError(error.message, CADENCE_EXAMPLE) from None
    return days, parse_clock(clock_text, what="check-in time", example=CADENCE_EXAMPLE)


def parse_duration_hours(text: str) -> int:
    """A response time as whole hours: `24h`, `2d` (48 hours: days are plain 24-hour days), `36`."""
    match = _DURATION.fullmatch(bounded(text, what="a duration", example=DURATION_EXAMPLE).lower())
    if not match:
        raise ParseError(
            f"I couldn't read the duration {shown(text)}; use hours or days.", DURATION_EXAMPLE
        )
    count, unit = int(match.group(1)), (match.group(2) or "h")[0]
    hours = count * {"h": 1, "d": 24, "w": 168}[unit]
    if not 1 <= hours <= MAX_DURATION_HOURS:
        raise ParseError(
            f"Give a duration from 1 hour to {MAX_DURATION_HOURS // 24} days.", DURATION_EXAMPLE
        )
    return hours


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    """Every IANA zone this machine knows, keyed case-insensitively."""
    return {name.lower(): name for name in zoneinfo.available_timezones()} | {"utc": "UTC"}


def parse_timezone(name: str) -> str:
    """A valid IANA zone name in its canonical case, because schedules break on guessed offsets."""
    stripped = bounded(name, what="a time zone", example=TZ_EXAMPLE)
    if not stripped:
        raise ParseError("I expected a time zone.", TZ_EXAMPLE)
    canonical = _zones_by_lower_name().get(stripped.lower().replace(" ", "_"))
    if canonical is None and _OFFSET.fullmatch(stripped):
        raise ParseError(
            f"{shown(stripped)} is an offset, which changes with daylight saving. "
            "Use the place's zone name instead, like America/Bogota or Asia/Manila.",
            TZ_EXAMPLE,
        )
    if canonical is None:
        raise ParseError(
            f"I don't know the time zone {shown(stripped)}. Use a zone name like America/Bogota.",
            TZ_EXAMPLE,
        )
    try:
        zoneinfo.ZoneInfo(canonical)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ParseError(f"I can't load the time zone {shown(stripped)}.", TZ_EXAMPLE) from None
    return canonical


@functools.cache
def _holiday_countries() -> frozenset[str]:
    """Two-letter codes the `holidays` package (a required dependency) has calendars for."""
    return frozenset(code for code in holidays.list_supported_countries() if len(code) == 2)


def parse_country(code: str) -> str:
    """An upper-case ISO 3166 alpha-2 code, checked against the holiday calendars we can load."""
    upper = bounded(code, what="a country code", example=COUNTRY_EXAMPLE).upper()
    upper = _COUNTRY_ALIASES.get(upper, upper)
    if not re.fullmatch(r"[A-Z]{2}", upper):
        raise ParseError(
            f"Give the country as a two-letter code like CO or PH, not {shown(code)}.",
            COUNTRY_EXAMPLE,
        )
    if upper not in _holiday_countries():
        raise ParseError(f"I don't know the country code {shown(upper)}.", COUNTRY_EXAMPLE)
    return upper


def default_country_for_timezone(tz: str) -> str | None:
    """The country a zone mostly belongs to (zone.tab), to default the public-holiday calendar."""
    table = _zone_countries()
    name = tz.strip()
    canonical = _zones_by_lower_name().get(name.lower(), name)
    for candidate in (canonical, _links().get(canonical, "")):
        if candidate in table:
            return table[candidate]
    return None


@functools.cache
def _zone_countries() -> dict[str, str]:
    """zone -> country from zone.tab / zone1970.tab (tzdata's or the system's), else built in."""
    table = dict(_BUILTIN_ZONE_COUNTRIES)
    for text in _tab_sources("zone1970.tab"):
        for zone, codes in _tab_rows(text):
            table[zone] = codes.split(",")[0]
    for text in _tab_sources("zone.tab"):
        for zone, code in _tab_rows(text):
            table[zone] = code
    return table


@functools.cache
def _links() -> dict[str, str]:
    """Old zone names (Asia/Calcutta) -> their current target (Asia/Kolkata), from tzdata.zi."""
    links: dict[str, str] = {}
    for text in _tab_sources("tzdata.zi"):
        for line in text.splitlines():
            fields = line.split()
            if len(fields) == 3 and fields[0] == "L":
                links.setdefault(fields[2], fields[1])
    return links


def _tab_sources(filename: str) -> list[str]:
    """The file's text from the tzdata package, else /usr/share/zoneinfo; first readable wins."""
    readers: tuple[Callable[[], str], ...] = (
        lambda: (
            resources.files("tzdata")
            .joinpath("zoneinfo")
            .joinpath(filename)
            .read_text(encoding="utf-8")
        ),
        lambda: Path("/usr/share/zoneinfo", filename).read_text(encoding="utf-8"),
    )
    for read in readers:
        try:
            return [read()]
        except (ImportError, OSError, ValueError):
            continue
    return []


def _tab_rows(text: str) -> list[tuple[str, str]]:
    """(zone, country codes) from a zone.tab-format file."""
    rows = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            rows.append((fields[2], fields[0]))
    return rows

"""Working hours, days, cadences, durations, time zones and countries, as typed in commands."""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.text.errors import ParseError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_ALIASES = {"weekdays": (1, 2, 3, 4, 5), "weekends": (6, 7), "everyday": (1, 2, 3, 4, 5, 6, 7),
               "daily": (1, 2, 3, 4, 5)}
# A few zones that the standard tables name, for when zone.tab is not on the machine.
FALLBACK_COUNTRIES = {
    "America/Bogota": "CO", "Asia/Manila": "PH", "Europe/Berlin": "DE", "America/New_York": "US",
    "Europe/London": "GB", "Asia/Kolkata": "IN", "America/Los_Angeles": "US", "America/Chicago": "US",
    "Europe/Paris": "FR", "Europe/Madrid": "ES", "America/Mexico_City": "MX", "America/Sao_Paulo": "BR",
    "Europe/Kyiv": "UA", "Europe/Warsaw": "PL", "Asia/Karachi": "PK", "Africa/Lagos": "NG",
    "Asia/Singapore": "SG", "Australia/Sydney": "AU", "America/Argentina/Buenos_Aires": "AR",
}


def _clock(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise ParseError(f"“{text[:10]}” is not a time of day like 09:00.", "hours=09:00-17:00")
    return time(int(match.group(1)), int(match.group(2) or 0))


def parse_hours(text: str) -> tuple[time, time]:
    """'09:00-17:00' (or '9-17') -> (start, end); overnight shifts are not supported."""
    start, dash, end = text.partition("-")
    if not dash:
        raise ParseError(f"Working hours look like 09:00-17:00 (not “{text[:20]}”).", "hours=09:00-17:00")
    begin, finish = _clock(start), _clock(end)
    if finish <= begin:
        raise ParseError("Working hours must end after they start (overnight is not supported).", "hours=09:00-17:00")
    return begin, finish


def _day(name: str) -> int:
    key = name.strip().lower()[:3]
    if key not in DAYS or not name.strip().lower().startswith(key):
        raise ParseError(f"“{name[:12]}” is not a weekday.", "days=mon-fri")
    return DAYS.index(key) + 1


def parse_days(text: str) -> tuple[int, ...]:
    """'mon-fri', 'mon,wed,fri', 'fri-mon' (wraps), 'weekdays', 'everyday' -> ISO weekdays."""
    lowered = text.strip().lower()
    if lowered in DAY_ALIASES:
        return DAY_ALIASES[lowered]
    days: set[int] = set()
    for part in filter(None, (p.strip() for p in lowered.split(","))):
        first, dash, last = part.partition("-")
        if dash:
            start, end = _day(first), _day(last)
            span = (end - start) % 7
            days.update((start - 1 + i) % 7 + 1 for i in range(span + 1))
        else:
            days.add(_day(part))
    if not days:
        raise ParseError("Name at least one day.", "days=mon-fri")
    return tuple(sorted(days))


def parse_cadence(text: str) -> tuple[tuple[int, ...], time]:
    """'mon,thu@10:00' -> ((1, 4), 10:00). 'daily@09:30' means Monday to Friday (one a day at most)."""
    days, at, clock = text.partition("@")
    if not at:
        raise ParseError(f"Write the check-in cadence as days@time (not “{text[:20]}”).", "checkins=mon,thu@10:00")
    return parse_days(days), _clock(clock)


def parse_duration_hours(text: str) -> int:
    """'24h', '2d' (48 hours) or '36' -> hours, from 1 to 720."""
    match = re.fullmatch(r"(\d{1,4})\s*(h|hours?|d|days?)?", text.strip().lower())
    if not match:
        raise ParseError(f"Write a duration like 24h or 2d (not “{text[:12]}”).", "sla=24h")
    hours = int(match.group(1)) * (24 if (match.group(2) or "h").startswith("d") else 1)
    if not 1 <= hours <= 720:
        raise ParseError("A duration must be between 1 hour and 30 days.", "sla=24h")
    return hours


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def parse_timezone(name: str) -> str:
    """An IANA zone name, case-insensitively, in its canonical spelling."""
    text = name.strip()
    if re.match(r"^(utc|gmt)\s*[+-]", text.lower()):
        raise ParseError(f"“{text[:20]}” is an offset, which breaks with daylight saving; use a place.", "tz=America/Bogota")
    canonical = _zones().get(text.lower())
    if canonical is None:
        raise ParseError(f"“{text[:40]}” is not a time zone I know.", "tz=America/Bogota")
    try:
        ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):
        raise ParseError(f"“{text[:40]}” is not a time zone I know.", "tz=America/Bogota") from None
    return canonical


def parse_country(code: str) -> str:
    """A two-letter ISO 3166 country the holidays calendar knows."""
    upper = code.strip().upper()
    try:
        import holidays

        known = set(holidays.list_supported_countries())
    except ImportError:  # pragma: no cover - holidays is a dependency
        known = set()
    if not re.fullmatch(r"[A-Z]{2}", upper) or (known and upper not in known):
        raise ParseError(f"“{code[:10]}” is not a country code I have holidays for.", "country=CO")
    return upper


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    table = dict(FALLBACK_COUNTRIES)
    for path in ("/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/zone.tab"):
        try:
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if not line.startswith("#") and line.strip():
                        fields = line.split("\t")
                        table.setdefault(fields[2].strip(), fields[0].split(",")[0])
        except OSError:
            continue
    return table


def default_country_for_timezone(tz: str) -> str | None:
    """The country a zone belongs to (America/Bogota -> CO), for public holidays."""
    return _zone_countries().get(tz)

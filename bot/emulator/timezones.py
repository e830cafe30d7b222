"""tz / tz_label / tz_offset as users.info reports them: from the IANA zone at the current instant.

Slack labels zones with their long names ("British Summer Time"); zoneinfo only knows the
abbreviation, so common ones are mapped and the rest fall back to the abbreviation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TZ_NAMES = {
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
    "WET": "Western European Time",
    "WEST": "Western European Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
    "EET": "Eastern European Time",
    "EEST": "Eastern European Summer Time",
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "IST": "India Standard Time",
    "JST": "Japan Standard Time",
    "AEST": "Australian Eastern Standard Time",
    "AEDT": "Australian Eastern Daylight Time",
    "NZST": "New Zealand Standard Time",
    "NZDT": "New Zealand Daylight Time",
    "HST": "Hawaii-Aleutian Standard Time",
}


def tz_fields(tz: str, now: datetime | None = None) -> dict[str, Any]:
    """tz, tz_label and tz_offset (seconds east of UTC) for the zone at the current instant."""
    try:
        local = (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(tz))
    except (ZoneInfoNotFoundError, ValueError):
        return {"tz": tz, "tz_label": tz, "tz_offset": 0}
    offset = local.utcoffset()
    abbrev = local.tzname() or ""
    label = _TZ_NAMES.get(abbrev, abbrev)
    if abbrev == "IST" and tz.startswith("Europe/"):
        label = "Irish Standard Time"
    return {
        "tz": tz,
        "tz_label": label,
        "tz_offset": int(offset.total_seconds()) if offset else 0,
    }

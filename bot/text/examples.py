"""Example dates computed from today, so no example or hint anyone is shown is ever in the past.

Examples are written once, as constants, with tokens for their dates: `{today+14}` is the ISO
date 14 days after the reader's today. They are rendered where they are shown (the error
handler, help, the few messages that suggest a command), with today in the speaker's zone.
A fixed date such as 2026-12-05 in an example reads as "in the past" once that day has gone,
and a command offered as the fix for "in the past" must not fail the same way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

TOKEN = re.compile(r"\{today\+(\d{1,3})\}")


def render(text: str, today: date) -> str:
    """Every date token of `text` as an ISO date counted from `today`; other text unchanged."""
    if "{today+" not in text:
        return text
    return TOKEN.sub(lambda found: (today + timedelta(days=int(found.group(1)))).isoformat(), text)

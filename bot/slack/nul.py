"""Strip NUL characters from everything a request carries, before any listener sees it.

PostgreSQL refuses NUL in text ("text fields cannot contain NUL (0x00) bytes"): a command with one
failed as an internal error. NUL never means anything in Slack text, so it is dropped silently and
the command goes on as typed without it (SQLite would have stored it; now neither does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

NUL = "\x00"


class StripNul(Middleware):
    """A Bolt middleware: edits the parsed body in place, so commands, actions and events all see it clean."""

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002 - Bolt's name
        strip_nul(req.body)
        return next()


def strip_nul(value: Any) -> Any:
    """`value` without NUL in any string inside it; dicts and lists are edited in place."""
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str | dict | list):
                value[key] = strip_nul(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str | dict | list):
                value[index] = strip_nul(item)
    return value

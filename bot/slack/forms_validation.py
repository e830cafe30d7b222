"""Collect per-field errors of a modal so they all show inline at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from slack_sdk import WebClient

from bot.domain.errors import DomainError
from bot.domain.roster.people import Profile
from bot.slack.profiles import fetch_profile
from bot.text.errors import ParseError

T = TypeVar("T")


class Collector:
    """Parse fields one by one, remembering each failure under its block id."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def field(self, block_id: str, parse: Callable[[str], T], raw: str | None) -> T | None:
        """Parse a non-empty raw value; empty stays None (the input's own `optional` rules)."""
        if raw is None or raw == "":
            return None
        try:
            return parse(raw)
        except (ParseError, DomainError) as error:
            self.errors[block_id] = error.message[:150]
            return None

    def add(self, block_id: str, message: str) -> None:
        """Record an error found by cross-field checks."""
        self.errors.setdefault(block_id, message[:150])


def person_field(check: Collector, block_id: str, client: WebClient, user_id: str | None,
                 default_tz: str) -> Profile | None:
    """The chosen user's profile, or an inline error when it is an app or a deactivated account.

    Checked before the ack: after it the modal has closed and an error could only arrive as a DM.
    """
    return check.field(block_id, lambda chosen: fetch_profile(client, chosen, default_tz, in_form=True), user_id)

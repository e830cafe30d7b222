"""Errors the domain raises for people, with a message fit to show them and a correct example."""

from __future__ import annotations


class DomainError(Exception):
    """Something the person asked for cannot be done; nothing was changed."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example


class NotAllowed(DomainError):
    """The person lacks the role (owner, contractor) this needs."""


class NotFound(DomainError):
    """What the person named does not exist in this workspace or channel."""

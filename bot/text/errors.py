"""The one error type of text parsing: a friendly sentence and, where it helps, a correct example."""

from __future__ import annotations


class ParseError(ValueError):
    """What the person typed cannot be read; `message` is fit to show them."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example

"""Counted nouns as people write them: "1 engagement", "2 engagements"."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and the noun, singular for exactly one; `many` for irregular plurals (else noun + "s")."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"

"""Counted nouns: one is singular, every other count plural."""

from __future__ import annotations

from bot.text.counts import plural


def test_plural() -> None:
    assert [plural(n, "engagement") for n in (0, 1, 2)] == ["0 engagements", "1 engagement", "2 engagements"]
    assert plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == "3 people"

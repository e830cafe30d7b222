"""The owner's note about a channel that refuses the bot: why, and the one thing that fixes it."""

from __future__ import annotations

import pytest

from bot.emulator.blockkit import validate_message_blocks
from bot.slack.blocks.channel_problems import build_channel_problem
from tests.slack.blocks.factories import engagement
from tests.support.shown import shown


@pytest.mark.parametrize(("errors", "why", "fix"), [
    ({"is_archived"}, "<#C0PROJECT> is archived", "Unarchive <#C0PROJECT>"),
    ({"channel_not_found"}, "can't find <#C0PROJECT>", "/invite @Tandem"),
    ({"not_in_channel"}, "no longer a member of <#C0PROJECT>", "/invite @Tandem` in <#C0PROJECT>"),
    ({"not_in_channel", "is_archived"}, "is archived", "Unarchive"),  # archived first: an invite would not help
])
def test_the_note_says_why_and_how_to_fix_it(errors: set[str], why: str, fix: str) -> None:
    note = build_channel_problem(engagement(), errors)
    assert why in shown(note) and fix in shown(note) and "*Website*" in shown(note)
    assert validate_message_blocks(note["blocks"]) == []


def test_a_title_cannot_ping_a_whole_channel_from_the_note() -> None:
    note = build_channel_problem(engagement(title="Site <!channel> @here"), {"is_archived"})
    assert "<!channel>" not in str(note) and "@here" not in str(note) and "&lt;!channel&gt;" in note["text"]

"""The privacy checks' helper sees every visible word and nothing else, so a leak cannot slip past it."""

from __future__ import annotations

from tests.support.shown import mentions_amount, shown, shown_all

MESSAGE = {"ts": "1795450091.857221", "text": "Kickoff", "blocks": [
    {"type": "section", "block_id": "x500", "text": {"type": "mrkdwn", "text": "Budget USD 500.00"},
     "accessory": {"type": "button", "action_id": "a", "value": "500", "text": {"type": "plain_text", "text": "Pay"}}},
    {"type": "context", "elements": [{"type": "image", "image_url": "u", "alt_text": "due 3 Dec"}]},
]}


def test_shown_keeps_the_visible_words_only() -> None:
    seen = shown(MESSAGE)
    assert "Budget USD 500.00" in seen and "Pay" in seen and "due 3 Dec" in seen and "Kickoff" in seen
    assert "1795450091" not in seen and "x500" not in seen
    assert shown_all([MESSAGE, {"text": "two"}]).endswith("two")


def test_mentions_amount_finds_the_number_and_not_a_longer_one() -> None:
    assert mentions_amount("USD 500.00", "500") and mentions_amount("500 USD", "500") and mentions_amount("$500", "500")
    assert not mentions_amount("1500 and 5000 and 2,500", "500")

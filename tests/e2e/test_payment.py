"""/payment end to end: owner-only, always ephemeral, never a number in a channel."""

from __future__ import annotations

from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts
from tests.e2e.test_checkin import kickoff


def test_add_list_and_mark_paid_privately(slack, emulator) -> None:
    kickoff(slack)
    added = slack.slash("/payment", f"add 500 USD due {in_days(12)} ref=INV-12", user=OWNER, channel=PROJECT).wait()
    assert added.ephemeral and "USD 500.00" in added.text and "INV-12" in added.text
    listed = slack.slash("/payment", "list", user=OWNER, channel=PROJECT).wait()
    assert "USD 500.00" in listed.text
    paid = slack.slash("/payment", "paid 1", user=OWNER, channel=PROJECT).wait()
    assert "marked paid" in paid.text
    for message in emulator.messages(PROJECT):
        assert "500" not in str(message), "money leaked into the channel"


def test_contractor_cannot_see_or_add_payments(slack, bot) -> None:
    kickoff(slack)
    slack.slash("/payment", f"add 500 USD due {in_days(12)}", user=OWNER, channel=PROJECT).wait()
    before = row_counts(bot.database_url)
    for text in ("list", "add 100 USD due tomorrow", "paid 1"):
        reply = slack.slash("/payment", text, user=MARIA, channel=PROJECT).wait()
        assert "owner" in reply.text.lower() and "500" not in reply.text, text
    assert row_counts(bot.database_url) == before


def test_bad_payments_and_help(slack, bot) -> None:
    kickoff(slack)
    before = row_counts(bot.database_url)
    for text in ("add -5 USD due tomorrow", "add 10.555 USD", "add 100 QQQ due tomorrow", "paid 7", "refund 3"):
        reply = slack.slash("/payment", text, user=OWNER, channel=PROJECT).wait()
        assert ":warning:" in reply.text, text
    assert row_counts(bot.database_url) == before
    assert "/payment paid" in slack.slash("/payment", "help", user=OWNER, channel=PROJECT).wait().text
    assert slack.slash("/payment", "", user=OWNER, channel=PROJECT).wait().view is not None

"""/payment end to end: owner-only, always ephemeral, never a number in a channel."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from bot.db.models import Payment
from bot.emulator.interaction_payloads import message_click
from bot.emulator.transport import Delivery
from bot.slack import ids
from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts
from tests.e2e.jobs_helpers import LONDON, today_london, workday
from tests.e2e.test_checkin import kickoff
from tests.support.shown import mentions_amount, shown, shown_all


def test_add_list_and_mark_paid_privately(slack, emulator) -> None:
    kickoff(slack)
    added = slack.slash("/payment", f"add 500 USD due {in_days(12)} ref=INV-12", user=OWNER, channel=PROJECT).wait()
    assert added.ephemeral and "USD 500.00" in added.text and "INV-12" in added.text
    listed = slack.slash("/payment", "list", user=OWNER, channel=PROJECT).wait()
    assert "USD 500.00" in listed.text
    paid = slack.slash("/payment", "paid 1", user=OWNER, channel=PROJECT).wait()
    assert "marked paid" in paid.text
    for message in emulator.messages(PROJECT):
        assert not mentions_amount(shown(message), "500"), "money leaked into the channel"


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


def test_mark_paid_in_the_weekly_digest_changes_only_that_payment(slack, emulator, duties) -> None:
    kickoff(slack)
    monday = today_london() + timedelta(days=3)
    while monday.isoweekday() != 1 or workday(monday, "GB") != monday:  # payment alerts wait out bank holidays
        monday += timedelta(days=1)
    for amount, due_on in (("500", monday + timedelta(days=2)), ("700", monday - timedelta(days=1))):
        slack.slash("/payment", f"add {amount} USD due {due_on.isoformat()}", user=OWNER, channel=PROJECT).wait()
    assert len(duties.run(datetime.combine(monday, time(9), tzinfo=LONDON), "weekly_digest")) == 1
    dm = emulator.dm_channel(OWNER)
    [digest] = [m for m in emulator.messages(dm) if "weekly digest" in m["text"]]
    assert "USD 500.00" in str(digest["blocks"]) and "USD 700.00" in str(digest["blocks"])
    with duties.runtime.sessions() as session:
        payment_ids = {p.number: p.id for p in session.scalars(select(Payment))}

    posted = len(emulator.messages(dm))
    slack.click(ids.MARK_PAID, user=OWNER, message=digest, value=str(payment_ids[1])).wait()
    assert emulator.wait_for(lambda: "marked paid" in str(emulator.messages(dm)))
    [after] = [m for m in emulator.messages(dm) if m["ts"] == digest["ts"]]
    shown = str(after["blocks"])
    assert "Your week" in shown and "check-in(s) this week" in shown, "the digest was replaced whole"
    assert "Payment 1 for *Website* (USD 500.00) was marked paid by <@U0OWNER>" in shown
    assert "Mark payment 1 paid" not in shown and "is due in 2 days" not in shown
    assert "USD 700.00" in shown and "is overdue by 1 day" in shown and "Mark payment 2 paid" in shown
    assert len(emulator.messages(dm)) == posted, "the digest is updated in place, not answered with a new message"
    with duties.runtime.sessions() as session:
        assert {p.number: p.status for p in session.scalars(select(Payment))} == {1: "paid", 2: "due"}

    # Only the owner: a signed click from Maria on payment 2 changes neither the payment nor the digest.
    payload, origin = message_click(emulator, ids.MARK_PAID, OWNER, after, str(payment_ids[2]), None)
    payload["user"]["id"] = MARIA
    refused = slack.deliver(Delivery("interactive", payload, False), origin)
    assert emulator.wait_for(lambda: "owner" in refused.text.lower())
    [unchanged] = [m for m in emulator.messages(dm) if m["ts"] == digest["ts"]]
    assert unchanged["blocks"] == after["blocks"]
    with duties.runtime.sessions() as session:
        assert session.scalars(select(Payment).where(Payment.number == 2)).one().status == "due"
    # Money stays in the owner's DM: every update went there, nothing reached a channel or Maria.
    assert {call.args.get("channel") for call in emulator.calls_to("chat.update")} == {dm}
    for where in (PROJECT, emulator.dm_channel(MARIA)):
        seen = shown_all(emulator.messages(where))
        assert "500.00" not in seen and "700.00" not in seen


def test_the_form_with_a_blank_amount_asks_for_one_and_saves_nothing(slack, bot) -> None:
    kickoff(slack)
    opened = slack.slash("/payment", "", user=OWNER, channel=PROJECT).wait()
    before = row_counts(bot.database_url)
    refused = slack.submit_view(opened.view["id"], values={"amount": {"amount": "   "}}, user=OWNER)
    assert refused.body == {"response_action": "errors", "errors": {"amount": "Give the amount, like 500 or 1,200.50."}}
    assert row_counts(bot.database_url) == before

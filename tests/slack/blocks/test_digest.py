"""The owner's digest: Mark paid pressed in it changes only that payment's part."""

from __future__ import annotations

import copy
import json

from bot.domain.reports.digest import Line
from bot.emulator.blockkit import validate_message_blocks
from bot.slack import ids
from bot.slack.blocks.digest import build_digest, build_digest_paid, digest_payment_ids, is_digest
from bot.slack.blocks.payment_alerts import build_payment_alert
from tests.slack.blocks.factories import NOW, TODAY, engagement, payment


def digest_with_two_payments():  # type: ignore[no-untyped-def]
    project = engagement()
    first, second = payment(1, of=project), payment(2, minor=70000, of=project)
    first.id, second.id = 11, 12
    line = Line(engagement=project, health="on_track", checkins=2, overdue_tasks=0, payments_due=[])
    return build_digest(project.owner, [line], [first, second], TODAY, NOW), first, second


def paid(*found):  # type: ignore[no-untyped-def]
    for p in found:
        p.status, p.paid_at = "paid", NOW
    return {p.id: p for p in found}


def text(message: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(message["blocks"], ensure_ascii=False)


def test_the_digest_names_each_payments_blocks() -> None:
    digest, first, second = digest_with_two_payments()
    assert is_digest(digest) and not is_digest(build_payment_alert(first, TODAY))
    assert digest_payment_ids(digest) == {11, 12}
    assert validate_message_blocks(digest["blocks"]) == []


def test_mark_paid_replaces_that_alert_and_its_button_only() -> None:
    digest, first, _ = digest_with_two_payments()
    redrawn = build_digest_paid(digest, paid(first), first, f"{ids.DIGEST_MARK_PAID}:11", "U0OWNER")
    body = text(redrawn)
    assert "Payment 1 for *Website* (USD 500.00) was marked paid by <@U0OWNER>" in body
    assert "Mark payment 1 paid" not in body and "Mark payment 2 paid" in body and "USD 700.00" in body
    untouched = [b for b in digest["blocks"] if not str(b.get("block_id", "")).endswith(":11")]
    assert [b for b in redrawn["blocks"] if not str(b.get("block_id", "")).endswith(":11")] == untouched
    assert redrawn["text"] == digest["text"]
    assert validate_message_blocks(redrawn["blocks"]) == []


def test_a_press_answered_with_an_old_copy_keeps_earlier_payments_paid() -> None:
    digest, first, second = digest_with_two_payments()
    redrawn = build_digest_paid(digest, paid(first, second), second, f"{ids.DIGEST_MARK_PAID}:12", "U0OWNER")
    body = text(redrawn)
    assert body.count("was marked paid") == 2 and "Mark payment" not in body


def test_a_digest_sent_before_block_ids_gets_the_paid_line_where_its_button_was() -> None:
    digest, first, _ = digest_with_two_payments()
    old = copy.deepcopy(digest)
    for index, block in enumerate(old["blocks"]):
        block["block_id"] = f"slack{index}"  # Slack invents block ids the builder did not set
    pressed = next(b["block_id"] for b in old["blocks"] if "Mark payment 1 paid" in json.dumps(b))
    redrawn = build_digest_paid(old, paid(first), first, pressed, "U0OWNER")
    body = text(redrawn)
    assert "Your week" in body and "was marked paid" in body
    assert "Mark payment 1 paid" not in body and "Mark payment 2 paid" in body
    assert len(redrawn["blocks"]) == len(old["blocks"])


def test_two_hundred_engagements_fit_worst_first_and_say_how_many_more() -> None:
    """The list never exceeds Slack's limits and never hides that it was cut: blocked ones come first."""
    from bot.emulator.blockkit import validate_message_blocks as problems

    rows = []
    for number in range(200):
        project = engagement()
        project.title = f"Engagement {number:03d} with a long enough title to take some room in the digest"
        health = "blocked" if number % 50 == 49 else "on_track"
        rows.append(Line(engagement=project, health=health, checkins=2, overdue_tasks=0, payments_due=[]))
    digest = build_digest(rows[0].engagement.owner, rows, [], TODAY, NOW)
    body = text(digest)
    shown = [n for n in range(200) if f"Engagement {n:03d} " in body]
    blocked = [49, 99, 149, 199]
    assert problems(digest["blocks"]) == []
    assert set(blocked) <= set(shown) and body.index("Engagement 049") < body.index("Engagement 000")
    assert 0 < len(shown) < 200 and f"…and {200 - len(shown)} more engagements" in body
    assert sum(len(b.get("text", {}).get("text", "")) for b in digest["blocks"]) < 13_000
    assert all(len(b["text"]["text"]) <= 3000 for b in digest["blocks"] if b.get("type") == "section")


def test_a_payment_past_its_day_reads_overdue_in_the_engagement_line() -> None:
    """The line used to say "payment 1 due Fri 13 Nov" ten days after it: the owner read a date, not a debt."""
    from datetime import timedelta

    project = engagement()
    late, coming = payment(1, of=project), payment(2, of=project)
    late.due_on, coming.due_on = TODAY - timedelta(days=10), TODAY + timedelta(days=3)
    line = Line(engagement=project, health="on_track", checkins=2, overdue_tasks=0, payments_due=[late, coming])
    body = text(build_digest(project.owner, [line], [], TODAY, NOW))
    assert f"payment 1 overdue by 10 days (due {late.due_on:%a %d %b})" in body
    assert f"payment 2 due {coming.due_on:%a %d %b}" in body

"""Payments: owner only, numbered per engagement, found by channel or by contractor."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.money import payments
from bot.text.money import Money
from tests.domain.conftest import MARIA, NOW, OWNER, TEAM, TODAY, make_engagement, make_person

DUE = date(2026, 12, 5)


def add(session, engagement, minor=50000, by=OWNER, due=DUE, ref=""):  # type: ignore[no-untyped-def]
    return payments.add(session, engagement=engagement, by_user=by, amount=Money(minor, "USD"),
                        due_on=due, reference=ref, today=TODAY, now=NOW)


def find(session, channel="C0PROJECT", user=OWNER, contractor=None):  # type: ignore[no-untyped-def]
    return payments.engagement_for(session, team_id=TEAM, channel_id=channel, owner_user_id=user,
                                   contractor_user_id=contractor)


def test_payments_are_numbered_per_engagement(session, owner, engagement) -> None:
    other = make_engagement(session, owner=owner, contractor_user="U0DEV", channel_id="C0OTHER")
    first = add(session, engagement, ref=" INV-12 ")
    assert (first.number, first.amount_minor, first.currency, first.reference, first.status) == (
        1, 50000, "USD", "INV-12", "due")
    assert add(session, engagement).number == 2
    assert add(session, other).number == 1


def test_due_date_defaults_to_the_payment_terms(session, engagement) -> None:
    engagement.payment_terms_days = 30
    assert add(session, engagement, due=None).due_on == TODAY + timedelta(days=30)


def test_only_the_owner_records_payments(session, engagement) -> None:
    with pytest.raises(NotAllowed, match="owner"):
        add(session, engagement, by=MARIA)
    with pytest.raises(NotAllowed):
        find(session, user=MARIA)


def test_bad_amounts_and_references_are_refused(session, engagement) -> None:
    with pytest.raises(DomainError, match="more than zero"):
        add(session, engagement, minor=0)
    with pytest.raises(DomainError, match="reference"):
        add(session, engagement, ref="x" * 101)


def test_currency_defaults_to_the_budget_and_otherwise_is_asked_for(session, owner, engagement) -> None:
    assert payments.currency_for(engagement, None) == "USD"
    assert payments.currency_for(engagement, "EUR") == "EUR"
    bare = make_engagement(session, owner=owner, contractor_user="U0DEV", channel_id="C0OTHER", currency=None)
    with pytest.raises(DomainError, match="Which currency"):
        payments.currency_for(bare, None)


def test_engagement_found_by_channel_or_by_contractor(session, owner, engagement) -> None:
    assert find(session) is engagement
    assert find(session, channel="C0LOUNGE", contractor=MARIA) is engagement
    with pytest.raises(DomainError, match="not the contractor"):
        find(session, contractor="U0DEV")
    with pytest.raises(NotFound, match="no engagement in this channel"):
        find(session, channel="C0LOUNGE")
    with pytest.raises(NotFound, match="no engagement in progress with"):
        find(session, channel="C0LOUNGE", contractor="U0DEV")
    make_engagement(session, owner=owner, channel_id="C0SECOND")
    with pytest.raises(DomainError, match="2 engagements"):
        find(session, channel="C0LOUNGE", contractor=MARIA)


def test_mark_paid(session, engagement) -> None:
    add(session, engagement)
    paid = payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    assert (paid.status, paid.paid_at) == ("paid", NOW)
    with pytest.raises(DomainError, match="already"):
        payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    with pytest.raises(NotFound, match="no payment 9"):
        payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=9, now=NOW)
    with pytest.raises(NotAllowed):
        payments.mark_paid(session, engagement=engagement, by_user=MARIA, number=1, now=NOW)


def test_paid_among_only_paid_payments_of_the_owner(session, engagement) -> None:
    stranger = make_engagement(session, owner=make_person(session, "U0ELSE"), channel_id="C0ELSE")
    first, second, theirs = add(session, engagement), add(session, engagement), add(session, stranger, by="U0ELSE")
    for payment, by in ((first, OWNER), (theirs, "U0ELSE")):
        payments.settle(session, payment=payment, by_user=by, now=NOW)
    ids = [first.id, second.id, theirs.id]
    assert payments.paid_among(session, payment_ids=ids, owner_user_id=OWNER) == {first.id: first}
    assert payments.paid_among(session, payment_ids=[], owner_user_id=OWNER) == {}


def test_list_one_engagement_or_all_of_the_owners(session, owner, engagement) -> None:
    other = make_engagement(session, owner=owner, contractor_user="U0DEV", channel_id="C0OTHER")
    stranger = make_engagement(session, owner=make_person(session, "U0ELSE"), channel_id="C0ELSE")
    add(session, engagement, due=DUE + timedelta(days=9))
    add(session, engagement, due=DUE)
    add(session, other, due=DUE + timedelta(days=1))
    add(session, stranger, by="U0ELSE")
    payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=2, now=NOW)
    here = payments.list_for_owner(session, team_id=TEAM, owner_user_id=OWNER, engagement=engagement)
    assert [(p.engagement_id, p.number) for p in here] == [(engagement.id, 1), (engagement.id, 2)]
    everywhere = payments.list_for_owner(session, team_id=TEAM, owner_user_id=OWNER)
    assert [(p.engagement_id, p.number) for p in everywhere] == [
        (other.id, 1), (engagement.id, 1), (engagement.id, 2)]
    with pytest.raises(NotAllowed):
        payments.list_for_owner(session, team_id=TEAM, owner_user_id=MARIA, engagement=engagement)


def test_overdue(session, engagement) -> None:
    payment = add(session, engagement)
    assert not payments.is_overdue(payment, DUE)
    assert payments.is_overdue(payment, DUE + timedelta(days=1))
    assert payments.money_of(payment) == Money(50000, "USD")


def test_is_overdue_from_the_day_after_the_due_date_until_paid(session, engagement) -> None:
    payment = add(session, engagement)
    assert not payments.is_overdue(payment, DUE - timedelta(days=1))
    assert not payments.is_overdue(payment, DUE)  # paid on the due date is on time
    assert payments.is_overdue(payment, DUE + timedelta(days=1))
    payments.settle(session, payment=payment, by_user=OWNER, now=NOW)
    assert not payments.is_overdue(payment, DUE + timedelta(days=30))


def test_the_reference_limit_is_one_hundred_characters(session, engagement) -> None:
    assert add(session, engagement, ref="x" * 100).reference == "x" * 100
    assert add(session, engagement, ref=" " + "y" * 100 + " ").reference == "y" * 100  # trimmed first
    with pytest.raises(DomainError) as caught:
        add(session, engagement, ref="x" * 101)
    assert (caught.value.message, caught.value.example) == (
        "Keep the reference under 100 characters.", "/payment add 500 USD due {today+7} ref=INV-12")


def test_the_smallest_amount_is_one_minor_unit(session, engagement) -> None:
    assert add(session, engagement, minor=1).amount_minor == 1
    with pytest.raises(DomainError) as caught:
        add(session, engagement, minor=0)
    assert caught.value.message == "The amount must be more than zero."
    with pytest.raises(NotAllowed) as refused:
        add(session, engagement, by=MARIA)
    assert refused.value.message == f"Only the engagement's owner, <@{OWNER}>, can record payments."


def test_messages_when_the_engagement_is_not_found(session, owner, engagement) -> None:
    with pytest.raises(DomainError) as caught:
        find(session, contractor="U0DEV")
    assert caught.value.message == ("<@U0DEV> is not the contractor of this channel's engagement; leave the mention "
                                    "out, or run this in their engagement's channel.")
    with pytest.raises(NotFound) as caught:
        find(session, channel="C0LOUNGE")
    assert caught.value.message == ("There is no engagement in this channel. Run /payment in the engagement's "
                                    "channel, or mention the contractor.")
    assert caught.value.example == "/payment add 500 USD due {today+7} @maria"
    with pytest.raises(NotFound) as caught:
        find(session, channel="C0LOUNGE", contractor="U0DEV")
    assert caught.value.message == "You have no engagement in progress with <@U0DEV>."
    make_engagement(session, owner=owner, channel_id="C0SECOND")
    with pytest.raises(DomainError) as caught:
        find(session, channel="C0LOUNGE", contractor=MARIA)
    assert caught.value.message == (f"You have 2 engagements with <@{MARIA}>: run /payment in the engagement's "
                                    "channel.")
    bare = make_engagement(session, owner=owner, contractor_user="U0DEV", channel_id="C0OTHER", currency=None)
    with pytest.raises(DomainError) as caught:
        payments.currency_for(bare, None)
    assert caught.value.message == ("Which currency? This engagement has no budget currency, so add one after the "
                                    "amount.")
    assert payments.currency_for(bare, "COP") == "COP"


def test_mark_paid_messages(session, engagement) -> None:
    add(session, engagement)
    with pytest.raises(NotFound) as caught:
        payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=9, now=NOW)
    assert caught.value.message == "There is no payment 9 in this engagement. `/payment list` shows them."
    payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    with pytest.raises(DomainError) as caught:
        payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=1, now=NOW)
    when = NOW.astimezone(ZoneInfo(engagement.owner.tz)).strftime("%a %d %b")  # the owner's calendar day
    assert (caught.value.message, caught.value.example) == (
        f"Payment 1 is already paid (marked by <@{OWNER}> on {when}).", "/payment list")


def owned(session, number, contractor=None):  # type: ignore[no-untyped-def]
    return payments.find_owned(session, team_id=TEAM, owner_user_id=OWNER, number=number,
                               contractor_user_id=contractor)


def test_find_owned_across_engagements(session, owner, engagement) -> None:
    other = make_engagement(session, owner=owner, contractor_user="U0DEV", channel_id="C0OTHER")
    stranger = make_engagement(session, owner=make_person(session, "U0ELSE"), contractor_user="U0X",
                               channel_id="C0ELSE")
    mine, theirs = add(session, engagement), add(session, other)
    add(session, stranger, by="U0ELSE")
    add(session, engagement)  # number 2, only in the first engagement
    assert owned(session, 2).engagement is engagement
    assert owned(session, 1, contractor="U0DEV") is theirs
    with pytest.raises(DomainError) as caught:
        owned(session, 1)
    assert caught.value.message == (f"Several of your engagements have a payment 1 (<@{MARIA}> on “Website”, "
                                    "<@U0DEV> on “Website”): say whose.")
    assert caught.value.example == f"/payment paid 1 <@{MARIA}>"
    payments.settle(session, payment=theirs, by_user=OWNER, now=NOW)
    assert owned(session, 1) is mine  # the one still due
    payments.settle(session, payment=mine, by_user=OWNER, now=NOW)
    with pytest.raises(DomainError, match="say whose"):
        owned(session, 1)  # both paid: which one is meant is not clear
    assert owned(session, 2).status == "due"
    with pytest.raises(NotFound) as caught:
        owned(session, 7)
    assert (caught.value.message, caught.value.example) == (
        "You have no payment 7. `/payment list` shows them.", "/payment paid 2")
    with pytest.raises(NotFound) as caught:
        owned(session, 2, contractor="U0DEV")
    assert caught.value.message == "You have no payment 2 with <@U0DEV>. `/payment list` shows them."


def test_find_owned_returns_a_lone_paid_payment(session, engagement) -> None:
    paid = add(session, engagement)
    payments.settle(session, payment=paid, by_user=OWNER, now=NOW)
    assert owned(session, 1) is paid


def test_paid_payments_are_listed_last_most_recent_number_first(session, engagement) -> None:
    for due in (DUE, DUE + timedelta(days=1), DUE + timedelta(days=2), DUE + timedelta(days=3)):
        add(session, engagement, due=due)
    for number in (1, 2):
        payments.mark_paid(session, engagement=engagement, by_user=OWNER, number=number, now=NOW)
    found = payments.list_for_owner(session, team_id=TEAM, owner_user_id=OWNER, engagement=engagement)
    assert [(p.number, p.status) for p in found] == [(3, "due"), (4, "due"), (2, "paid"), (1, "paid")]


def test_a_recorded_payment_has_its_id_at_once(session, engagement) -> None:
    """The alert keys and the buttons carry the id, so `add` flushes before returning."""
    assert add(session, engagement).id is not None


def test_only_the_owner_settles_even_a_missing_payment_or_by_the_button(session, engagement) -> None:
    payment = add(session, engagement)
    with pytest.raises(NotAllowed) as caught:
        payments.mark_paid(session, engagement=engagement, by_user=MARIA, number=9, now=NOW)
    assert caught.value.message == f"Only the engagement's owner, <@{OWNER}>, can mark payments paid."
    with pytest.raises(NotAllowed):
        payments.settle(session, payment=payment, by_user=MARIA, now=NOW)
    assert payment.status == "due"


def test_several_engagements_sharing_a_number_name_the_first_five(session, owner, engagement) -> None:
    add(session, engagement)
    for n in range(2, 7):
        add(session, make_engagement(session, owner=owner, contractor_user=f"U0DEV{n}", channel_id=f"C0P{n}"))
    with pytest.raises(DomainError) as caught:
        owned(session, 1)
    names = [MARIA, "U0DEV2", "U0DEV3", "U0DEV4", "U0DEV5"]
    assert caught.value.message == (
        "Several of your engagements have a payment 1 ("
        + ", ".join(f"<@{name}> on “Website”" for name in names) + "): say whose.")

"""Payments: owner only, numbered per engagement, found by channel or by contractor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain import payments
from bot.domain.errors import DomainError, NotAllowed, NotFound
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

"""The registry's rules: who may change a contractor's profile, whose list holds them, whose terms are whose."""

from __future__ import annotations

from bot.db.models import ContractorTerms
from bot.domain.roster import contractor_terms, contractors, people
from bot.text.money import Money
from tests.domain.conftest import BOB, MARIA, NOW, OWNER, TEAM, TODAY, make_engagement, make_person

STRANGER = "U0STRANGER"


def may(session, contractor, user_id: str, admin: bool = False) -> bool:  # type: ignore[no-untyped-def]
    return contractors.may_edit_profile(session, contractor=contractor, user_id=user_id, is_admin=lambda: admin)


def test_the_person_an_owner_who_works_with_them_and_an_admin_may_change_the_profile(session, engagement) -> None:
    maria = engagement.contractor
    assert may(session, maria, MARIA) and may(session, maria, OWNER)
    assert not may(session, maria, STRANGER) and may(session, maria, STRANGER, admin=True)
    engagement.status = "ended"
    assert not may(session, maria, OWNER)  # works with her no more
    engagement.status = "paused"
    assert may(session, maria, OWNER)  # a paused engagement is still hers


def test_slack_is_asked_about_admins_only_when_nothing_else_allows_it(session, engagement) -> None:
    asked: list[bool] = []
    contractors.may_edit_profile(session, contractor=engagement.contractor, user_id=OWNER,
                                 is_admin=lambda: asked.append(True) or False)
    assert asked == []


def test_having_registered_them_grants_nothing(session) -> None:
    profile = people.Profile(user_id=MARIA, name="Maria", tz="America/Bogota")
    maria, created, new = contractors.register(session, team_id=TEAM, profile=profile, added_by=BOB, now=NOW)
    assert created and new and maria.added_by == BOB
    assert not may(session, maria, BOB)
    make_engagement(session, owner=make_person(session, OWNER))
    assert not may(session, maria, BOB) and may(session, maria, OWNER)


def test_update_profile_changes_only_what_is_given(session, engagement) -> None:
    maria = engagement.contractor
    contractors.update_profile(maria, now=NOW, pattern=contractors.WorkPattern(days=(1, 2, 3)))
    contractors.update_profile(maria, now=NOW, company="Acme")
    assert (maria.person.work_days, f"{maria.person.work_start:%H:%M}", maria.company) == ("123", "09:00", "Acme")
    assert not contractors.changes_profile(contractors.WorkPattern())
    assert contractors.changes_profile(contractors.WorkPattern(), company="Acme")


def test_each_owner_has_their_own_terms_and_their_own_list(session, engagement) -> None:
    maria = engagement.contractor
    mine = contractor_terms.ensure(session, contractor=maria, owner_user_id=OWNER, now=NOW)
    theirs = contractor_terms.ensure(session, contractor=maria, owner_user_id=BOB, now=NOW)
    contractor_terms.set_rate(mine, (Money(3500, "USD"), "h"), now=NOW)
    contractor_terms.set_rate(theirs, (Money(4000, "EUR"), "h"), now=NOW)
    contractor_terms.vet(theirs, item="nda", on=TODAY, now=NOW)
    assert contractor_terms.ensure(session, contractor=maria, owner_user_id=OWNER, now=NOW) is mine
    assert (mine.rate_minor, mine.rate_currency, mine.nda_signed_on) == (3500, "USD", None)
    assert contractor_terms.missing_vetting(mine) == ["references", "portfolio", "trial", "nda", "contract"]
    assert not contractor_terms.has_nda(session, contractor=maria, owner_user_id=OWNER)
    assert contractor_terms.owners_with_nda(session, [maria.id]) == {(maria.id, BOB)}
    assert session.query(ContractorTerms).count() == 2
    assert [c.id for c in contractors.for_owner(session, team_id=TEAM, user_id=OWNER)] == [maria.id]  # engagement
    assert [c.id for c in contractors.for_owner(session, team_id=TEAM, user_id=BOB)] == [maria.id]  # terms
    assert contractors.for_owner(session, team_id=TEAM, user_id=STRANGER) == []

"""Who may read and change what in the contractor registry, attacked over the real HTTP endpoint.

A contractor's public profile (zone, days, hours, country, company, time off) may be changed by the
person themselves, an owner who works with them, or a workspace admin. Rates and vetting are each
owner's private terms: recorded by anyone for themselves, shown only to them, used only for them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Person
from bot.db.session import make_engine
from tests.e2e.conftest import BYSTANDER, LOUNGE, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts

ADMIN = "U0ADMIN"
M = f"<@{MARIA}|maria>"
KICKOFF = f'{M} "Website" due {in_days(30)} objectives="Faster site" deliverables="Homepage"'


@pytest.fixture(autouse=True)
def admin(emulator) -> None:  # type: ignore[no-untyped-def]
    """A workspace admin, as users.info reports one (is_admin)."""
    emulator.add_user(ADMIN, name="ada", real_name="Ada Admin", tz="Europe/Paris", is_admin=True)


def run(slack, text: str, user: str, channel: str = PROJECT):  # type: ignore[no-untyped-def]
    return slack.slash("/contractor", text, user=user, channel=channel).wait()


def kickoff(slack, owner: str = OWNER, channel: str = PROJECT, extra: str = ""):  # type: ignore[no-untyped-def]
    return slack.slash("/kickoff", f"{KICKOFF} {extra}".strip(), user=owner, channel=channel).wait()


def maria_in_db(database_url: str) -> tuple[str, str, str, str]:
    """Maria's stored zone, working days and hours: what the scheduler will use."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(select(Person.tz, Person.work_days, Person.work_start, Person.work_end)
                                 .where(Person.user_id == MARIA)).one()
    engine.dispose()
    return row.tz, row.work_days, f"{row.work_start:%H:%M}", f"{row.work_end:%H:%M}"


# --- the attacks -------------------------------------------------------------------------------------


def test_a_bystander_never_sees_the_owners_rate(slack) -> None:
    run(slack, f"add {M} rate=35/h USD", OWNER)
    for text in (f"add {M}", f"show {M}", "list"):
        reply = run(slack, text, BYSTANDER, channel=LOUNGE)
        assert reply.ephemeral and "35.00" not in reply.text, text
    assert "USD 35.00/h" in run(slack, f"show {M}", OWNER).text  # the owner still sees it


def test_a_bystander_cannot_rewrite_the_profile_or_the_owners_rate(slack, bot) -> None:
    run(slack, f"add {M} tz=America/Bogota hours=09:00-17:00 rate=35/h USD", OWNER)
    kickoff(slack)
    before = maria_in_db(bot.database_url)
    assert before == ("America/Bogota", "12345", "09:00", "17:00")
    reply = run(slack, f"add {M} rate=1/h USD tz=Pacific/Kiritimati hours=03:00-04:00 days=sun", BYSTANDER,
                channel=LOUNGE)
    assert reply.ephemeral and "did not change" in reply.text and "workspace admin" in reply.text
    assert "USD 1.00/h" in reply.text and "America/Bogota" in reply.text  # their own rate, her real profile
    owners = run(slack, f"show {M}", OWNER).text
    assert "USD 35.00/h" in owners and "1.00" not in owners and "America/Bogota" in owners
    assert maria_in_db(bot.database_url) == before
    # asking only for a profile change is refused whole: nothing saved, not even an empty record
    counts = row_counts(bot.database_url)
    refused = run(slack, f'add {M} tz=Pacific/Kiritimati company="Evil Inc"', BYSTANDER, channel=LOUNGE)
    assert refused.ephemeral and ":warning:" in refused.text and "workspace admin" in refused.text
    assert row_counts(bot.database_url) == counts and maria_in_db(bot.database_url) == before
    assert "Evil" not in run(slack, f"show {M}", OWNER).text


def test_a_form_with_only_a_company_keeps_her_hours(slack, bot, emulator) -> None:
    run(slack, f"add {M} hours=08:00-16:00 days=mon-thu", OWNER)
    kickoff(slack)
    opened = run(slack, "", OWNER)
    done = slack.submit_view(opened.view["id"], values={"contractor": {"contractor": MARIA},
                                                          "company": {"company": "Acme Studio"}}, user=OWNER)
    assert done.status == 200 and not done.body
    assert emulator.wait_for(lambda: any("Acme Studio" in str(m.get("blocks"))
                                         for m in emulator.messages(emulator.dm_channel(OWNER))))
    assert maria_in_db(bot.database_url)[1:] == ("1234", "08:00", "16:00")
    shown = run(slack, f"show {M}", OWNER).text
    assert "Mon–Thu 08:00–16:00" in shown and "Acme Studio" in shown
    inputs = {b["block_id"]: b["element"] for b in opened.view["blocks"] if b["type"] == "input"}
    assert "initial_value" not in inputs["hours"] and "initial_value" not in inputs["days"]  # nothing to resubmit


def test_registering_her_first_does_not_reveal_a_later_owners_rate(slack) -> None:
    run(slack, f"add {M}", BYSTANDER, channel=LOUNGE)  # first: the bystander is the one who added her
    kickoff(slack)
    run(slack, f"add {M} rate=50/h EUR", OWNER)
    for text in (f"show {M}", "list", f"add {M}", f"vet {M} references"):
        assert "50.00" not in run(slack, text, BYSTANDER, channel=LOUNGE).text, text
    assert "EUR 50.00/h" in run(slack, f"show {M}", OWNER).text


def test_a_bystanders_vetting_is_their_own_and_does_not_silence_the_owners_warnings(slack, emulator) -> None:
    run(slack, f"add {M}", OWNER)
    for item in ("references", "portfolio", "trial", "nda", "contract"):
        assert f":white_check_mark: {item}" in run(slack, f"vet {M} {item}", BYSTANDER, channel=LOUNGE).text
    assert ":white_square: nda" in run(slack, f"show {M}", OWNER).text
    started = kickoff(slack, extra="confidential")
    assert "no NDA on file" in started.text and "vetting is not done" in started.text
    slack.open_home(OWNER)
    assert emulator.wait_for(lambda: emulator.home_views(OWNER) is not None)
    assert "no NDA on file" in str(emulator.home_views(OWNER)["blocks"])
    run(slack, f"vet {M} nda", OWNER)  # her own NDA is what quiets her warning
    slack.open_home(OWNER)
    assert emulator.wait_for(lambda: "no NDA on file" not in str(emulator.home_views(OWNER)["blocks"]))


def test_a_bystander_cannot_put_her_away(slack, bot) -> None:
    run(slack, f"add {M}", OWNER)
    kickoff(slack)
    before = row_counts(bot.database_url)
    refused = run(slack, f"away {M} {in_days(0)}..{in_days(365)}", BYSTANDER, channel=LOUNGE)
    assert refused.ephemeral and ":warning:" in refused.text
    assert f"<@{MARIA}>" in refused.text and "workspace admin" in refused.text and "time off" in refused.text
    assert row_counts(bot.database_url) == before
    assert "Time off" not in run(slack, f"show {M}", OWNER).text


def test_registering_someone_we_already_know_gives_no_right_to_change_them(slack, bot) -> None:
    kickoff(slack)  # Olivia is known now, as an owner in Europe/London
    o = f"<@{OWNER}|olivia>"
    refused = run(slack, f"add {o} tz=Pacific/Kiritimati", BYSTANDER, channel=LOUNGE)
    assert ":warning:" in refused.text
    run(slack, f"add {o} rate=1/h USD", BYSTANDER, channel=LOUNGE)  # now the bystander "added" her
    again = run(slack, f"add {o} tz=Pacific/Kiritimati hours=03:00-04:00", BYSTANDER, channel=LOUNGE)
    assert ":warning:" in again.text
    engine = make_engine(bot.database_url)
    with engine.connect() as connection:
        tz = connection.execute(select(Person.tz).where(Person.user_id == OWNER)).scalar_one()
    engine.dispose()
    assert tz == "Europe/London"


# --- what is allowed ---------------------------------------------------------------------------------


def test_she_changes_her_own_hours_and_time_off(slack, bot) -> None:
    run(slack, f"add {M} rate=35/h USD", OWNER)
    kickoff(slack)
    mine = run(slack, f"add {M} hours=10:00-18:00 country=CO", MARIA)
    assert "10:00–18:00" in mine.text and "did not change" not in mine.text and "35.00" not in mine.text
    assert maria_in_db(bot.database_url)[2:] == ("10:00", "18:00")
    away = run(slack, f"away {M} 2027-01-04..2027-01-08", MARIA)
    assert "Time off: 04 Jan–08 Jan 2027" in away.text
    assert "Time off: 04 Jan–08 Jan 2027" in run(slack, f"show {M}", OWNER).text


def test_an_owner_who_works_with_her_changes_her_profile_even_if_someone_else_added_her(slack, bot) -> None:
    run(slack, f"add {M} tz=America/Bogota", BYSTANDER, channel=LOUNGE)
    kickoff(slack)
    changed = run(slack, f"add {M} hours=07:00-15:00 days=mon-sat", OWNER)
    assert "did not change" not in changed.text and "Mon–Sat 07:00–15:00" in changed.text
    assert maria_in_db(bot.database_url) == ("America/Bogota", "123456", "07:00", "15:00")
    assert "Time off" in run(slack, f"away {M} 2027-01-04..2027-01-05", OWNER).text
    # whoever registered her first lost that right once someone else had work with her
    refused = run(slack, f"add {M} tz=Asia/Tokyo", BYSTANDER, channel=LOUNGE)
    assert ":warning:" in refused.text and maria_in_db(bot.database_url)[0] == "America/Bogota"


def test_a_workspace_admin_changes_her_profile(slack, bot) -> None:
    run(slack, f"add {M} rate=35/h USD", OWNER)
    kickoff(slack)
    where = slack.emu.dm_channel(ADMIN)  # she is in no channel of the seeded ones: her DM with the app
    changed = run(slack, f"add {M} tz=Europe/Madrid", ADMIN, channel=where)
    assert "did not change" not in changed.text and "35.00" not in changed.text
    assert maria_in_db(bot.database_url)[0] == "Europe/Madrid"
    assert "Time off" in run(slack, f"away {M} 2027-01-04..2027-01-05", ADMIN, channel=where).text


def test_two_owners_keep_separate_rates_and_vetting(slack) -> None:
    run(slack, f"add {M} rate=35/h USD", OWNER)
    kickoff(slack)
    kickoff(slack, owner=BYSTANDER, channel=LOUNGE)
    run(slack, f"add {M} rate=40/h EUR", BYSTANDER, channel=LOUNGE)
    run(slack, f"vet {M} nda", OWNER)
    olivia, bob = run(slack, f"show {M}", OWNER).text, run(slack, f"show {M}", BYSTANDER, channel=LOUNGE).text
    assert "USD 35.00/h" in olivia and "40.00" not in olivia and ":white_check_mark: nda" in olivia
    assert "EUR 40.00/h" in bob and "35.00" not in bob and ":white_square: nda" in bob
    listed = run(slack, "list", BYSTANDER, channel=LOUNGE).text
    assert "Contractors (1)" in listed and "EUR 40.00/h" in listed and "35.00" not in listed

"""/contractor end to end: signed slash commands to `tandem serve`, Slack played by the emulator."""

from __future__ import annotations

from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import row_counts
from tests.e2e.test_checkin import kickoff


def test_add_defaults_the_zone_from_the_slack_profile_and_keeps_the_rate_private(slack, emulator) -> None:
    reply = slack.slash("/contractor", f'add <@{MARIA}|maria> hours=08:00-16:00 rate=35/h USD company="Acme Studio"',
                        user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral
    assert "America/Bogota" in reply.text  # from users.info, not typed
    assert "08:00–16:00" in reply.text and "USD 35.00/h" in reply.text and "Acme Studio" in reply.text
    assert emulator.messages(PROJECT) == []  # nothing in the channel

    listed = slack.slash("/contractor", "list", user=OWNER, channel=PROJECT).wait()
    assert "Contractors (1)" in listed.text and "USD 35.00/h" in listed.text
    # someone else's list holds their own contractors only: not Maria, and not her rate
    other = slack.slash("/contractor", "list", user=BYSTANDER, channel=PROJECT).wait()
    assert f"<@{MARIA}>" not in other.text and "35.00" not in other.text and "No contractors" in other.text


def test_vet_and_time_off_update_the_card(slack) -> None:
    slack.slash("/contractor", f"add <@{MARIA}|maria> tz=Europe/Berlin country=DE", user=OWNER, channel=PROJECT).wait()
    vetted = slack.slash("/contractor", f"vet <@{MARIA}|maria> nda", user=OWNER, channel=PROJECT).wait()
    assert ":white_check_mark: nda" in vetted.text and ":white_square: contract" in vetted.text
    kickoff(slack)  # time off is part of her profile: an owner may change it once they work with her
    away = slack.slash("/contractor", f"away <@{MARIA}|maria> 2026-12-24..2027-01-02",
                       user=OWNER, channel=PROJECT).wait()
    assert "Time off: 24 Dec–02 Jan 2027" in away.text


def test_bad_input_gets_an_example_and_changes_nothing(slack, bot) -> None:
    before = row_counts(bot.database_url)
    for text in (f"add <@{MARIA}|maria> tz=Mars/Base", "add maria", f"add <@{MARIA}|maria> hours=17-09",
                 f"vet <@{MARIA}|maria> horoscope", "frobnicate", f"add <@{MARIA}|maria> colour=red"):
        reply = slack.slash("/contractor", text, user=OWNER, channel=PROJECT).wait()
        assert reply.ephemeral and ":warning:" in reply.text, text
        assert "For example" in reply.text or "Try one of" in reply.text or "Choose one of" in reply.text, text
    assert row_counts(bot.database_url) == before


def test_help_and_the_form(slack, emulator) -> None:
    helped = slack.slash("/contractor", "help", user=OWNER, channel=PROJECT).wait()
    assert "/contractor add" in helped.text and "/contractor away" in helped.text
    opened = slack.slash("/contractor", "", user=OWNER, channel=PROJECT).wait()
    assert opened.view is not None
    bad = slack.submit_view(opened.view["id"], values={"contractor": {"contractor": MARIA},
                                                         "timezone": {"timezone": "Nowhere/Land"}}, user=OWNER)
    assert bad.body["response_action"] == "errors" and "timezone" in bad.body["errors"]
    asked = lambda: sum(call.args.get("user") == MARIA for call in emulator.calls_to("users.info"))  # noqa: E731
    before = asked()
    good = slack.submit_view(opened.view["id"], values={"contractor": {"contractor": MARIA},
                                                          "rate": {"rate": "40/h EUR"}}, user=OWNER)
    assert good.status == 200 and not good.body
    assert emulator.wait_for(lambda: any("EUR 40.00/h" in str(m.get("blocks"))
                                         for m in emulator.messages(emulator.dm_channel(OWNER))))
    assert asked() == before + 1  # checked before the ack, and that profile is the one saved


def test_the_form_refuses_an_app_or_a_deactivated_account_on_the_form(slack, bot, emulator) -> None:
    emulator.add_user("U0GONE2", name="gone2", real_name="Gone Too", deleted=True)
    before = row_counts(bot.database_url)
    for who, why in ((emulator.bot_user_id, "is an app"), ("U0GONE2", "deactivated")):
        opened = slack.slash("/contractor", "", user=OWNER, channel=PROJECT).wait()
        refused = slack.submit_view(opened.view["id"], values={"contractor": {"contractor": who}}, user=OWNER)
        shown = refused.body["errors"]["contractor"]
        assert refused.body["response_action"] == "errors" and why in shown and shown.startswith("This account")
    assert row_counts(bot.database_url) == before
    assert emulator.messages(emulator.dm_channel(OWNER)) == []

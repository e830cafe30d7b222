"""/kickoff end to end: the brief in the channel without money, the owner's private note, the form."""

from __future__ import annotations

from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts

FULL = (f'<@{MARIA}|maria> "Website redesign" due {in_days(30)} budget=2000 USD checkins=mon,thu@10:00 sla=24h '
        'objectives="A faster site" deliverables="Homepage and 3 pages"')


def test_full_kickoff_posts_the_brief_and_tells_only_the_owner_the_budget(slack, emulator) -> None:
    reply = slack.slash("/kickoff", FULL, user=OWNER, channel=PROJECT).wait()
    assert reply.ephemeral and "USD 2,000.00" in reply.text
    [brief] = emulator.messages(PROJECT)
    text = str(brief["blocks"])
    assert "Kickoff: Website redesign" in text and "A faster site" in text and "Homepage and 3 pages" in text
    assert "Bogota" in text and "London" in text  # both local times
    assert "Working-hours overlap" in text and "Kickoff meeting agenda" in text
    assert "2,000" not in text and "2000" not in text and "USD" not in text  # money never in the channel


def test_confidential_without_nda_warns_the_owner(slack) -> None:
    reply = slack.slash("/kickoff", FULL + " confidential", user=OWNER, channel=PROJECT).wait()
    assert "no NDA on file" in reply.text


def test_partial_kickoff_opens_the_form_prefilled_and_submitting_it_starts(slack, emulator) -> None:
    reply = slack.slash("/kickoff", f'<@{MARIA}|maria> "Logo" due {in_days(10)} budget=300 EUR', user=OWNER,
                        channel=PROJECT).wait()
    view = reply.view
    assert view is not None
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["title"]["element"]["initial_value"] == "Logo"
    assert blocks["budget"]["element"]["initial_value"] == "300 EUR"
    missing = slack.submit_view(view["id"], values={}, user=OWNER)
    assert missing.body["response_action"] == "errors"
    assert {"objectives", "deliverables"} <= set(missing.body["errors"])
    done = slack.submit_view(view["id"], values={"objectives": {"objectives": "A logo people remember"},
                                                 "deliverables": {"deliverables": "SVG + PNG"}}, user=OWNER)
    assert done.status == 200 and not done.body
    assert emulator.wait_for(lambda: len(emulator.messages(PROJECT)) == 1)
    assert emulator.wait_for(lambda: any("EUR 300.00" in str(e["blocks"]) for e in emulator.ephemerals(PROJECT, OWNER)))


def test_bad_kickoffs_change_nothing(slack, bot, emulator) -> None:
    before = row_counts(bot.database_url)
    for text in (f'<@{MARIA}|maria> "Site"', f'<@{MARIA}|maria> "Site" due 2020-01-01', 'maria "Site" due friday',
                 f'<@{MARIA}|maria> "Site" due friday budget=12 ZZZ',
                 f'<@{MARIA}|maria> "Site" due friday checkins=someday'):
        reply = slack.slash("/kickoff", text, user=OWNER, channel=PROJECT).wait()
        assert ":warning:" in reply.text and "For example" in reply.text, text
    assert row_counts(bot.database_url) == before
    assert emulator.messages(PROJECT) == []


def test_only_people_can_be_contractors_observers_or_assignees(slack, bot, emulator) -> None:
    """Tandem itself, Slackbot and deactivated accounts are refused before anything is stored."""
    emulator.add_user("U0GONE", name="gone", real_name="Gone Person", deleted=True)
    before = row_counts(bot.database_url)
    brief = f'"Site" due {in_days(20)} objectives="Faster" deliverables="Homepage"'
    for who, why in ((emulator.bot_user_id, "is an app"), ("USLACKBOT", "is an app"), ("U0GONE", "deactivated")):
        for command, text in (("/kickoff", f"<@{who}> {brief}"), ("/contractor", f"add <@{who}> tz=Europe/Paris"),
                              ("/kickoff", f"<@{MARIA}> {brief} observers=<@{who}>")):
            reply = slack.slash(command, text, user=OWNER, channel=PROJECT).wait()
            assert reply.ephemeral and why in reply.text and "For example" in reply.text, (command, text, reply.text)
    assert row_counts(bot.database_url) == before and emulator.messages(PROJECT) == []
    slack.slash("/kickoff", f"<@{MARIA}> {brief}", user=OWNER, channel=PROJECT).wait()
    for command, text in (("/task", f'add "Logo" due {in_days(3)} <@{emulator.bot_user_id}>'),
                          ("/engagement", "observe <@U0GONE>")):
        reply = slack.slash(command, text, user=OWNER, channel=PROJECT).wait()
        assert reply.ephemeral and ("is an app" in reply.text or "deactivated" in reply.text), reply.text
    assert len(emulator.messages(PROJECT)) == 1  # the brief, nothing since


def test_the_form_refuses_an_app_as_contractor_on_the_form(slack, bot, emulator) -> None:
    opened = slack.slash("/kickoff", f'<@{emulator.bot_user_id}> "Logo" due {in_days(10)}', user=OWNER,
                         channel=PROJECT).wait()
    before = row_counts(bot.database_url)
    refused = slack.submit_view(opened.view["id"], values={"objectives": {"objectives": "A logo"},
                                                           "deliverables": {"deliverables": "SVG"}}, user=OWNER)
    said = "This account is an app, not a person: choose the person you work with."
    assert refused.body["errors"] == {"contractor": said}
    assert row_counts(bot.database_url) == before and emulator.messages(PROJECT) == []


def test_a_second_kickoff_in_the_same_channel_is_refused(slack, emulator) -> None:
    slack.slash("/kickoff", FULL, user=OWNER, channel=PROJECT).wait()
    again = slack.slash("/kickoff", FULL, user=BYSTANDER, channel=PROJECT).wait()
    assert "already has an engagement" in again.text
    assert len(emulator.messages(PROJECT)) == 1


def test_help(slack) -> None:
    assert "objectives" in slack.slash("/kickoff", "help", user=OWNER, channel=PROJECT).wait().text

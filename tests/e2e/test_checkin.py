"""/checkin end to end: text and form check-ins from the contractor, the board for the owner."""

from __future__ import annotations

from tests.e2e.conftest import BYSTANDER, MARIA, OWNER, PROJECT
from tests.e2e.helpers import in_days, row_counts

KICKOFF = (f'<@{MARIA}|maria> "Website" due {in_days(30)} budget=2000 USD '
           'objectives="Faster site" deliverables="Homepage"')


def kickoff(slack) -> None:
    slack.slash("/kickoff", KICKOFF, user=OWNER, channel=PROJECT).wait()


def test_text_checkin_is_saved_and_shown_in_the_channel(slack, emulator) -> None:
    kickoff(slack)
    reply = slack.slash("/checkin", "on-track 60% Finished mockups | next: copy | blocked: waiting for brand assets",
                        user=MARIA, channel=PROJECT).wait()
    assert "check-in is saved" in reply.text
    summary = emulator.messages(PROJECT)[-1]
    text = str(summary["blocks"])
    assert "On track" in text and "60%" in text and "waiting for brand assets" in text
    board = slack.slash("/checkin", "status", user=OWNER, channel=PROJECT).wait()
    assert "Status board (1)" in board.text and "last check-in today" in board.text


def test_same_day_form_is_prefilled_and_edits_the_checkin(slack, bot) -> None:
    kickoff(slack)
    slack.slash("/checkin", "at-risk 30% mockups", user=MARIA, channel=PROJECT).wait()
    opened = slack.slash("/checkin", "", user=MARIA, channel=PROJECT).wait()
    blocks = {b.get("block_id"): b for b in opened.view["blocks"]}
    assert blocks["status"]["element"]["initial_option"]["value"] == "at_risk"
    assert blocks["progress"]["element"]["initial_value"] == "30"
    result = slack.submit_view(opened.view["id"], values={"status": {"status": "on_track"},
                                                          "progress": {"progress": "45"},
                                                          "done": {"done": "mockups v2"}}, user=MARIA)
    assert not result.body
    assert row_counts(bot.database_url)["checkins"] == 1


def test_owner_plain_checkin_shows_the_board_and_others_are_refused(slack, bot) -> None:
    kickoff(slack)
    assert "Status board" in slack.slash("/checkin", "", user=OWNER, channel=PROJECT).wait().text
    before = row_counts(bot.database_url)
    refused = slack.slash("/checkin", "on-track all good", user=BYSTANDER, channel=PROJECT).wait()
    assert "Only an engagement's contractor" in refused.text
    bad = slack.slash("/checkin", "sideways 20% hmm", user=MARIA, channel=PROJECT).wait()
    assert ":warning:" in bad.text and "For example" in bad.text
    bad_percent = slack.slash("/checkin", "on-track 140% too much", user=MARIA, channel=PROJECT).wait()
    assert ":warning:" in bad_percent.text
    assert row_counts(bot.database_url) == before
    assert "/checkin status" in slack.slash("/checkin", "help", user=MARIA, channel=PROJECT).wait().text

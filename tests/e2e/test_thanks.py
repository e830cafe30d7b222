"""/thanks end to end: posted in the channel, recorded, and never a channel-wide ping."""

from __future__ import annotations

from tests.e2e.conftest import MARIA, OWNER, PROJECT
from tests.e2e.helpers import row_counts
from tests.e2e.test_checkin import kickoff


def test_thanks_is_posted_and_recorded(slack, emulator, bot) -> None:
    kickoff(slack)
    reply = slack.slash("/thanks", f"<@{MARIA}|maria> for shipping the homepage", user=OWNER, channel=PROJECT).wait()
    assert "posted in the channel" in reply.text
    post = emulator.messages(PROJECT)[-1]
    assert f"<@{MARIA}>" in post["text"] and "shipping the homepage" in post["text"]
    assert row_counts(bot.database_url)["thanks"] == 1


def test_broadcast_mentions_are_neutralised(slack, emulator) -> None:
    slack.slash("/thanks", f"<@{MARIA}|maria> for <!channel> <!here> <!everyone> @here help", user=OWNER,
                channel=PROJECT).wait()
    post = emulator.messages(PROJECT)[-1]
    everything = str(post)
    assert "<!channel>" not in everything and "<!here>" not in everything and "<!everyone>" not in everything
    assert "@here" not in post["text"]


def test_bad_thanks_change_nothing(slack, bot, emulator) -> None:
    before = row_counts(bot.database_url)
    for text in ("maria for nothing", f"<@{OWNER}|olivia> for being me", f"<@{MARIA}|maria>",
                 f"<@{emulator.bot_user_id}|tandem> for the reminders"):
        reply = slack.slash("/thanks", text, user=OWNER, channel=PROJECT).wait()
        assert ":warning:" in reply.text and "For example" in reply.text, text
    assert row_counts(bot.database_url) == before
    assert emulator.messages(PROJECT) == []
    assert "/thanks @" in slack.slash("/thanks", "help", user=OWNER, channel=PROJECT).wait().text


def test_the_form_refuses_self_thanks_inline_then_posts(slack, emulator, bot) -> None:
    opened = slack.slash("/thanks", "", user=OWNER, channel=PROJECT).wait()
    assert opened.view is not None
    itself = slack.submit_view(opened.view["id"], values={"recipient": {"recipient": OWNER},
                                                          "reason": {"reason": "being great"}}, user=OWNER)
    assert "recipient" in itself.body["errors"]
    app = slack.submit_view(opened.view["id"], values={"recipient": {"recipient": emulator.bot_user_id},
                                                       "reason": {"reason": "the reminders"}}, user=OWNER)
    assert "the app" in app.body["errors"]["recipient"]
    sent = slack.submit_view(opened.view["id"], values={"recipient": {"recipient": MARIA},
                                                        "reason": {"reason": "for the <!here> launch"}}, user=OWNER)
    assert not sent.body
    assert emulator.wait_for(lambda: len(emulator.messages(PROJECT)) == 1)
    assert "<!here>" not in str(emulator.messages(PROJECT)[0])
    # Posted inside the transaction that records it (a refused post records nothing): it commits just after.
    assert emulator.wait_for(lambda: row_counts(bot.database_url)["thanks"] == 1)

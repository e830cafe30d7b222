"""Property-based fuzzing of every slash command's text through the real app.

Whatever is typed, the person gets either the command's result or an ephemeral error in time,
never a 500, never a message that pings a whole channel; a refusal changes nothing stored.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.emulator.reply import Reply
from tests.e2e.helpers import row_counts
from tests.faults.conftest import Bot
from tests.jobs.conftest import MARIA, OWNER, PROJECT

COMMANDS = ["/kickoff", "/contractor", "/task", "/checkin", "/payment", "/thanks", "/scorecard", "/engagement",
            "/availability"]
# Mentions that ping everyone in a channel; the bot must never send one.
PINGS = re.compile(r"<!(channel|here|everyone)\b")
SHAPES = [
    "<!channel>", "<!here>", "<!everyone>", "<!channel|@channel>", "@channel", "@here",
    "' OR 1=1 --", "'; DROP TABLE engagements; --", '" OR ""="', "%", "_", "\\", "\x00",
    "*bold* _it_ ~s~ `code` ```block```", "<https://evil.example|click>", "&lt;!here&gt;", "&amp;",
    "<@U0MARIA>", "<@U0MARIA|maria>", "<#C0PROJECT|proj-site>", "<!subteam^S123|team>",
    "\u201csmart quotes\u201d", "'", '"', "é", "日本語", "👩‍💻🚀", "\u202e", "\u200b", "\n", "\t",
    "add", "list", "status", "help", "done 1", "block 1", "due tomorrow", "2027-02-30", "99999999999",
    "-1", "1e309", "USD", "budget=2000 USD", "checkins=mon,thu@10:00",
]
texts = st.one_of(
    st.lists(st.sampled_from(SHAPES) | st.text(max_size=12), max_size=8).map(" ".join),
    st.text(max_size=60),
    st.builds(lambda s, n: (s * n)[:10_000], st.sampled_from(SHAPES[:6] + ["x", "👍", "'"]), st.integers(1, 10_000)),
)


def sent_messages(bot: Bot, reply: Reply, calls_before: int) -> list[str]:
    """Every message the bot produced for this request: the ack body, response_url posts, chat.* calls."""
    found = [json.dumps(reply.body)] + [json.dumps(r["body"]) for r in reply.responses]
    found += [json.dumps(c.args) for c in bot.slack.emu.calls[calls_before:] if c.method.startswith("chat.")]
    return found


def is_error(reply: Reply) -> bool:
    return reply.text.startswith((":warning:", ":x:"))


def check(bot: Bot, command: str, user: str, text: str, escape: bool) -> None:
    url = str(bot.runtime.engine.url)
    before, calls_before = row_counts(url), len(bot.slack.emu.calls)
    reply = bot.slack.slash(command, text, user=user, channel=PROJECT, escape=escape)
    assert reply.status == 200, (command, text, reply.body)
    assert not reply.timed_out, (command, text, reply.elapsed)
    if reply.body is None or reply.body == "":
        reply.wait(timeout=5)  # acked empty: the answer comes by response_url, a modal or a message
    pings = [m for m in sent_messages(bot, reply, calls_before) if PINGS.search(m)]
    assert not pings, (command, text, pings)
    if is_error(reply):
        assert reply.ephemeral, (command, text)
        assert row_counts(url) == before, (command, text, reply.text)


def fuzz(fuzz_bot: Bot, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(command=st.sampled_from(COMMANDS), user=st.sampled_from([OWNER, MARIA]), text=texts,
           escape=st.booleans())
    def run(command: str, user: str, text: str, escape: bool) -> None:
        check(fuzz_bot, command, user, text, escape)

    run()


def test_every_command_survives_hostile_text(bot: Bot) -> None:
    fuzz(bot, examples=120)


@pytest.mark.slow
def test_every_command_survives_hostile_text_at_length(bot: Bot) -> None:
    fuzz(bot, examples=2000)


@pytest.mark.parametrize("command", COMMANDS)
def test_ten_thousand_characters_and_mass_mentions(bot: Bot, command: str) -> None:
    for text in ["<!channel> " * 1000, "x" * 10_000, "👩‍💻" * 2500, "add <!here> \"" + "'" * 9990]:
        check(bot, command, OWNER, text[:10_000], escape=False)

"""Escaping user text for Slack mrkdwn and truncating it safely."""

from __future__ import annotations

import re
from time import perf_counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.mrkdwn import _escape_all, escape, truncate
from tests.text.strategies import AWKWARD, PATHOLOGICAL, awkward_text

ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        ("", ""),
        ("a & b", "a &amp; b"),
        ("1 < 2 > 0", "1 &lt; 2 &gt; 0"),
        ("<!channel>", "&lt;!channel&gt;"),
        ("<!here>", "&lt;!here&gt;"),
        ("<!here|here>", "&lt;!here|here&gt;"),
        ("<!everyone>", "&lt;!everyone&gt;"),
        ("<!subteam^S123|@team>", "&lt;!subteam^S123|@team&gt;"),
        ("<!date^1392734382^{date}|Feb 18>", "&lt;!date^1392734382^{date}|Feb 18&gt;"),
        ("<https://evil.example|bank.com>", "&lt;https://evil.example|bank.com&gt;"),
        ("hi <@U123>", "hi <@U123>"),
        ("hi <@U123|maria>", "hi <@U123|maria>"),
        ("<@U123|@here>", f"<@U123|@{ZWSP}here>"),
        ("hi <@W123ABC|maria.s>", "hi <@W123ABC|maria.s>"),
        ("in <#C123|general>", "in <#C123|general>"),
        ("in <#C123>", "in <#C123>"),
        ("<@U123|<!channel>>", "&lt;@U123|&lt;!channel&gt;&gt;"),
        ("<<@U123>>", "&lt;<@U123>&gt;"),
        ("<@u123>", "&lt;@u123&gt;"),
        ("@channel look", f"@{ZWSP}channel look"),
        ("hey @here!", f"hey @{ZWSP}here!"),
        ("@EVERYONE", f"@{ZWSP}EVERYONE"),
        ("@channels", f"@{ZWSP}channels"),
        ("@hereford", f"@{ZWSP}hereford"),
        ("mail@here", f"mail@{ZWSP}here"),
        ("&amp; &lt; &gt;", "&amp; &lt; &gt;"),
        ("&lt;!channel&gt;", "&lt;!channel&gt;"),
        ("&amp;lt;", "&amp;lt;"),
        ("&quot; &#60;", "&amp;quot; &amp;#60;"),
        ("*bold* _it_ 😀", "*bold* _it_ 😀"),
    ],
)
def test_escape(text, expected):
    assert escape(text) == expected


def test_escape_is_idempotent_on_examples():
    text = "<!channel> & <@U1> @here &lt;"
    assert escape(escape(text)) == escape(text)




@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("hello world", 8, "hello w…"),
        ("hello world", 7, "hello …"),
        ("abc &amp; def", 7, "abc …"),
        ("abc &amp; def", 9, "abc …"),
        ("a &amp; b", 4, "a …"),
        ("abc &amp; def", 10, "abc &amp;…"),
        ("hi <@U12345|bob> there", 10, "hi …"),
        ("hi <@U12345|bob> there", 17, "hi <@U12345|bob>…"),
        ("hi <@U1|a &amp; b> there", 12, "hi …"),
        ("x" * 300 + "<@U1|" + "y" * 300 + ">", 400, "x" * 300 + "…"),
        ("abcdef", 1, "…"),
        ("abcdef", 0, ""),
        ("abcdef", -5, ""),
    ],
)
def test_truncate(text, limit, expected):
    assert truncate(text, limit) == expected


slack_text = st.one_of(
    awkward_text,
    st.lists(
        st.sampled_from(
            [
                *AWKWARD,
                "<@U123>",
                "<@U123|maria>",
                "<#C1|general>",
                "<!here>",
                "<!subteam^S1>",
                "&amp;",
                "@channel",
                "@here",
                "@everyone",
                "<",
                "!",
                "channel",
                "&",
                "lt;",
                "gt;",
                "@",
                "here",
            ]
        ),
        max_size=30,
    ).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(slack_text)
def test_escape_never_lets_a_broadcast_through(text):
    escaped = escape(text)
    assert "<!" not in escaped
    assert not re.search(r"@(channel|here|everyone)", escaped, re.IGNORECASE)
    # Every < left opens an allowed mention.
    for match in re.finditer("<", escaped):
        assert re.match(r"<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+)(\|[^<>|]*)?>", escaped[match.start() :])
    assert escape(escaped) == escaped


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_escape_keeps_user_mentions_intact(before, after):
    text = f"{before} <@U123> {after}"
    assert "<@U123>" in escape(text)


@settings(max_examples=200, deadline=None)
@given(slack_text, st.integers(-3, 80))
def test_truncate_is_short_and_never_cuts_an_entity_or_mention(text, limit):
    escaped = escape(text)
    result = truncate(escaped, limit)
    assert len(result) <= max(limit, 0)
    if len(escaped) <= limit:
        assert result == escaped
        return
    if limit > 0:
        assert result.endswith("…")
    body = result.removesuffix("…")
    assert escaped.startswith(body)
    assert not re.search(r"&[a-z]*$", body)
    assert body.count("<") == body.count(">")


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_long_hostile_input_is_escaped_quickly(text):
    started = perf_counter()
    escaped = escape(text)
    assert "<!" not in escaped
    assert len(truncate(escaped, 3000)) <= 3000
    assert perf_counter() - started < 3  # minutes if a regex backtracks; generous for busy CI


@settings(max_examples=300, deadline=None)
@given(st.one_of(slack_text, awkward_text, st.text(max_size=60)))
def test_escape_shortcut_answers_as_the_full_escape(text):
    """Text without & < > @ is returned as it came; whatever the input, the answer is the full escape's."""
    assert escape(text) == _escape_all(text)

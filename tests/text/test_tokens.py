"""tokenize, split_args and Slack mention parsing."""

from __future__ import annotations

from time import perf_counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.errors import ParseError
from bot.text.tokens import Args, parse_mention, split_args, tokenize
from tests.text.strategies import PATHOLOGICAL, awkward_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   ", []),
        ("add @maria", ["add", "@maria"]),
        ("  a \t b\nc  ", ["a", "b", "c"]),
        ("a\u00a0b", ["a", "b"]),
        ('"Website redesign" due friday', ["Website redesign", "due", "friday"]),
        ("'Website redesign' due", ["Website redesign", "due"]),
        ("“Website redesign” due", ["Website redesign", "due"]),
        ("‘Website redesign’ due", ["Website redesign", "due"]),
        ("”Half smart” x", ["Half smart", "x"]),
        ('“Mixed"', ["Mixed"]),
        ('company="Acme Studio"', ["company=Acme Studio"]),
        ("company=“Acme Studio” tz=UTC", ["company=Acme Studio", "tz=UTC"]),
        ("company='Acme Studio'", ["company=Acme Studio"]),
        ('company=""', ["company="]),
        ('""', [""]),
        ('"a""b"', ["ab"]),
        ('"a"b', ["ab"]),
        ("it's fine", ["it's", "fine"]),
        ("O’Brien", ["O’Brien"]),
        ("'don't stop' now", ["don't stop", "now"]),
        ("\"rock 'n' roll\"", ["rock 'n' roll"]),
        ("'rock 'n' roll'", ["rock 'n", "roll'"]),  # inside '…' a quote before a space closes it
        ('27" screen', ['27"', "screen"]),
        ('"it\'s" ok', ["it's", "ok"]),
        ("'say \"hi\"'", ['say "hi"']),
        ("<@U123ABC|maria> hi", ["<@U123ABC|maria>", "hi"]),
        (
            "<https://example.com|a label with spaces> x",
            ["<https://example.com|a label with spaces>", "x"],
        ),
        ("a<b c>", ["a<b", "c>"]),
        ("< not closed", ["<", "not", "closed"]),
        ("😀 👩‍💻", ["😀", "👩‍💻"]),
    ],
)
def test_tokenize(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    "text",
    ['"unterminated', "title=“Acme", "'open", "‘open", 'a "b c', "'it's"],
)
def test_tokenize_rejects_unterminated_quotes(text):
    with pytest.raises(ParseError) as caught:
        tokenize(text)
    assert "never closed" in caught.value.message
    assert caught.value.example


def test_tokenize_error_quotes_only_a_short_fragment():
    with pytest.raises(ParseError) as caught:
        tokenize('"' + "x" * 5000)
    assert len(caught.value.message) < 120


KEYS = {"budget", "tz", "company"}
FLAGS = {"trial", "confidential"}


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([], Args([], {}, set())),
        (["<@U1>", "Title", "due", "friday"], Args(["<@U1>", "Title", "due", "friday"], {}, set())),
        (["budget=2000 USD", "tz=UTC"], Args([], {"budget": "2000 USD", "tz": "UTC"}, set())),
        (["BUDGET=5", "Tz=x"], Args([], {"budget": "5", "tz": "x"}, set())),
        (["trial", "x", "CONFIDENTIAL"], Args(["x"], {}, {"trial", "confidential"})),
        (["trial", "trial"], Args([], {}, {"trial"})),
        (["company=a=b"], Args([], {"company": "a=b"}, set())),
        (["Fix x=y bug"], Args(["Fix x=y bug"], {}, set())),
        (["https://x.com/?a=b"], Args(["https://x.com/?a=b"], {}, set())),
        (["=5"], Args(["=5"], {}, set())),
        (["2+2=4"], Args(["2+2=4"], {}, set())),
    ],
)
def test_split_args(tokens, expected):
    assert split_args(tokens, keys=KEYS, flags=FLAGS) == expected


def test_split_args_uses_the_declared_spelling_of_keys_and_flags():
    args = split_args(["dueDate=x", "DRYRUN"], keys={"dueDate"}, flags={"dryRun"})
    assert args.options == {"dueDate": "x"}
    assert args.flags == {"dryRun"}


def test_split_args_unknown_key_names_it_and_lists_known_ones():
    with pytest.raises(ParseError) as caught:
        split_args(["colour=red"], keys=KEYS, flags=FLAGS)
    message = caught.value.message
    assert "colour" in message
    assert "budget=, company=, tz=" in message


def test_split_args_unknown_key_without_known_keys():
    with pytest.raises(ParseError, match="no key=value options"):
        split_args(["a=b"], keys=set())


@pytest.mark.parametrize(
    ("tokens", "fragment"),
    [
        (["tz=UTC", "tz=Asia/Manila"], "twice"),
        (["tz=UTC", "TZ=UTC"], "twice"),
        (["company="], "needs a value"),
        (["company=   "], "needs a value"),
    ],
)
def test_split_args_rejects(tokens, fragment):
    with pytest.raises(ParseError, match=fragment):
        split_args(tokens, keys=KEYS, flags=FLAGS)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("<@U123ABC>", "U123ABC"),
        ("<@U123ABC|maria>", "U123ABC"),
        ("<@W0ENTERPRISE|maria.s>", "W0ENTERPRISE"),
        (" <@U123ABC> ", "U123ABC"),
        ("<@U123ABC|>", "U123ABC"),
        ("@maria", None),
        ("U123ABC", None),
        ("<@u123abc>", None),
        ("<@B123>", None),
        ("<#C123|general>", None),
        ("<@U123ABC", None),
        ("<@U123ABC>x", None),
        ("<!channel>", None),
        ("", None),
    ],
)
def test_parse_mention(token, expected):
    assert parse_mention(token) == expected




@settings(max_examples=200, deadline=None)
@given(awkward_text)
def test_tokenize_raises_only_parse_error(text):
    try:
        tokens = tokenize(text)
    except ParseError:
        return
    assert all(isinstance(token, str) for token in tokens)
    if not any(q in text for q in "\"'“”‘’„<"):
        assert tokens == text.split()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Zs", "Cc")), min_size=1, max_size=12),
        max_size=8,
    )
)
def test_tokenize_splits_plain_words_back(words):
    plain = [
        w for w in words if not any(c in w for c in "\"'“”‘’„<") and not any(c.isspace() for c in w)
    ]
    assert tokenize(" ".join(plain)) == plain


@settings(max_examples=200, deadline=None)
@given(
    st.lists(awkward_text, max_size=6), st.sets(st.sampled_from(["budget", "tz", "Company", "a"]))
)
def test_split_args_raises_only_parse_error(tokens, keys):
    try:
        args = split_args(tokens, keys=keys, flags={"trial"})
    except ParseError:
        return
    assert set(args.options) <= keys
    assert len(args.positional) + len(args.options) + len(args.flags) <= len(tokens)


@settings(max_examples=200, deadline=None)
@given(awkward_text)
def test_mentions_never_raise(text):
    assert parse_mention(text) is None or parse_mention(text).startswith(("U", "W"))


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_long_hostile_input_is_handled_quickly(text):
    started = perf_counter()
    try:
        split_args(tokenize(text), keys=KEYS, flags=FLAGS)
    except ParseError:
        pass
    assert perf_counter() - started < 3  # minutes if a regex backtracks; generous for busy CI

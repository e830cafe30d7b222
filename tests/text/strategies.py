"""Hypothesis strategies shared by the text tests: the awkward things people paste into Slack."""

from __future__ import annotations

from hypothesis import strategies as st

AWKWARD = [
    '"',
    "'",
    "“",
    "”",
    "‘",
    "’",
    "„",
    "=",
    "<",
    ">",
    "@",
    "#",
    "!",
    "|",
    "&",
    ";",
    "/",
    "-",
    "..",
    "$",
    "€",
    "£",
    "₹",
    ",",
    ".",
    ":",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "\u200b",
    "😀",
    "👩‍💻",
    "e\u0301",
    "٣",
    "in",
    "next",
    "friday",
    "today",
    "3",
    "days",
    "USD",
    "k",
    "h",
    "-",
    "2026-12-20",
    "<@U123>",
    "<!channel>",
]

awkward_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(AWKWARD), max_size=20).map("".join),
    st.lists(st.sampled_from(AWKWARD), max_size=12).map(" ".join),
    st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(AWKWARD + ["a", "9"]),
        st.integers(2_000, 10_000),
    ),
    st.text(min_size=1, max_size=30).map(lambda seed: (seed * 10_000)[:10_000]),
)

# Inputs that make careless regular expressions backtrack for minutes; every parser must shrug.
PATHOLOGICAL = [
    "a" + " \t" * 5_000 + "b",
    "1 " * 5_000 + "x",
    "- " * 5_000,
    "..." * 3_000,
    "a-" * 5_000,
    "'a" * 5_000,
    "<@U1|" * 2_000,
    "&amp" * 2_500,
    "9" * 10_000,
    "in " * 3_000,
    "mon, " * 2_000 + "@",
    "\u00a0" * 9_999 + "x",
]

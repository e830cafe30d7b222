"""Every `type: ignore` in bot/ and jobs/ names its error code and says why, in a trailing comment.

mypy itself refuses an ignore without a code (`ignore-without-code`) and one that hides nothing
(`warn_unused_ignores`); the reason is for the next reader, who must know what was given up.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<rest>.*)$")


def unexplained(text: str) -> list[str]:
    """The lines of `text` whose `type: ignore` lacks a [code] or a `# reason` after it."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = IGNORE.search(line)
        if match and not (match["codes"] and re.match(r"\s*#\s*\S", match["rest"])):
            found.append(f"{number}: {line.strip()}")
    return found


def test_the_rule_tells_an_explained_ignore_from_a_bare_one() -> None:
    assert unexplained("x = f()  # type: ignore[attr-defined]  # stubs lack it\n") == []
    assert unexplained("x = f()  # type: ignore[attr-defined]\n") == ["1: x = f()  # type: ignore[attr-defined]"]
    assert unexplained("x = f()  # type: ignore  # no code\n") == ["1: x = f()  # type: ignore  # no code"]


def test_every_type_ignore_says_why() -> None:
    offenders = {str(path.relative_to(ROOT)): lines for path in sorted([*ROOT.glob("bot/**/*.py"),
                                                                          *ROOT.glob("jobs/**/*.py")])
                 if (lines := unexplained(path.read_text(encoding="utf-8")))}
    assert offenders == {}

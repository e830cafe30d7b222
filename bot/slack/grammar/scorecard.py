"""The text grammar of /scorecard: `[@contractor] [30d|90d|all]`, in either order."""

from __future__ import annotations

from dataclasses import dataclass

from bot.text.errors import ParseError
from bot.text.tokens import parse_mention, tokenize

EXAMPLE = "/scorecard @maria 90d"
PERIODS: dict[str, int | None] = {"30d": 30, "90d": 90, "all": None}
DEFAULT_PERIOD = "90d"


@dataclass(frozen=True)
class ScorecardCommand:
    """`help`, or `show` for one contractor (or all of them) over a period."""

    action: str
    contractor_id: str | None = None
    period: str = DEFAULT_PERIOD

    @property
    def days(self) -> int | None:
        """The window in days; None for all time."""
        return PERIODS[self.period]


def parse(text: str) -> ScorecardCommand:
    """Read /scorecard text; an empty text shows every contractor over the default period."""
    tokens = tokenize(text.strip())
    if [t.lower() for t in tokens] == ["help"]:
        return ScorecardCommand("help")
    contractor_id, period = None, DEFAULT_PERIOD
    for token in tokens:
        mention = parse_mention(token)
        if mention is not None and contractor_id is None:
            contractor_id = mention
        elif token.lower() in PERIODS:
            period = token.lower()
        else:
            raise ParseError(f"I don't understand “{token[:30]}”: mention a contractor and/or give "
                             "a period, 30d, 90d or all.", EXAMPLE)
    return ScorecardCommand("show", contractor_id, period)

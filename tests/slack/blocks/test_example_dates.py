"""Examples are dated from the reader's today: help at any simulated today shows no date before it,
and no string in bot/ outside docstrings carries a fixed ISO date that an example could show."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from bot.slack.blocks.help import HELP, build_help

ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
BOT = Path(__file__).resolve().parents[3] / "bot"
# An instant for `tandem jobs run-due --now` may be any instant, past ones included.
ALLOWED = {"cli/jobs_cmd.py"}


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2027, 3, 1), date(2031, 12, 31)])
@pytest.mark.parametrize("command", sorted(HELP))
def test_help_at_a_simulated_today_shows_no_earlier_date(command: str, today: date) -> None:
    text = build_help(command, today)["text"]
    found = [date(int(y), int(m), int(d)) for y, m, d in ISO.findall(text)]
    assert all(day >= today for day in found), (command, found)
    assert "{today+" not in text


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_fixed_date_in_any_string_a_person_could_be_shown() -> None:
    offenders = []
    for path in sorted(BOT.rglob("*.py")):
        relative = path.relative_to(BOT).as_posix()
        if relative in ALLOWED or relative.startswith("emulator/"):
            continue
        tree = ast.parse(path.read_text())
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and ISO.search(node.value)):
                offenders.append(f"{relative}:{node.lineno}: {node.value[:60]}")
    assert offenders == []

"""Listeners are parse → use case → reply: none imports another listener, none opens a transaction.

Read from the source (ast), so an import hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import bot.slack.listeners as listeners_package

ROOT = Path(listeners_package.__file__).parent
PACKAGES = ("commands", "actions", "events", "views")
# Listener modules another helper is moving to use cases on a parallel branch (issue 14, usecases-a);
# the integrator empties these once that branch lands.
NOT_YET_MOVED = {"actions/blocker_button.py", "actions/checkin_button.py", "actions/review_buttons.py",
                 "actions/snooze_button.py", "commands/checkin.py", "commands/kickoff.py", "commands/milestones.py",
                 "commands/task.py", "events/messages.py", "views/changes_form.py", "views/checkin_form.py",
                 "views/kickoff_form.py", "views/task_form.py"}
SHARED_NOT_A_LISTENER = {"bot.slack.listeners.views.validation"}  # form helpers, leaving the listeners folder


def modules() -> list[Path]:
    """Every listener module (not the packages' registries)."""
    return sorted(p for package in PACKAGES for p in (ROOT / package).glob("*.py") if p.name != "__init__.py")


def imported(path: Path) -> set[str]:
    """The modules `path` imports, wherever in the file the import sits."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def calls(path: Path, name: str) -> bool:
    """Whether `path` calls a function called `name` (plain or as an attribute)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == name) or (isinstance(func, ast.Attribute)
                                                                    and func.attr == name):
                return True
    return False


def test_the_listener_modules_are_found() -> None:
    assert len(modules()) > 30


def test_no_listener_imports_another_listener() -> None:
    listener_names = {f"bot.slack.listeners.{p.parent.name}.{p.stem}" for p in modules()} - SHARED_NOT_A_LISTENER
    edges = {(p.relative_to(ROOT).as_posix(), target) for p in modules()
             for target in imported(p) & listener_names}
    assert {edge for edge in edges if edge[0] not in NOT_YET_MOVED} == set()


def test_no_listener_opens_a_transaction() -> None:
    owning = {p.relative_to(ROOT).as_posix() for p in modules() if calls(p, "transaction") or calls(p, "sessions")}
    assert owning - NOT_YET_MOVED == set()

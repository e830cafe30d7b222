"""The layers hold, read from the source (ast), not from a running import:

- a listener module imports no other listener module (listeners/common.py is shared; a package's
  __init__ registers its own modules), however late: business steps live in bot/usecases;
- nothing below the listeners (use cases, domain) imports a listener;
- no import cycle among bot/ modules at import time (module-level imports, TYPE_CHECKING aside);
- a listener opens no session or transaction (its use case owns the one transaction);
- bot/domain imports neither Bolt, the Slack SDK nor bot.slack; use cases do not know Bolt (they
  get a WebClient and plain values, never an ack or a payload).

The checker is tried on a tiny made-up package first, so each rule is shown able to fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LISTENERS = "bot.slack.listeners"
SHARED_LISTENER_MODULES = {f"{LISTENERS}.common"}


@dataclass(frozen=True)
class Import:
    """One import statement of a module: what it names and whether it runs when the module is imported."""

    source: str
    target: str
    line: int
    at_import_time: bool


def modules(root: Path, package: str = "bot") -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its __init__)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(body: list[ast.stmt], top: bool) -> Iterator[tuple[ast.stmt, bool]]:
    """Each statement with whether it runs at import time (module level, outside `if TYPE_CHECKING:`)."""
    for node in body:
        yield node, top
        if isinstance(node, ast.If):
            yield from _statements(node.body, top and not _is_type_checking(node.test))
            yield from _statements(node.orelse, top)
        elif isinstance(node, (ast.Try, ast.With)):
            for block in (node.body, *(h.body for h in getattr(node, "handlers", [])),
                          getattr(node, "orelse", []), getattr(node, "finalbody", [])):
                yield from _statements(block, top)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield from _statements(node.body, top and isinstance(node, ast.ClassDef))
        elif isinstance(node, (ast.For, ast.While)):
            yield from _statements(node.body + node.orelse, top)


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """The modules `name` imports; `from pkg import sub` counts as importing pkg.sub when that is a module."""
    is_package = path.name == "__init__.py"
    found = []
    for node, top in _statements(ast.parse(path.read_text(), str(path)).body, True):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno, top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.append(Import(name, child if child in known else base, node.lineno, top))
    return found


def graph(root: Path, package: str = "bot") -> tuple[dict[str, Path], list[Import]]:
    known = modules(root, package)
    return known, [imp for name, path in known.items() for imp in imports_of(name, path, known)]


def _within(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + ".")


def listener_edges(known: dict[str, Path], edges: list[Import],
                   tolerated: frozenset[tuple[str, str]] = frozenset()) -> list[str]:
    """Imports of a listener module by another listener module, by a use case or by the domain (any depth)."""
    bad = []
    for imp in edges:
        if (imp.source, imp.target) in tolerated:
            continue
        if not _within(imp.target, LISTENERS) or imp.target in SHARED_LISTENER_MODULES or imp.target == LISTENERS:
            continue
        source_is_init = known[imp.source].name == "__init__.py"
        if _within(imp.source, LISTENERS) and source_is_init and imp.target.rpartition(".")[0] == imp.source:
            continue  # a listener package registering its own modules
        if _within(imp.source, LISTENERS) or _within(imp.source, "bot.usecases") or _within(imp.source, "bot.domain"):
            bad.append(f"{imp.source}:{imp.line} imports {imp.target}")
    return list(dict.fromkeys(bad))  # `from m import a, b` is one import


def cycles(known: dict[str, Path], edges: list[Import]) -> list[list[str]]:
    """Strongly connected groups (Tarjan) of the import-time graph with more than one module, or a self-import."""
    out: dict[str, set[str]] = {name: set() for name in known}
    for imp in edges:
        if imp.at_import_time and imp.target in known and imp.target != imp.source:
            out[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # iterative, so a deep graph cannot exhaust Python's stack
        work = [(start, iter(sorted(out[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(out[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for name in sorted(out):
        if name not in index:
            visit(name)
    return groups


def slack_in_domain(edges: list[Import]) -> list[str]:
    """Imports of Bolt, the Slack SDK or bot.slack from bot/domain (any depth)."""
    return [f"{imp.source}:{imp.line} imports {imp.target}" for imp in edges
            if _within(imp.source, "bot.domain")
            and any(_within(imp.target, banned) for banned in ("slack_bolt", "slack_sdk", "bot.slack"))]


def bolt_in_use_cases(edges: list[Import]) -> list[str]:
    """Imports of Bolt from bot/usecases (any depth)."""
    return [f"{imp.source}:{imp.line} imports {imp.target}" for imp in edges
            if _within(imp.source, "bot.usecases") and _within(imp.target, "slack_bolt")]


# --- the checker on a made-up package: each rule can fail -------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    _write(tmp_path, {
        "bot/__init__.py": "",
        "bot/slack/__init__.py": "",
        "bot/slack/listeners/__init__.py": "from bot.slack.listeners import views\n",
        "bot/slack/listeners/common.py": "",
        "bot/slack/listeners/views/__init__.py": "from bot.slack.listeners.views import form\n",
        "bot/slack/listeners/views/form.py": "from bot.slack.listeners.common import x\n"
                                             "def late():\n    from bot.slack.listeners.commands.cmd import start\n",
        "bot/slack/listeners/commands/__init__.py": "",
        "bot/slack/listeners/commands/cmd.py": "from ..common import x\n",
        "bot/domain/__init__.py": "",
        "bot/domain/a.py": "import bot.domain.b\nfrom typing import TYPE_CHECKING\n"
                           "if TYPE_CHECKING:\n    from bot.domain import c\n",
        "bot/domain/b.py": "from bot.domain import a\n",
        "bot/domain/c.py": "from bot.domain import a\ndef f():\n    from slack_sdk import WebClient\n",
        "bot/usecases/__init__.py": "",
        "bot/usecases/u.py": "from bot.slack.listeners.views import form\nfrom slack_bolt import Ack\n",
    })
    return tmp_path


def test_the_checker_finds_a_late_listener_import_and_one_from_a_use_case(broken: Path) -> None:
    known, edges = graph(broken)
    assert listener_edges(known, edges) == [
        "bot.slack.listeners.views.form:3 imports bot.slack.listeners.commands.cmd",
        "bot.usecases.u:1 imports bot.slack.listeners.views.form",
    ]


def test_the_checker_finds_a_cycle_but_not_through_type_checking_or_a_function(broken: Path) -> None:
    known, edges = graph(broken)
    assert cycles(known, edges) == [["bot.domain.a", "bot.domain.b"]]


def test_the_checker_finds_slack_in_the_domain(broken: Path) -> None:
    _, edges = graph(broken)
    assert slack_in_domain(edges) == ["bot.domain.c:3 imports slack_sdk"]


def test_the_checker_finds_bolt_in_a_use_case(broken: Path) -> None:
    _, edges = graph(broken)
    assert bolt_in_use_cases(edges) == ["bot.usecases.u:2 imports slack_bolt"]


def test_the_checker_reads_relative_imports(broken: Path) -> None:
    known, edges = graph(broken)
    assert Import("bot.slack.listeners.commands.cmd", "bot.slack.listeners.common", 1, True) in edges
    assert len(known) == 14


# --- the real code ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> tuple[dict[str, Path], list[Import]]:
    return graph(ROOT)


def test_no_listener_imports_another_listener(real: tuple[dict[str, Path], list[Import]]) -> None:
    assert listener_edges(*real) == []


def test_no_import_cycle_among_bot_modules(real: tuple[dict[str, Path], list[Import]]) -> None:
    assert cycles(*real) == []


def test_the_domain_knows_nothing_of_slack(real: tuple[dict[str, Path], list[Import]]) -> None:
    assert slack_in_domain(real[1]) == []


def test_use_cases_do_not_know_bolt(real: tuple[dict[str, Path], list[Import]]) -> None:
    assert bolt_in_use_cases(real[1]) == []


def test_the_checker_sees_the_listeners_it_judges(real: tuple[dict[str, Path], list[Import]]) -> None:
    """Guard against a vacuous pass: the listener modules and their imports of common are found."""
    known, edges = real
    assert f"{LISTENERS}.commands.task" in known and f"{LISTENERS}.views.kickoff_form" in known
    assert any(imp.target == f"{LISTENERS}.common" for imp in edges if _within(imp.source, LISTENERS))


def opens_a_session(path: Path) -> bool:
    """Whether the module calls `transaction(...)` or `….sessions()` anywhere."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("transaction", "sessions"):
                return True
    return False


def test_the_session_check_sees_a_transaction(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text("def handle(runtime):\n    with transaction(runtime.sessions) as s:\n"
                                         "        pass\n")
    assert opens_a_session(tmp_path / "handler.py")


def test_no_listener_opens_a_session(real: tuple[dict[str, Path], list[Import]]) -> None:
    found, _ = real
    listeners = {name for name in found if name.startswith(LISTENERS + ".") and name.count(".") >= 4}
    assert len(listeners) > 30
    # listeners/common.known_today reads the speaker's stored zone: a shared read, not a listener's step.
    assert sorted(name for name in listeners if opens_a_session(found[name])) == []

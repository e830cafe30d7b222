"""`bot/` imports `jobs/` only at its entry points: serving, the `jobs` CLI verb and the sandbox.

Parsed from the source (ast), so an import inside a function counts too; a new edge fails here
with the file and line, instead of quietly tying the adapters and the domain to the sweeps.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The entry points that may start the duties (relative to the repository root).
ENTRY_POINTS = {
    "bot/server.py",  # `tandem serve`: one scheduler per deployment
    "bot/cli/jobs_cmd.py",  # `tandem jobs run | run-due`
    "bot/sandbox/instance.py",  # the sandbox runs the scheduler against its own clock
    "bot/sandbox/timetravel.py",  # ...and runs the duties at each step of a time jump
}


def jobs_imports(path: Path) -> list[int]:
    """Line numbers of every import of `jobs` or a module under it in one file."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "jobs" or name.startswith("jobs.") for name in names):
            lines.append(node.lineno)
    return lines


def test_bot_imports_jobs_only_at_the_entry_points() -> None:
    found = {str(path.relative_to(ROOT)): lines for path in sorted((ROOT / "bot").rglob("*.py"))
             if (lines := jobs_imports(path))}
    assert {path: lines for path, lines in found.items() if path not in ENTRY_POINTS} == {}


def test_the_check_sees_imports_inside_functions_too(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from jobs.schedule import run_due\n    import jobs.share as s\n")
    assert jobs_imports(module) == [2, 3]
    module.write_text("from bot.jobs_like import x\nimport jobsworth\n")
    assert jobs_imports(module) == []

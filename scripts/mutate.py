"""Mutation testing for the modules that carry Tandem's promises (issue 18): `make mutate`.

Why our own `ast` mutator: mutmut and cosmic-ray skip module-level tables (currency exponents,
date and rate-unit aliases), and those tables are where a tenfold misreading hides.

How one run works:
1. Per-test line coverage is collected once (coverage.py, one context per pytest node id) and
   cached under test-artifacts/mutation/ until a file under bot/ or tests/ changes.
2. Each module is parsed and every mutation point enumerated: comparisons flipped, constants
   bumped, conditions negated, returns and calls dropped, raises dropped, arithmetic and boolean
   operators swapped, min/max swapped, entries removed from module-level tables.
3. A runner process imports the suite once (`pytest --collect-only`), then forks one child per
   mutant. The child patches the mutant into the live module (function `__code__` replaced in
   place, tables updated in place, rebound constants chased into the modules that imported
   them), and runs only the tests that reached the mutated line (for a module-level line: every
   test that reached the module, plus the module's own test file), the module's own test file
   first, `-x`, SQLite parametrizations unless `--postgresql` (then one private PostgreSQL server,
   started by the runner, serves every child). A child that outlives its timeout (5 x the
   selected tests' own time + 20 s) is killed and counted as killed.
4. A report (score per module, each survivor with file:line and its mutation) is written to
   test-artifacts/mutation/report.md and report.json, and the table printed.

Equivalent mutants (no test could ever tell them apart) are listed in scripts/mutate-equivalent.txt,
one line each with why; they count as neither killed nor survived.

Limits: tests that drive a `tandem serve` subprocess (tests/e2e) never see an in-memory mutant, so
they are left out of the default test set; the mutants must be killed by in-process tests.

    python scripts/mutate.py [MODULE ...] [--jobs N] [--postgresql] [--tests "PATHS AND OPTIONS"]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import json
import os
import shlex
import signal
import sys
import time
import types
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "mutation"
EQUIVALENT_FILE = ROOT / "scripts" / "mutate-equivalent.txt"
MODULES = [
    "bot/domain/schedule/worktime.py",
    "bot/domain/schedule/slots.py",
    "bot/domain/money/payments.py",
    "bot/domain/money/payment_alerts.py",
    "bot/domain/reports/scorecard_metrics.py",
    "bot/domain/delivery/ledger.py",
    "bot/text/money.py",
    "bot/text/dates.py",
]
TARGETS = {
    "bot/domain/delivery/ledger.py": 95,
    "bot/domain/schedule/slots.py": 95,
    "bot/domain/money/payment_alerts.py": 95,
}
DEFAULT_TARGET = 90
# In-process tests only: e2e drives a subprocess server that imports the unmutated files.
DEFAULT_TESTS = ["tests", "--ignore=tests/e2e", "--ignore=tests/sandbox", "--ignore=tests/emulator"]
SQLITE_ONLY = "not postgresql"
_POSTGRES_URL: str | None = None  # with --postgresql: the one server the runner starts for all mutants

_CMP_SWAP = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}
_BIN_SWAP = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult, ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult,
}
_OP_TEXT = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-",
    ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/", ast.Mod: "%", ast.Pow: "**", ast.And: "and", ast.Or: "or",
}
_LOG_NAMES = {"logger", "log", "logging"}


# ---------------------------------------------------------------------------------------------
# Mutants


@dataclass
class Mutant:
    """One mutation of one module; `index` is its place in the deterministic enumeration."""

    module: str
    index: int
    line: int
    col: int
    description: str
    source_line: str
    module_level: bool
    function: str = "<module>"
    status: str = "pending"  # killed | survived | timeout | no tests | error | equivalent
    tests: int = 0
    seconds: float = 0.0
    equivalent_why: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What the equivalents file matches on: stable while the line's text is unchanged."""
        return self.module, self.source_line.strip(), self.description


class _Enumerator(ast.NodeTransformer):
    """Walks a module; applies mutation number `target` (or, with target None, only records them)."""

    def __init__(self, target: int | None = None) -> None:
        self.target = target
        self.found: list[tuple[int, int, str, bool, str]] = []
        self._names: list[str] = []
        self._function_depth = 0
        self._skip_depth = 0

    # -- bookkeeping ------------------------------------------------------------------------
    def _point(self, node: ast.AST, description: str) -> bool:
        """Record a mutation point; True when it is the one to apply."""
        if self._skip_depth:
            return False
        index = len(self.found)
        self.found.append((node.lineno, node.col_offset, description, self._function_depth == 0,
                           ".".join(self._names) or "<module>"))
        return index == self.target

    def _visit_annotation(self, node: ast.AST | None) -> ast.AST | None:
        if node is None:
            return None
        self._skip_depth += 1
        try:
            return self.visit(node)
        finally:
            self._skip_depth -= 1

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.AST:
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.args = self._visit_arguments(node.args)
        node.returns = self._visit_annotation(node.returns)
        self._function_depth += 1
        self._names.append(node.name)
        try:
            node.body = self._visit_body(node.body)
        finally:
            self._function_depth -= 1
            self._names.pop()
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def _visit_arguments(self, args: ast.arguments) -> ast.arguments:
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if arg is not None:
                arg.annotation = self._visit_annotation(arg.annotation)
        args.defaults = [self.visit(d) for d in args.defaults]
        args.kw_defaults = [self.visit(d) if d is not None else None for d in args.kw_defaults]
        return args

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        # Decorators and bases are left alone: the live class is kept (importers hold it), only its
        # methods are patched, so a mutated `@dataclass(frozen=True)` could never be observed.
        self._names.append(node.name)
        try:
            node.body = self._visit_body(node.body)
        finally:
            self._names.pop()
        return node

    def visit_Module(self, node: ast.Module) -> ast.AST:
        node.body = self._visit_body(node.body)
        return node

    def _visit_body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for position, stmt in enumerate(body):
            if position == 0 and _is_docstring(stmt):
                out.append(stmt)
                continue
            if isinstance(stmt, ast.ImportFrom | ast.Import):
                out.append(stmt)
                continue
            if isinstance(stmt, ast.AnnAssign):
                stmt.annotation = self._visit_annotation(stmt.annotation)
                if stmt.value is not None:
                    stmt.value = self.visit(stmt.value)
                out.append(stmt)
                continue
            result = self.visit(stmt)
            if result is None:
                continue
            out.extend(result if isinstance(result, list) else [result])
        return out or [ast.Pass()]

    # -- statements ---------------------------------------------------------------------------
    def visit_Return(self, node: ast.Return) -> ast.AST:
        self.generic_visit(node)
        if node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            if self._point(node, "return value dropped (returns None)"):
                return ast.copy_location(ast.Return(value=ast.Constant(None)), node)
        return node

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.value, ast.Call) and not _is_log_call(node.value):
            if self._point(node, "call dropped"):
                return ast.copy_location(ast.Pass(), node)
        return node

    def visit_Raise(self, node: ast.Raise) -> ast.AST:
        self.generic_visit(node)
        if self._function_depth and self._point(node, "raise dropped"):
            return ast.copy_location(ast.Pass(), node)
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        self.generic_visit(node)
        if self._point(node.test, "condition negated (if not ...)"):
            node.test = ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=node.test), node.test)
        return node

    def visit_While(self, node: ast.While) -> ast.AST:
        self.generic_visit(node)
        if self._point(node.test, "condition negated (while not ...)"):
            node.test = ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=node.test), node.test)
        return node

    def visit_Assign(self, node: ast.Assign) -> ast.AST:
        if isinstance(node.value, ast.Tuple) and any(isinstance(t, ast.Tuple) for t in node.targets):
            # `A, B = "a", "b"`: dropping an element only breaks the unpacking at import.
            node.value.elts = [self.visit(e) for e in node.value.elts]
            return node
        return self.generic_visit(node)

    # -- expressions -------------------------------------------------------------------------
    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        self.generic_visit(node)
        if self._point(node.test, "condition negated (x if not ...)"):
            node.test = ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=node.test), node.test)
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not) and self._point(node, "`not` removed"):
            return node.operand
        if isinstance(node.op, ast.USub) and not isinstance(node.operand, ast.Constant):
            if self._point(node, "unary `-` removed"):
                return node.operand
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for position, op in enumerate(node.ops):
            swap = _CMP_SWAP.get(type(op))
            if swap and self._point(node, f"`{_OP_TEXT[type(op)]}` -> `{_OP_TEXT[swap]}` (#{position + 1})"):
                node.ops[position] = swap()
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swap = _BIN_SWAP.get(type(node.op))
        if swap and not _is_string_operation(node):
            if self._point(node, f"`{_OP_TEXT[type(node.op)]}` -> `{_OP_TEXT[swap]}`"):
                node.op = swap()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swap = _BIN_SWAP.get(type(node.op))
        if swap and self._point(node, f"`{_OP_TEXT[type(node.op)]}=` -> `{_OP_TEXT[swap]}=`"):
            node.op = swap()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        if self._point(node, f"`{_OP_TEXT[type(node.op)]}` -> `{_OP_TEXT[other]}`"):
            node.op = other()
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if _is_log_call(node):
            return node
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
            other = "max" if node.func.id == "min" else "min"
            if self._point(node, f"`{node.func.id}` -> `{other}`"):
                node.func = ast.copy_location(ast.Name(id=other, ctx=ast.Load()), node.func)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        value = node.value
        if isinstance(value, bool):
            if self._point(node, f"`{value}` -> `{not value}`"):
                return ast.copy_location(ast.Constant(not value), node)
        elif isinstance(value, int | float):
            if self._point(node, f"`{value!r}` -> `{value + 1!r}`"):
                return ast.copy_location(ast.Constant(value + 1), node)
        elif isinstance(value, str) and value and self._function_depth == 0 and not self._in_fstring:
            if self._point(node, f"string {value[:30]!r} -> 'XX' + it"):
                return ast.copy_location(ast.Constant("XX" + value), node)
        return node

    _in_fstring = False

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        saved, self._in_fstring = self._in_fstring, True
        try:
            return self.generic_visit(node)
        finally:
            self._in_fstring = saved

    def visit_Dict(self, node: ast.Dict) -> ast.AST:
        self.generic_visit(node)
        if self._function_depth == 0:
            for position, key in enumerate(list(node.keys)):
                if key is None:
                    continue
                label = ast.unparse(key)[:30]
                if self._point(key, f"table entry {label} removed"):
                    del node.keys[position], node.values[position]
                    break
        return node

    def _visit_sequence(self, node: ast.Set | ast.Tuple | ast.List) -> ast.AST:
        self.generic_visit(node)
        if self._function_depth == 0 and len(node.elts) > 1 and getattr(node, "ctx", ast.Load()).__class__ is ast.Load:
            for position, element in enumerate(list(node.elts)):
                label = ast.unparse(element)[:30]
                if self._point(element, f"table entry {label} removed"):
                    del node.elts[position]
                    break
        return node

    visit_Set = visit_Tuple = visit_List = _visit_sequence

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        # `dict[str, int]` and friends outside annotations: a type, not a value.
        if isinstance(node.value, ast.Name) and node.value.id in ("dict", "list", "tuple", "set", "frozenset", "cast"):
            return node
        return self.generic_visit(node)


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _is_log_call(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in _LOG_NAMES


def _is_string_operation(node: ast.BinOp) -> bool:
    """`"a" + x` or `"%s" % x`: swapping the operator only raises TypeError at once."""
    return any(isinstance(side, ast.Constant | ast.JoinedStr) and isinstance(getattr(side, "value", ""), str)
               for side in (node.left, node.right))


def enumerate_mutants(module: str) -> list[Mutant]:
    """Every mutant of a module, in a deterministic order."""
    source = (ROOT / module).read_text()
    lines = source.splitlines()
    walker = _Enumerator()
    walker.visit(ast.parse(source))
    return [Mutant(module, i, line, col, desc, lines[line - 1], module_level, function)
            for i, (line, col, desc, module_level, function) in enumerate(walker.found)]


def mutated_code(module: str, index: int) -> types.CodeType:
    """The module's code with mutation `index` applied."""
    tree = ast.parse((ROOT / module).read_text())
    walker = _Enumerator(target=index)
    tree = walker.visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, str(ROOT / module), "exec")


# ---------------------------------------------------------------------------------------------
# Patching a live module


def _module_name(module: str) -> str:
    return module.removesuffix(".py").replace("/", ".")


def _patch_function(old: object, new: object) -> None:
    old_f = getattr(old, "__wrapped__", old)
    new_f = getattr(new, "__wrapped__", new)
    if isinstance(old_f, types.FunctionType) and isinstance(new_f, types.FunctionType):
        if old_f.__code__ != new_f.__code__:
            old_f.__code__ = new_f.__code__
        old_f.__defaults__ = new_f.__defaults__
        old_f.__kwdefaults__ = new_f.__kwdefaults__
        if hasattr(old, "cache_clear"):
            old.cache_clear()


def _patch_class(old: type, new: type) -> None:
    for name, value in vars(new).items():
        current = vars(old).get(name)
        if isinstance(value, types.FunctionType) and isinstance(current, types.FunctionType):
            _patch_function(current, value)
        elif isinstance(value, property) and isinstance(current, property):
            for part in ("fget", "fset", "fdel"):
                if getattr(value, part) is not None and getattr(current, part) is not None:
                    _patch_function(getattr(current, part), getattr(value, part))
        elif isinstance(value, staticmethod | classmethod) and isinstance(current, staticmethod | classmethod):
            _patch_function(current.__func__, value.__func__)


def _same(old: object, new: object) -> bool:
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    try:
        return bool(old == new)
    except Exception:
        return False


class ImportFailed(Exception):
    """The mutated module raises while it is imported."""


def apply_mutant(module: str, index: int) -> None:
    """Patch mutant `index` into the already imported module, so every importer sees it."""
    name = _module_name(module)
    live = sys.modules[name]
    fresh: dict[str, object] = {"__name__": name, "__file__": live.__file__, "__package__": live.__package__,
                                "__builtins__": __builtins__}
    try:
        exec(mutated_code(module, index), fresh)  # noqa: S102 - the point of the tool
    except Exception as error:  # the mutant cannot even be imported: every test of it notices
        raise ImportFailed(str(error)) from error
    others = [m for n, m in list(sys.modules.items()) if m is not None and n != name]
    for key, new in fresh.items():
        if key.startswith("__") or key not in vars(live):
            continue
        old = vars(live)[key]
        if isinstance(old, types.ModuleType):
            continue
        if isinstance(old, type) and isinstance(new, type):
            _patch_class(old, new)
            continue
        if callable(old) and isinstance(getattr(old, "__wrapped__", old), types.FunctionType):
            _patch_function(old, new)
            continue
        if _same(old, new):
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            old.clear()
            old.update(new)
            continue
        if isinstance(old, list | set) and type(old) is type(new):
            old.clear()
            old.update(new) if isinstance(old, set) else old.extend(new)
            continue
        setattr(live, key, new)
        for other in others:  # `from module import NAME` elsewhere, and defaults captured from it
            try:
                namespace = vars(other)
            except TypeError:
                continue
            if namespace.get(key) is old:
                namespace[key] = new
            for value in list(namespace.values()):
                _replace_default(value, old, new)
        for value in list(vars(live).values()):
            _replace_default(value, old, new)


def _replace_default(value: object, old: object, new: object) -> None:
    function = getattr(value, "__wrapped__", value)
    if not isinstance(function, types.FunctionType):
        return
    if function.__defaults__ and any(d is old for d in function.__defaults__):
        function.__defaults__ = tuple(new if d is old else d for d in function.__defaults__)
    if function.__kwdefaults__ and any(d is old for d in function.__kwdefaults__.values()):
        function.__kwdefaults__ = {k: new if d is old else d for k, d in function.__kwdefaults__.items()}


# ---------------------------------------------------------------------------------------------
# Coverage: which test reaches which line


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _base_fingerprint(test_args: list[str], keyword: str | None) -> str:
    """Source, conftests and options: when one changes, all coverage is collected again."""
    digest = hashlib.sha256(" ".join([*test_args, keyword or ""]).encode())
    paths = [*sorted((ROOT / "bot").rglob("*.py")), *sorted((ROOT / "jobs").rglob("*.py")),
             *sorted((ROOT / "tests").rglob("conftest.py")), *sorted((ROOT / "tests" / "support").rglob("*.py"))]
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _test_files(test_args: list[str]) -> dict[str, str]:
    """{test file: content hash} of the test set: a changed or new file is collected on its own."""
    ignored = [ROOT / a.split("=", 1)[1] for a in test_args if a.startswith("--ignore=")]
    found: dict[str, str] = {}
    for arg in (a for a in test_args if not a.startswith("-")):
        target = ROOT / arg.split("::")[0]
        candidates = [target] if target.is_file() else sorted(target.rglob("test_*.py"))
        for path in candidates:
            if not any(path.is_relative_to(i) for i in ignored):
                found[str(path.relative_to(ROOT))] = _hash(path)
    return found


class _ContextPlugin:
    """Switches the coverage context to each test's node id, and times each test."""

    def __init__(self, cov: object) -> None:
        self.cov = cov
        self.durations: dict[str, float] = {}

    def pytest_runtest_protocol(self, item: object, nextitem: object) -> None:
        self.cov.switch_context(item.nodeid)  # type: ignore[attr-defined]
        self._start = time.perf_counter()

    def pytest_runtest_logfinish(self, nodeid: str, location: object) -> None:
        self.durations[nodeid] = time.perf_counter() - self._start
        self.cov.switch_context("")  # type: ignore[attr-defined]


def collect_coverage(test_args: list[str], keyword: str | None, out: Path) -> None:
    """(run in a child process) Per-test line coverage of the listed modules, saved as JSON."""
    import coverage

    data_file = OUT / ".coverage-collect"
    cov = coverage.Coverage(data_file=str(data_file), include=[str(ROOT / m) for m in MODULES],
                            branch=False)
    cov.start()
    import pytest

    plugin = _ContextPlugin(cov)
    args = [*test_args, "-q", "-p", "no:cacheprovider", "-o", "console_output_style=classic"]
    if keyword:
        args += ["-k", keyword]
    code = pytest.main(args, plugins=[plugin])
    cov.stop()
    cov.save()
    data = coverage.CoverageData(basename=str(data_file))
    data.read()
    lines: dict[str, dict[int, list[str]]] = {}
    for module in MODULES:
        by_line = data.contexts_by_lineno(str(ROOT / module))
        lines[module] = {line: sorted(c for c in contexts if c) for line, contexts in by_line.items()}
    out.write_text(json.dumps({"exit": int(code), "lines": lines, "durations": plugin.durations}))
    data_file.unlink(missing_ok=True)


def _collect(test_args: list[str], keyword: str | None) -> dict:
    """Per-test coverage of `test_args`, collected in a fresh process (coverage starts before imports)."""
    print(f"collecting per-test coverage ({' '.join(test_args)[:100]}) ...", flush=True)
    started = time.perf_counter()
    path = OUT / ".coverage-part.json"
    path.unlink(missing_ok=True)
    command = [sys.executable, str(Path(__file__)), "--collect", str(path), "--tests", shlex.join(test_args)]
    if keyword:
        command += ["--keyword", keyword]
    pid = os.fork()
    if pid == 0:
        os.execv(sys.executable, command)
    _, status = os.waitpid(pid, 0)
    if not path.exists():
        raise SystemExit(f"coverage collection failed (status {status})")
    data = json.loads(path.read_text())
    path.unlink()
    if data["exit"] not in (0, 5):
        print(f"warning: tests failed while collecting coverage (exit {data['exit']})", flush=True)
    print(f"coverage collected in {time.perf_counter() - started:.0f} s", flush=True)
    return data


def coverage_map(test_args: list[str], keyword: str | None) -> dict:
    """The cached per-test coverage; collected in full when the source changed, per file when tests did."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "coverage.json"
    base = _base_fingerprint(test_args, keyword)
    files = _test_files(test_args)
    data = json.loads(path.read_text()) if path.exists() else None
    if data is None or data.get("base") != base:
        data = _collect(test_args, keyword)
    else:
        stale = {f for f in set(data["files"]) | set(files) if data["files"].get(f) != files.get(f)}
        if stale:
            for module, lines in data["lines"].items():
                data["lines"][module] = {
                    line: [t for t in tests if t.split("::")[0] not in stale] for line, tests in lines.items()}
            data["durations"] = {t: d for t, d in data["durations"].items() if t.split("::")[0] not in stale}
            present = sorted(f for f in stale if f in files)
            if present:
                part = _collect(present, keyword)
                for module, lines in part["lines"].items():
                    merged = data["lines"].setdefault(module, {})
                    for line, tests in lines.items():
                        merged[line] = sorted(set(merged.get(line, [])) | set(tests))
                data["durations"].update(part["durations"])
    data["base"], data["files"] = base, files
    path.write_text(json.dumps(data))
    data["lines"] = {m: {int(k): v for k, v in lines.items()} for m, lines in data["lines"].items()}
    return data


def _statement_span(module: str) -> dict[int, tuple[int, int]]:
    """line -> (first, last) line of the innermost simple statement or compound header holding it."""
    tree = ast.parse((ROOT / module).read_text())
    span: dict[int, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        header_end = node.end_lineno or node.lineno
        for part in ("body", "orelse", "finalbody", "handlers"):
            children = getattr(node, part, None)
            if children:
                header_end = min(header_end, min(c.lineno for c in children) - 1)
        header_end = max(header_end, node.lineno)
        for line in range(node.lineno, header_end + 1):
            current = span.get(line)
            if current is None or current[1] - current[0] >= header_end - node.lineno:
                span[line] = (node.lineno, header_end)
    return span


def select_tests(mutant: Mutant, lines: dict[int, list[str]], span: dict[int, tuple[int, int]],
                 durations: dict[str, float]) -> list[str]:
    """The tests that reach a mutant's line; every test of the module for a module-level line."""
    stem = Path(mutant.module).stem
    if mutant.module_level:
        # A constant is read wherever the module's functions run, and by the tests that mirror the
        # module (tests/.../test_<module>.py), which may read it without calling a function.
        chosen = {t for tests in lines.values() for t in tests}
        chosen |= {t for t in durations if Path(t.split("::")[0]).name == f"test_{stem}.py"}
    else:
        first, last = span.get(mutant.line, (mutant.line, mutant.line))
        chosen = {t for line in range(first, last + 1) for t in lines.get(line, [])}
    # The module's own test file first, then the fastest: a kill usually comes early (-x).
    return sorted(chosen, key=lambda t: (f"test_{stem}" not in t.split("::")[0], durations.get(t, 1.0), t))


# ---------------------------------------------------------------------------------------------
# Running mutants


def load_equivalents() -> dict[tuple[str, str, str], str]:
    """(module, stripped line, mutation) -> why, from the committed equivalents file.

    The mutation is written as the report prints it, with ` @<column>` after it when the same
    mutation happens twice on one line.
    """
    found: dict[tuple[str, str, str], str] = {}
    if not EQUIVALENT_FILE.exists():
        return found
    for raw in EQUIVALENT_FILE.read_text().splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ")]
        if len(parts) != 4:
            raise SystemExit(f"{EQUIVALENT_FILE.name}: expected 'module | line | mutation | why': {raw}")
        found[(parts[0], parts[1], parts[2])] = parts[3]
    return found


def _equivalent(mutant: Mutant, equivalents: dict[tuple[str, str, str], str]) -> str | None:
    """Why a mutant is equivalent, if listed: by line text, or `function: line text` where the same
    text occurs in several functions, with ` @<column>` where one line holds two alike mutations."""
    text = mutant.source_line.strip()
    for line in (f"{mutant.function}: {text}", text):
        for description in (f"{mutant.description} @{mutant.col}", mutant.description):
            why = equivalents.get((mutant.module, line, description))
            if why is not None:
                return why
    return None


def warm_up(test_files: list[str]) -> None:
    """Import the suite once (collect only), so each forked child starts with everything loaded."""
    import pytest

    with open(os.devnull, "w") as sink:
        saved = os.dup(1), os.dup(2)
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            pytest.main([*test_files, "--collect-only", "-q", "-p", "no:cacheprovider"])
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)


def run_child(mutant: Mutant | None, tests: list[str], keyword: str | None, timeout: float) -> tuple[str, float]:
    """Fork, patch the mutant in (none: the baseline), run the tests; (outcome, seconds)."""
    probe = mutant or Mutant("", -1, 0, 0, "baseline", "", False)
    pid, started = _spawn(mutant, tests, keyword, timeout)
    running = {pid: (probe, started, timeout)}
    while running:
        _reap(running)
    return probe.status, probe.seconds


@dataclass
class ModuleResult:
    """The outcome of one module's mutants."""

    module: str
    mutants: list[Mutant] = field(default_factory=list)
    baseline: str = ""

    def count(self, *statuses: str) -> int:
        return sum(m.status in statuses for m in self.mutants)

    @property
    def killed(self) -> int:
        return self.count("killed", "timeout")

    @property
    def counted(self) -> int:
        return self.count("killed", "timeout", "survived", "no tests")

    @property
    def score(self) -> float | None:
        return 100 * self.killed / self.counted if self.counted else None


def run_module(module: str, cov: dict, keyword: str | None, equivalents: dict, jobs: int) -> ModuleResult:
    """Every mutant of a module against its selected tests."""
    result = ModuleResult(module, enumerate_mutants(module))
    lines = cov["lines"].get(module, {})
    durations = cov["durations"]
    span = _statement_span(module)
    union = sorted({t for tests in lines.values() for t in tests})
    if union:
        baseline_budget = 60 + 5 * sum(durations.get(t, 1.0) for t in union)
        outcome, seconds = run_child(None, union, keyword, baseline_budget)
        result.baseline = f"{'passed' if outcome == 'survived' else outcome} in {seconds:.1f} s ({len(union)} tests)"
        if outcome != "survived":
            print(f"  {module}: unmutated tests did not pass ({outcome}); results would mean nothing", flush=True)
            for mutant in result.mutants:
                mutant.status = "error"
            return result
    pending: list[tuple[Mutant, list[str], float]] = []
    for mutant in result.mutants:
        why = _equivalent(mutant, equivalents)
        if why is not None:
            mutant.status, mutant.equivalent_why = "equivalent", why
            continue
        tests = select_tests(mutant, lines, span, durations)
        mutant.tests = len(tests)
        if not tests:
            mutant.status = "no tests"
            continue
        pending.append((mutant, tests, 20 + 5 * sum(durations.get(t, 1.0) for t in tests)))
    done = 0
    running: dict[int, tuple[Mutant, float, float]] = {}
    queue = list(pending)
    while queue or running:
        while queue and len(running) < jobs:
            mutant, tests, timeout = queue.pop(0)
            if jobs == 1:
                mutant.status, mutant.seconds = run_child(mutant, tests, keyword, timeout)
                done += 1
                _progress(done, len(pending), mutant)
                continue
            pid, started = _spawn(mutant, tests, keyword, timeout)
            running[pid] = (mutant, started, timeout)
        if running:
            for finished in _reap(running):
                done += 1
                _progress(done, len(pending), finished)
    print(flush=True)
    return result


def _spawn(mutant: Mutant | None, tests: list[str], keyword: str | None, timeout: float) -> tuple[int, float]:
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 3
        try:
            os.setsid()
            sink = os.open(os.devnull, os.O_WRONLY)
            os.dup2(sink, 1)
            os.dup2(sink, 2)
            if mutant is not None:
                try:
                    apply_mutant(mutant.module, mutant.index)
                except ImportFailed:
                    os._exit(1)
            if _POSTGRES_URL:  # every child shares the runner's server instead of starting its own
                sys.modules["tests.conftest"].postgres_server = lambda: contextlib.nullcontext(_POSTGRES_URL)
            import pytest

            args = [*tests, "-x", "-q", "-p", "no:cacheprovider", "--timeout", str(int(timeout) + 5)]
            if keyword:
                args += ["-k", keyword]
            code = int(pytest.main(args))
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    return pid, started


def _reap(running: dict[int, tuple[Mutant, float, float]]) -> list[Mutant]:
    finished: list[Mutant] = []
    time.sleep(0.02)
    for pid, (mutant, started, timeout) in list(running.items()):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            mutant.status = {0: "survived", 1: "killed", 5: "no tests"}.get(code, "error")
        elif time.perf_counter() - started > timeout:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            mutant.status = "timeout"
        else:
            continue
        mutant.seconds = time.perf_counter() - started
        del running[pid]
        finished.append(mutant)
    return finished


def _progress(done: int, total: int, mutant: Mutant) -> None:
    """One line per mutant when logging to a file; a counter plus each survivor on a terminal."""
    line = (f"  [{done}/{total}] {mutant.status:<8} {mutant.module}:{mutant.line} {mutant.description} "
            f"({mutant.seconds:.1f} s)")
    if sys.stdout.isatty():
        if mutant.status in ("survived", "error"):
            print("\r" + line, flush=True)
        print(f"\r  {done}/{total} mutants", end="", flush=True)
    else:
        print(line, flush=True)


# ---------------------------------------------------------------------------------------------
# Report


def report(results: list[ModuleResult], seconds: float, keyword: str | None) -> str:
    """Markdown: the score table, then every survivor with file:line and its mutation."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    db = "SQLite and PostgreSQL" if not keyword else "SQLite parametrizations"
    out = [f"# Mutation testing — {when}", "",
           f"Wall time {seconds / 60:.1f} min, {db}. Score = killed / (killed + survived), a mutant that runs "
           "past its timeout counts as killed; "
           "equivalent mutants are not counted.", "",
           "| module | mutants | killed | survived | equivalent | error | score | target |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        target = TARGETS.get(r.module, DEFAULT_TARGET)
        score = f"{r.score:.1f} %" if r.score is not None else "-"
        flag = "" if r.score is None or r.score >= target else " ✗"
        out.append(f"| `{r.module}` | {len(r.mutants)} | {r.killed} | {r.count('survived', 'no tests')} | "
                   f"{r.count('equivalent')} | {r.count('error')} | {score}{flag} | {target} % |")
    killed = sum(r.killed for r in results)
    counted = sum(r.counted for r in results)
    if counted:
        out.append(f"| **all** | {sum(len(r.mutants) for r in results)} | {killed} | {counted - killed} | "
                   f"{sum(r.count('equivalent') for r in results)} | {sum(r.count('error') for r in results)} | "
                   f"**{100 * killed / counted:.1f} %** | |")
    out += ["", "## Survivors", ""]
    for r in results:
        survivors = [m for m in r.mutants if m.status in ("survived", "no tests", "error")]
        if not survivors:
            continue
        out.append(f"### `{r.module}` (unmutated: {r.baseline or 'no tests'})")
        out.append("")
        for m in survivors:
            note = {"no tests": " (no test reaches this line)",
                    "error": " (error applying or running)"}.get(m.status, "")
            out.append(f"- `{m.module}:{m.line}:{m.col}` ({m.function}) {m.description}{note} — "
                       f"`{m.source_line.strip()[:90]}`")
        out.append("")
    equivalent = [m for r in results for m in r.mutants if m.status == "equivalent"]
    if equivalent:
        out += [f"## Equivalent mutants (not counted; listed in {EQUIVALENT_FILE.relative_to(ROOT)})", ""]
        out += [f"- `{m.module}:{m.line}:{m.col}` ({m.function}) {m.description} — {m.equivalent_why}"
                for m in equivalent]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all eight)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1: the machine is shared)")
    parser.add_argument("--postgresql", action="store_true",
                        help="also run PostgreSQL parametrizations (ledger, payments); much slower")
    parser.add_argument("--tests", default=None,
                        help=f"pytest paths and options, one string (default: {' '.join(DEFAULT_TESTS)})")
    parser.add_argument("--collect", help=argparse.SUPPRESS)
    parser.add_argument("--keyword", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    test_args = shlex.split(args.tests) if args.tests else DEFAULT_TESTS
    if args.collect:
        collect_coverage(test_args, args.keyword, Path(args.collect))
        return 0
    keyword = None if args.postgresql else SQLITE_ONLY
    modules = [m.strip() for raw in args.modules for m in raw.split(",") if m.strip()] or MODULES
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"not a mutated module: {', '.join(unknown)} (choose from {', '.join(MODULES)})")
    started = time.perf_counter()
    cov = coverage_map(test_args, keyword)
    equivalents = load_equivalents()
    files = sorted({t.split("::")[0] for m in modules for tests in cov["lines"].get(m, {}).values() for t in tests})
    print(f"importing the suite once ({len(files)} test files) ...", flush=True)
    warm_up(files)
    stack = contextlib.ExitStack()
    if args.postgresql:
        global _POSTGRES_URL
        from tests.support.postgres import find_bindir, postgres_server

        if find_bindir() is not None:
            _POSTGRES_URL = stack.enter_context(postgres_server())
    for name in (_module_name(m) for m in modules):
        __import__(name)
    results = []
    with stack:
        for module in modules:
            print(f"mutating {module} ...", flush=True)
            results.append(run_module(module, cov, keyword, equivalents, max(1, args.jobs)))
    seconds = time.perf_counter() - started
    text = report(results, seconds, keyword)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report.md").write_text(text + "\n")
    (OUT / "report.json").write_text(json.dumps(
        {"seconds": round(seconds, 1), "modules": [
            {"module": r.module, "score": r.score, "baseline": r.baseline,
             "mutants": [{**asdict(m), "key": None} for m in r.mutants]} for r in results]}, indent=1))
    print(text.split("\n## Survivors")[0])
    print(f"report: {(OUT / 'report.md').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

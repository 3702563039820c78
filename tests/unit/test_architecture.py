"""The shape of the code, read from its syntax trees (no store): modules import each other
without a cycle, no module or class grows past what a reader takes in at once, and no module
reaches into another's private (underscore) names.

An import counts for the cycle rule when it runs as the module loads: imports inside
functions, and under ``if TYPE_CHECKING:``, are taken when used and cannot deadlock a load.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import timeline

SOURCE = Path(timeline.__file__).parent
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 250


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = ("timeline", *path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), str(MODULES[name]))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _load_time_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements run while the module loads (not in functions or under
    TYPE_CHECKING); class bodies run at load time too."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _load_time_imports(node.body)
            yield from _load_time_imports(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody,
                          *(h.body for h in node.handlers)):
                yield from _load_time_imports(block)
        elif isinstance(node, ast.With | ast.ClassDef):
            yield from _load_time_imports(node.body)


def _base(module: str, node: ast.ImportFrom) -> str:
    """The absolute name a ``from ... import`` reads from."""
    if not node.level:
        return node.module or ""
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """(timeline module imported, name taken from it or '') for each name of an import."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name, ""
        return
    base = _base(module, node)
    for alias in node.names:
        if f"{base}.{alias.name}" in MODULES:  # a submodule, not a name in the package
            yield f"{base}.{alias.name}", ""
        elif base in MODULES:
            yield base, alias.name


def _graph() -> dict[str, set[str]]:
    return {name: {target for node in _load_time_imports(_tree(name).body)
                   for target, _ in _targets(name, node)} - {name}
            for name in MODULES}


def import_cycles() -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
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

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def long_modules() -> list[str]:
    return [f"{name} ({lines} lines)" for name, path in MODULES.items()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]


def long_classes() -> list[str]:
    return [f"{name}.{node.name} ({size} lines)" for name in MODULES
            for node in ast.walk(_tree(name)) if isinstance(node, ast.ClassDef)
            if (size := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_CLASS_LINES]


def private_imports() -> list[str]:
    """Underscore names one module takes from another, wherever the import stands."""
    return [f"{name}:{node.lineno} takes {taken} from {target}" for name in MODULES
            for node in ast.walk(_tree(name)) if isinstance(node, ast.Import | ast.ImportFrom)
            for target, taken in _targets(name, node)
            if target != name and _private(taken or target.rpartition(".")[2])]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def test_the_walk_finds_the_package() -> None:
    assert {"timeline", "timeline.app", "timeline.cli.commands"} <= set(MODULES)
    assert "timeline.cli.support" in _graph()["timeline.cli.commands"]


def test_no_import_cycle() -> None:
    assert import_cycles() == []


def test_no_module_over_400_lines() -> None:
    assert long_modules() == []


def test_no_class_over_250_lines() -> None:
    assert long_classes() == []


def test_no_private_name_imported_from_another_module() -> None:
    assert private_imports() == []


def test_every_dataclass_has_a_docstring() -> None:
    """Making a dataclass without one runs ``inspect.signature`` for it: a quick answer would
    load ``inspect`` after all (see cli._inspect_when_used)."""
    assert undocumented_dataclasses() == []


def undocumented_dataclasses() -> list[str]:
    found = []
    for name in MODULES:
        for node in ast.walk(_tree(name)):
            if (isinstance(node, ast.ClassDef) and any(map(_is_dataclass, node.decorator_list))
                    and ast.get_docstring(node) is None):
                found.append(f"{name}.{node.name}")
    return found


def _is_dataclass(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Name) and target.id == "dataclass") or (
        isinstance(target, ast.Attribute) and target.attr == "dataclass")

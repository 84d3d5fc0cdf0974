"""No import loops: no two modules of the package import each other, directly or through
others (STYLE §15). Every import counts, at the top of a module, inside a function or under
`TYPE_CHECKING`: a deferred import hides a loop from Python, not from the design.

import-linter (pyproject's [tool.importlinter], run in .ci/run) guards which layer may
import which; this test guards the modules inside one layer, which its layer contracts
leave free.
"""

from __future__ import annotations

import ast
from collections.abc import Container, Iterator, Mapping
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import facilitator_app

PACKAGE = Path(facilitator_app.__file__).resolve().parent


def package_sources() -> dict[str, tuple[str, bool]]:
    """Module name → (source, is a package's __init__) for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = (path.read_text(encoding="utf-8"), path.name == "__init__.py")
    return found


def _imported(name: str, source: str, is_package: bool, modules: Container[str]) -> Iterator[str]:
    """Every module name `source` imports, wherever the import stands: `from p import x`
    names the module `p.x` when there is one, else `p`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upwards
                parts = name.split(".")[: None if is_package else -1]
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in modules else base


def import_graph(sources: Mapping[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Module → the modules of `sources` it imports (a name that is no module of ours
    counts as the nearest enclosing one that is; imports from outside are left out)."""
    graph: dict[str, set[str]] = {}
    for name, (source, is_package) in sources.items():
        edges = set()
        for target in _imported(name, source, is_package, sources):
            while target and target not in sources:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def a_loop(graph: Mapping[str, set[str]]) -> list[str]:
    """One import loop of `graph` (its modules, the first repeated at the end), or []."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return list(error.args[1])
    return []


def test_no_module_imports_itself_through_others():
    loop = a_loop(import_graph(package_sources()))
    assert loop == [], "import loop: " + " → ".join(loop)


def test_the_walk_sees_every_kind_of_import():
    """A loop through a deferred import, a TYPE_CHECKING import, a relative import or
    `from package import module` is found; a package importing its own module is none."""
    sources = {
        "app": ("", True),
        "app.a": ("def f():\n    from app.b import thing\n", False),
        "app.b": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app.c\n", False),
        "app.c": ("from . import a\n", False),
        "app.d": ("from app import e\n", False),
        "app.e": ("import os\n", False),
        "app.pkg": ("from app.pkg.inner import x\n", True),
        "app.pkg.inner": ("from .sibling import y\n", False),
        "app.pkg.sibling": ("y = 1\n", False),
    }
    graph = import_graph(sources)
    assert graph["app.c"] == {"app.a"}
    assert graph["app.d"] == {"app.e"}
    assert graph["app.pkg.inner"] == {"app.pkg.sibling"}
    assert set(a_loop(graph)) == {"app.a", "app.b", "app.c"}


def test_the_walk_finds_the_package():
    graph = import_graph(package_sources())
    assert "facilitator_app.store.files" in graph["facilitator_app.store.copies"]
    assert "facilitator_app.store.integrity" in graph["facilitator_app.store.event_store"]
    assert len(graph) > 100

"""The layers of docs/architecture.md hold: what may import what, no import cycle, small modules.

Every ``import`` of the project's own modules is read with ``ast`` from the source of
``refbridge/`` and ``plugins/`` (installed as ``refbridge_plugins``), function-level
(lazy) imports included and ``if TYPE_CHECKING:`` blocks left out (they never run).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 400

#: Layer of each module, by name prefix (longest prefix wins); lower numbers are lower layers.
LAYERS: dict[str, int] = {
    "refbridge.model": 0,
    # the plugin API and the helpers formats and transforms share
    "refbridge.registry": 1,
    "refbridge.hookspecs": 1,
    "refbridge.context": 1,
    "refbridge.diagnostics": 1,
    "refbridge.errors": 1,
    "refbridge.rewrite": 1,
    "refbridge.chunks": 1,
    "refbridge.mesh": 1,
    "refbridge.abstracts": 1,
    "refbridge.pagespan": 1,
    "refbridge.serialize": 1,
    "refbridge.identifiers": 1,
    "refbridge.languages": 1,
    "refbridge._keyset": 1,
    "refbridge.fieldmap": 1,
    # plugins: built-in formats and first-party transforms
    "refbridge.formats": 2,
    "refbridge_plugins": 2,
    # the engine
    "refbridge._internal": 3,
    "refbridge.config": 3,
    "refbridge.session": 3,
    # the fronts: library API and command line
    "refbridge.api": 4,
    "refbridge.batch": 4,
    "refbridge.dask_executor": 4,
    "refbridge.cli": 5,
    "refbridge": 5,  # the package itself re-exports the public API lazily
    "refbridge.__main__": 5,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "plugins":
        parts[0] = "refbridge_plugins"
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    paths = [*(REPO / "refbridge").rglob("*.py"), *(REPO / "plugins").rglob("*.py")]
    return {_module_name(p): p for p in paths if "__pycache__" not in p.parts}


SOURCES = _sources()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
    for node in nodes:
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from _walk(node.orelse)
            continue
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                yield from _walk([child])
            else:
                yield from _walk_expr(child)


def _walk_expr(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
            yield from _walk([child])


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> set[str]:
    """The project modules ``module`` imports (lazily or not)."""
    path = SOURCES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _walk(tree.body):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            # ``from pkg import name``: name may be a submodule
            names = [f"{target}.{a.name}" if f"{target}.{a.name}" in SOURCES else target for a in node.names]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in ("refbridge", "refbridge_plugins"))
    return {n for n in found if n in SOURCES} - {module}


GRAPH = {module: imports_of(module) for module in SOURCES}


def layer(module: str) -> int:
    """The layer of a module (its longest matching prefix in LAYERS)."""
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def _family(module: str) -> str | None:
    """``refbridge.formats.ris`` for any module of the ris package (None outside plugins)."""
    parts = module.split(".")
    if parts[:2] == ["refbridge", "formats"] and len(parts) >= 3:
        return ".".join(parts[:3])
    if parts[0] == "refbridge_plugins" and len(parts) >= 2:
        return ".".join(parts[:2])
    return None


def test_every_module_has_a_layer() -> None:
    assert all(isinstance(layer(m), int) for m in SOURCES)
    assert len(SOURCES) > 80


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_imports_go_down_the_layers(module: str) -> None:
    """A module imports only modules of its own layer or below; plugins (formats and
    first-party transforms) import no other plugin, only the plugin API and the model."""
    mine = layer(module)
    for target in sorted(GRAPH[module]):
        assert layer(target) <= mine, f"{module} (layer {mine}) imports {target} (layer {layer(target)})"
        if mine == 2 and layer(target) == 2:
            shared = target in {"refbridge_plugins.records", "refbridge_plugins"}
            assert _family(target) == _family(module) or shared, f"plugin {module} imports plugin {target}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_no_import_cycle() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(SOURCES))
def test_modules_are_small(module: str) -> None:
    lines = SOURCES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{SOURCES[module].relative_to(REPO)} has {lines} lines"


def test_the_rules_catch_a_bad_import() -> None:
    """The checks above can fail: a format importing the engine is a violation."""
    assert layer("refbridge.formats.ris.read") < layer("refbridge._internal.pipeline")
    assert _family("refbridge.formats.ris.read") != _family("refbridge.formats.bibtex.read")

"""The plugin package's layout, read statically (ast, nothing imported): the import graph
has no cycle, no import climbs back up the layers, and no file is over ~600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "jiangdu_grid_plugin"

# The layers, lowest first: a module imports from its own layer or lower ones, never from
# a higher one nor from a sibling in the same row (gui and processing do not import each
# other: the toolbar opens algorithms by their id).
#   core        QGIS-free domain: codes, store, routing, workflow, density, demo
#   __about__   the plugin's identity (metadata.txt, found through core.paths)
#   toolbelt    QGIS-facing helpers: logging, translation, settings, stores from layers
#   maps        the supervisor's project, the atlas, styles made at run time
#   processing  the algorithms and their provider  |  gui  docks, map tools, panels
#   plugin      plugin.py: menus, toolbar, provider registration
#   (package)   __init__.py: classFactory
LAYERS = (("core",), ("__about__",), ("toolbelt",), ("maps",), ("processing", "gui"), ("plugin",))

# Files allowed over MAX_LINES, and why.
MAX_LINES = 600
OVERSIZE: set[str] = set()  # none today


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its __init__.py)."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(module: str, path: Path, node: ast.Import | ast.ImportFrom, known) -> list[str]:
    """The package's modules an import statement names: `from pkg import name` is the
    submodule pkg.name when there is one, else pkg itself."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    base = module if path.name == "__init__.py" else module.rpartition(".")[0]
    if node.level:
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    names = [f"{target}.{alias.name}" for alias in node.names]
    return sorted({name if name in known else target for name in names} & set(known))


def _type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and getattr(test, "id", getattr(test, "attr", "")) == (
        "TYPE_CHECKING"
    )


def module_level_imports(tree: ast.Module):
    """The import statements run when the module is imported: at module level and in
    class bodies, inside if/try blocks too, but not in functions (run when called) nor
    under `if TYPE_CHECKING:` (never run)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or _type_checking(node):
            continue
        else:
            pending += [
                child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)
            ]


def graph(level_only: bool) -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for module, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = (
            module_level_imports(tree)
            if level_only
            else (n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))
        )
        edges[module] = {
            target
            for node in nodes
            for target in imported(module, path, node, known)
            if target != module
        }
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One path around each cycle found by a depth-first search."""
    found, state, stack = [], {}, []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module)
    return found


def layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS)  # the package itself: classFactory, on top
    return next(i for i, row in enumerate(LAYERS) if parts[1] in row)


def climbs(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            mine, theirs = layer(module), layer(target)
            sibling = mine == theirs and module.split(".")[1:2] != target.split(".")[1:2]
            if theirs > mine or sibling:
                found.append(f"{module} imports {target}")
    return found


def test_every_module_is_in_a_layer():
    assert {module.split(".")[1] for module in modules() if "." in module} == {
        name for row in LAYERS for name in row
    }


def test_the_import_graph_has_no_cycle():
    edges = graph(level_only=True)
    assert sum(len(targets) for targets in edges.values()) > 100
    assert cycles(edges) == []


def test_imports_inside_functions_close_no_cycle_but_the_store_locations_own():
    """A lazy import is still a dependency: the only cycles it closes are through
    StoreLocation.open, which opens the backend its location names (each backend's
    modules name their stores by a StoreLocation)."""
    edges = graph(level_only=False)
    location = f"{PACKAGE}.core.store.location"
    assert {f"{PACKAGE}.core.store.sqlite", f"{PACKAGE}.core.store.postgres"} <= edges[location]
    edges[location] = set()
    assert cycles(edges) == []


def test_no_import_climbs_back_up_the_layers():
    # Imports inside functions count too: a lazy import still depends on the layer.
    assert climbs(graph(level_only=False)) == []


def test_the_checks_find_a_cycle_and_a_climb():
    edges = {"p.core.a": {"p.core.b"}, "p.core.b": {"p.gui.c"}, "p.gui.c": {"p.core.a"}}
    assert cycles(edges) == [["p.core.a", "p.core.b", "p.gui.c", "p.core.a"]]
    assert climbs(edges) == ["p.core.b imports p.gui.c"]
    assert climbs({"p.gui.c": {"p.processing.d"}}) == ["p.gui.c imports p.processing.d"]


def test_module_level_imports_leave_out_functions_and_type_checking():
    tree = ast.parse(
        "import a\nif TYPE_CHECKING:\n    import b\nclass C:\n    import c\n"
        "def f():\n    import d\ntry:\n    import e\nexcept ImportError:\n    pass\n"
    )
    assert sorted(n.names[0].name for n in module_level_imports(tree)) == ["a", "c", "e"]


def test_each_exemption_is_still_needed():
    for relative in OVERSIZE:
        path = ROOT / PACKAGE / relative
        assert len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES, relative


def test_no_file_is_over_600_lines():
    over = {
        str(path.relative_to(ROOT / PACKAGE)): length
        for path in (ROOT / PACKAGE).rglob("*.py")
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {name: length for name, length in over.items() if name not in OVERSIZE} == {}

"""The layering rules of docs/architecture.md, checked on the source tree."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("core", "models", "resolvers", "schema", "rest_compat", "iamgraph")
DIALECTS = ("keycloak", "hydra", "keto", "lowball")

# Which first-party packages each layer may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "models": {"core"},
    "resolvers": {"core", "models"},
    "schema": {"resolvers", "core", "models"},
    "rest_compat": {"resolvers", "core", "models"},
    "iamgraph": {"rest_compat", "schema", "resolvers", "core", "models"},
}
# Third-party packages a layer must not import: the domain knows no transport.
FORBIDDEN_THIRD_PARTY = {
    "resolvers": {"starlette", "strawberry", "graphql", "uvicorn"},
    "core": {"starlette", "strawberry", "graphql", "uvicorn", "tortoise"},
    "models": {"starlette", "strawberry", "graphql", "uvicorn"},
}
MAX_LINES = 400
# Where a domain failure may be caught and turned into an answer: a dialect's, GraphQL's, the command line's.
KITS = (
    "schema/kit/",
    "rest_compat/routing.py",
    "iamgraph/graphql.py",
    "iamgraph/graphql_ws.py",
    "iamgraph/cli.py",
)


def sources() -> Iterator[Path]:
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path, *, module_level_only: bool = False) -> set[str]:
    """Absolute module names imported by a file (relative imports resolved)."""
    tree = ast.parse(path.read_text())
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If) and _type_checking(node):
                if not module_level_only:
                    visit(node.body)
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        visit([child])
            elif not module_level_only and isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            ):
                visit(node.body)

    visit(tree.body)
    return found


def layer_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


@pytest.mark.parametrize("path", list(sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layers(path: Path) -> None:
    layer = layer_of(path)
    for name in imports(path):
        top = name.split(".")[0]
        if top in LAYERS and top != layer:
            assert top in ALLOWED[layer], f"{layer} may not import {name}"
        assert top not in FORBIDDEN_THIRD_PARTY.get(layer, set()), f"{layer} may not import {name}"
        if layer == "rest_compat" and top == "rest_compat":
            own = path.relative_to(ROOT).parts[1]
            other = name.split(".")[1] if name.count(".") else ""
            if own in DIALECTS and other in DIALECTS:
                assert other == own, f"dialect {own} may not import dialect {other} ({name})"


def test_no_import_cycle() -> None:
    known = {module_name(p): p for p in sources()}
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = set()
        for imported in imports(path, module_level_only=True):
            # "from package import module" names the module itself
            while imported and imported not in known:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    # Tarjan's strongly connected components; a package's __init__ importing its own modules is fine
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            connect(v)
    assert not cycles, f"import cycles: {cycles}"


def test_modules_stay_small() -> None:
    big = {
        str(p.relative_to(ROOT)): n for p in sources() if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_domain_errors_are_caught_only_in_the_kits() -> None:
    pattern = re.compile(r"except\s*\(?[^:\n]*\bDomainError\b")
    offenders = [
        str(p.relative_to(ROOT))
        for p in sources()
        if pattern.search(p.read_text()) and not str(p.relative_to(ROOT)).startswith(KITS)
    ]
    assert not offenders, f"except DomainError outside the kits: {offenders}"


def test_resolvers_read_no_headers() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "resolvers").rglob("*.py")
        if re.search(r"\bheaders\b|[Aa]uthorization:", p.read_text())
    ]
    assert not offenders, f"resolvers reading headers: {offenders}"

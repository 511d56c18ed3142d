"""Rules of the schema's shape, read from the schema itself and from the schema package's source."""

from __future__ import annotations

import ast
from pathlib import Path

from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from schema.kit.node import node_types
from schema.schema import schema

SCHEMA_DIR = Path(__file__).parent.parent.parent / "schema"


def _object_types() -> list[GraphQLObjectType]:
    return [
        t
        for name, t in schema._schema.type_map.items()
        if isinstance(t, GraphQLObjectType) and not name.startswith("__")
    ]


def test_every_type_with_an_id_is_a_node() -> None:
    with_id = [t for t in _object_types() if "id" in t.fields]
    assert {"Realm", "User", "Group", "Role", "Client", "LowballToken", "Credential"} <= {
        t.name for t in with_id
    }
    for t in with_id:
        field_type = t.fields["id"].type
        assert isinstance(field_type, GraphQLNonNull) and str(field_type.of_type) == "ID", f"{t.name}.id"
        assert "Node" in [i.name for i in t.interfaces], (
            f"{t.name} has an id: ID! but does not implement Node"
        )


def test_every_node_type_is_registered() -> None:
    implementing = {t.name for t in _object_types() if "Node" in [i.name for i in t.interfaces]}
    assert implementing == set(node_types())


def test_every_mutation_answers_a_payload_with_typed_errors() -> None:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    for name, field in mutation.fields.items():
        payload = get_named_type(field.type)
        assert isinstance(payload, GraphQLObjectType), name
        assert str(payload.fields["errors"].type) == "[MutationError!]!", name


def _runtime_imports(path: Path) -> set[str]:
    """The schema modules a module imports when it runs (anywhere but under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(path.read_text())
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "schema" or name.startswith("schema.")}


def test_schema_modules_import_no_cycle() -> None:
    modules = {
        ".".join(path.relative_to(SCHEMA_DIR.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in SCHEMA_DIR.rglob("*.py")
    }
    graph = {name: _runtime_imports(path) & set(modules) for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, "import cycle: " + " -> ".join((*trail[trail.index(name) :], name))
        if name in done:
            return
        for imported in graph[name]:
            visit(imported, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_domain_errors_become_typed_errors_only_in_the_kit() -> None:
    catching = sorted(
        str(path.relative_to(SCHEMA_DIR.parent))
        for path in SCHEMA_DIR.rglob("*.py")
        if "except DomainError" in path.read_text()
    )
    assert catching == ["schema/kit/mutations.py"]

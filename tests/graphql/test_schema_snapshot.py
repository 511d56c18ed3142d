"""The committed SDL is the schema the server serves: regenerate it with
``python -c "from schema.schema import schema; open('schema.graphql','w').write(schema.as_str()+'\\n')"``."""

from pathlib import Path

from schema.schema import schema


def test_committed_schema_graphql_is_current() -> None:
    committed = (Path(__file__).parent.parent.parent / "schema.graphql").read_text()
    assert committed == schema.as_str() + "\n", "schema.graphql is stale: regenerate it"

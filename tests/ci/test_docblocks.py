"""The documentation check's pure half (.ci/docblocks.py): Markdown blocks, markers, commands, short forms."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docblocks", ROOT / ".ci" / "docblocks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docblocks"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


docblocks = _load()

DOCUMENT = """# Title

```sh
pip install -e .
```

Some prose with `inline code` that is not run.

<!-- doccheck: expect "data" -->

<!-- doccheck: reject "errors" -->
```bash
curl -s \\
  http://127.0.0.1:8080/graphql
```

<!-- doccheck: page /graphql <title>Strawberry GraphiQL</title> -->
Open it in a browser.

<!-- doccheck: skip — needs a browser -->
~~~python
print("never run")
~~~

```json
{"not": "a command"}
```

1. In a list:

   ```sh
   echo indented
   ```
"""


def test_blocks_pages_and_markers_in_document_order() -> None:
    items = docblocks.parse(DOCUMENT)
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Block", "Block", "Page", "Block", "Block"]
    first, curl, page, skipped, indented = items
    assert (first.line, first.language, first.text, first.markers) == (3, "sh", "pip install -e .\n", [])
    assert curl.language == "sh" and curl.line == 12
    assert curl.args("expect") == ['"data"'] and curl.args("reject") == ['"errors"']
    assert (page.line, page.path, page.text) == (17, "/graphql", "<title>Strawberry GraphiQL</title>")
    assert skipped.language == "python" and skipped.args("skip") == ["needs a browser"]
    assert indented.text == "echo indented\n"


@pytest.mark.parametrize(
    ("markdown", "line", "message"),
    [
        ("```\nls\n```\n", 1, "without a language"),
        ("<!-- doccheck: skip -->\n```sh\nls\n```\n", 1, "needs its reason"),
        ("<!-- doccheck: frobnicate now -->\n```sh\nls\n```\n", 1, "not a doccheck marker"),
        ("<!-- doccheck: verify GET /x -->\n```sh\nls\n```\n", 1, "not a doccheck marker"),
        ("<!-- doccheck: expect x -->\nprose\n```sh\nls\n```\n", 1, "right before a code block"),
        ("text\n<!-- doccheck: expect x -->\n", 2, "right before a code block"),
        ("<!-- doccheck: expect x -->\n```json\n{}\n```\n", 1, "which is not run"),
        (
            "<!-- doccheck: skip — why -->\n<!-- doccheck: expect x -->\n```sh\nls\n```\n",
            3,
            "no other marker",
        ),
        ("```sh\nls\n", 1, "never closed"),
    ],
)
def test_convention_breaches_name_their_line(markdown: str, line: int, message: str) -> None:
    with pytest.raises(docblocks.DocError) as error:
        docblocks.parse(markdown)
    assert error.value.line == line
    assert message in error.value.message


def test_skip_accepts_dash_colon_and_en_dash() -> None:
    for mark in ("\u2014", "\u2013", "-", ":"):  # em dash, en dash
        (block,) = docblocks.parse(f"<!-- doccheck: skip {mark} because -->\n```sh\nls\n```\n")
        assert block.args("skip") == ["because"]


def test_commands_join_continuations_and_multiline_quotes() -> None:
    text = (
        "# a comment\n\nTOKEN=$(curl -s \\\n  http://x | python -c 'import sys')\n"
        "echo 'one\ntwo'\nls  # trailing\n"
    )
    commands = docblocks.split_commands(text, 10)
    assert [(c.line, c.text.splitlines()[0]) for c in commands] == [
        (12, "TOKEN=$(curl -s \\"),
        (14, "echo 'one"),
        (16, "ls  # trailing"),
    ]


def test_a_shell_syntax_error_is_a_document_error() -> None:
    with pytest.raises(docblocks.DocError) as error:
        docblocks.split_commands("ls\necho )\n", 5)
    assert error.value.line == 6 and "syntax error" in error.value.message
    with pytest.raises(docblocks.DocError, match="unfinished"):
        docblocks.split_commands("echo 'open\n", 1)


@pytest.mark.parametrize(
    ("documented", "ran"),
    [
        ("python -m bench", "python -m bench --quick --only kc-get-user"),
        ("python -m bench --quick   # CI", "python -m bench --quick --only kc-get-user   # CI"),
        ("python -m bench --only a b --profile", "python -m bench --quick --only a b --profile"),
        ("X=1 python -m bench", "X=1 python -m bench --quick --only kc-get-user"),
        (
            "pip install -e '.[test]' && python -m pytest",
            "pip install -e '.[test]' && python -m pytest --collect-only -q -p no:cacheprovider",
        ),
        ("iamgraph serve --port 8080", "iamgraph serve --port 8080"),
        ("python -m benchmark", "python -m benchmark"),
    ],
)
def test_short_forms(documented: str, ran: str) -> None:
    command, why = docblocks.as_run(documented)
    assert command == ran
    assert (why is None) == (documented == ran)


def test_two_spellings_of_one_command_have_the_same_segments() -> None:
    same = docblocks.segments("python -m bench --quick --only kc-get-user   # what CI runs")
    assert same == docblocks.segments("python  -m bench --quick --only 'kc-get-user'")
    assert docblocks.segments("pip install -e '.[bench]' && python -m bench --quick") == {
        ("pip", "install", "-e", ".[bench]"),
        ("python", "-m", "bench", "--quick"),
    }
    assert docblocks.segments("X=1 python -m bench") != docblocks.segments("python -m bench")


@pytest.mark.parametrize(
    ("first", "install"),
    [
        ("pip install -e .", "pip install -e ."),
        ("pip install -e . && iamgraph serve", "pip install -e ."),
        ("pip install -e '.[bench]'   # comment", "pip install -e '.[bench]'"),
        ('pip install -e ".[test,bench]"', "pip install -e '.[test,bench]'"),
        ("pip install .", "pip install ."),
        ("pip install python-keycloak", None),
        ("pip install ./other", None),
        ("python -m bench", None),
    ],
)
def test_blocks_that_install_the_checkout_get_a_fresh_venv(first: str, install: str | None) -> None:
    assert docblocks.project_install([docblocks.Command(1, first)]) == install


def test_the_script_names_the_failing_command_even_left_of_and(tmp_path: Path) -> None:
    commands = docblocks.split_commands("A=ok\necho $A\nfalse && echo never\necho after\n", 20)
    script = tmp_path / "block.sh"
    script.write_text(docblocks.shell_script(commands))
    run = subprocess.run(["bash", str(script)], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout.splitlines() == ["ok", "__DOCCHECK_FAILED__ 22 1"]


def test_every_user_facing_document_follows_the_conventions() -> None:
    documents = [
        p for p in ROOT.rglob("*.md") if not {"tests", ".venv", ".git"} & set(p.relative_to(ROOT).parts)
    ]
    assert documents
    for document in documents:
        for item in docblocks.parse(document.read_text()):
            if isinstance(item, docblocks.Block) and item.language == "sh" and not item.args("skip"):
                assert docblocks.split_commands(item.text, item.line + 1)

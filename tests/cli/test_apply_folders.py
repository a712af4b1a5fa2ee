"""`apply`, `diff` and `replace` with `-f DIR` (its .yaml, .yml and .json files; `-R` its
folders too), several `-f`, and `-f -` (stdin) beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Skyctl, StoreState

from skyshift_tui.store import Store


def edp(name: str, count: int = 1) -> str:
    return (
        f"kind: Endpoints\nmetadata: {{name: {name}}}\n"
        f"spec: {{endpoints: {{c1: {{num_endpoints: {count}}}}}, primary_cluster: c1}}\n"
    )


@pytest.fixture
def manifests(tmp_path: Path) -> Path:
    """a.yaml (two documents), b.json, notes.txt (not read), sub/d.yml."""
    folder = tmp_path / "manifests"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.yaml").write_text(edp("a1") + "---\n" + edp("a2"))
    (folder / "b.json").write_text('{"kind": "Endpoints", "metadata": {"name": "b"}}')
    (folder / "notes.txt").write_text("not: [an object")
    (folder / "sub" / "d.yml").write_text(edp("d"))
    return folder


def names(store: Store) -> list[str]:
    return sorted(obj["metadata"]["name"] for obj in store.list_endpoints())


def test_apply_a_folder_then_recursively(skyctl: Skyctl, store: Store, manifests: Path) -> None:
    flat = skyctl("apply", "-f", str(manifests))
    assert (flat.code, flat.lines) == (
        0,
        ["endpoints/a1 created", "endpoints/a2 created", "endpoints/b created"],
    )
    deep = skyctl("apply", "-R", "-f", str(manifests))
    assert deep.lines == [
        "endpoints/a1 unchanged",
        "endpoints/a2 unchanged",
        "endpoints/b unchanged",
        "endpoints/d created",
    ]
    assert names(store) == ["a1", "a2", "b", "d"]


def test_several_files_and_stdin(skyctl: Skyctl, store: Store, manifests: Path) -> None:
    result = skyctl(
        "apply",
        "-f",
        str(manifests / "b.json"),
        "-f",
        "-",
        "-f",
        str(manifests / "sub"),
        stdin=edp("piped"),
    )
    assert result.lines == ["endpoints/b created", "endpoints/piped created", "endpoints/d created"]


def test_diff_and_replace_a_folder(skyctl: Skyctl, store: Store, manifests: Path) -> None:
    assert skyctl("apply", "-f", str(manifests)).code == 0
    (manifests / "a.yaml").write_text(edp("a1", 5) + "---\n" + edp("a2"))
    changed = skyctl("diff", "-f", str(manifests))
    assert changed.code == 1
    assert "-      num_endpoints: 1\n+      num_endpoints: 5" in changed.out
    replaced = skyctl("replace", "-f", str(manifests))
    assert replaced.lines == [
        "endpoints/a1 replaced",
        "endpoints/a2 replaced",
        "endpoints/b replaced",
    ]
    assert store.get_endpoints("a1", "default")["spec"]["endpoints"]["c1"]["num_endpoints"] == 5
    assert skyctl("diff", "-f", str(manifests)).code == 0


def test_a_folder_without_objects(skyctl: Skyctl, store_state: StoreState, tmp_path: Path) -> None:
    before = store_state()
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.md").write_text("# nothing here")
    result = skyctl("apply", "-f", str(tmp_path / "empty"))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"error: no objects found in {tmp_path / 'empty'}; nothing was applied"
    ]
    assert store_state() == before

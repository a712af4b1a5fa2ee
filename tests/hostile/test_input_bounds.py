"""Input that tried to exhaust time and memory, or slipped past a rule (issue 8, points 1, 2,
4 and 9): each is refused with exit 2, one line, and the store left byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import one_error_line, seeded, skyctl, state

from skyshift_tui.services.input_limits import MAX_INPUT_BYTES

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
kind: Endpoints
metadata: {name: bomb}
status: {conditions: [{x: *g}]}
"""


def refused(store_path: Path, *args: str, stdin: str | bytes | None = None) -> str:
    """Run a command that must be refused as bad input; its one error line."""
    before = state(store_path)
    result = skyctl(store_path, *args, stdin=stdin)
    assert result.code == 2, result
    assert state(store_path) == before
    return one_error_line(result)


def endpoints_json(body: str) -> str:
    """A set `x` with `body`'s fields (its own metadata, if it gives one: a key given twice is
    refused)."""
    metadata = "" if body.startswith('"metadata"') else '"metadata": {"name": "x"}, '
    return '{"kind": "Endpoints", ' + metadata + body + "}"


def test_yaml_alias_bomb_is_refused_fast(store_path: Path, tmp_path: Path) -> None:
    """Point 1: a 416-byte alias bomb took 8 s and 2.6 GB, and grew the store to 605 MB."""
    seeded(store_path)
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB)
    line = refused(store_path, "apply", "-f", str(bomb))
    assert "YAML aliases" in line and 'Endpoints "bomb"' in line


def test_a_few_yaml_aliases_still_work(store_path: Path, tmp_path: Path) -> None:
    seeded(store_path)
    doc = tmp_path / "ok.yaml"
    doc.write_text(
        "kind: Endpoints\nmetadata: {name: a, labels: &l {app: web}}\nspec: {selector: *l}\n"
    )
    result = skyctl(store_path, "apply", "-f", str(doc))
    assert result.code == 0, result


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('"status": {"conditions": [' + ",".join(['{"type": "x"}'] * 65) + "]}", "65 conditions"),
        (
            '"metadata": {"name": "x", "annotations": {"big": "' + "a" * 262_200 + '"}}',
            "annotations are",
        ),
        (
            '"metadata": {"name": "x", "labels": {'
            + ",".join(f'"k{i}": "v"' for i in range(257))
            + "}}",
            "257 pairs",
        ),
        (
            '"status": {"conditions": [{"blob": "' + "a" * (1024 * 1024) + '"}]}',
            "1 MiB",
        ),
        ('"metadata": {"name": "x", "annotations": {"bad key!": "v"}}', "annotation key"),
    ],
    ids=["conditions", "annotations", "labels", "object-size", "annotation-key"],
)
def test_objects_are_bounded_as_kubernetes_bounds_them(
    store_path: Path, body: str, expected: str
) -> None:
    """Point 1: conditions, labels, annotations and whole objects have documented limits."""
    seeded(store_path)
    line = refused(store_path, "apply", "-f", "-", stdin=endpoints_json(body))
    assert expected in line


@pytest.mark.parametrize("source", ["/dev/zero", "-"])
def test_endless_input_is_refused_after_the_limit(store_path: Path, source: str) -> None:
    """Point 2: `apply -f /dev/zero` read until memory ran out ("unexpected MemoryError")."""
    seeded(store_path)
    stdin = b"\0" * (MAX_INPUT_BYTES + 1) if source == "-" else None
    line = refused(store_path, "apply", "-f", source, stdin=stdin)
    assert "larger than 64 MiB" in line


def test_big_file_is_refused_without_reading_it(store_path: Path, tmp_path: Path) -> None:
    seeded(store_path)
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: 200 MB that costs no disk
        handle.truncate(200 * 1024 * 1024)
    assert "larger than 64 MiB" in refused(store_path, "apply", "-f", str(big))


@pytest.mark.parametrize(
    "name", ["nl\n", "nl\r\n", "a\nb", "tab\t", "esc\x1b"], ids=["nl", "crlf", "mid", "tab", "esc"]
)
def test_names_are_matched_whole(store_path: Path, name: str) -> None:
    """Point 4: `nl\\n` passed through apply (`$` matches before a final newline)."""
    import json

    seeded(store_path)
    for where in ("name", "namespace"):
        meta = {"name": "x", where: name}
        doc = json.dumps({"kind": "Endpoints", "metadata": meta})
        assert "invalid" in refused(store_path, "apply", "-f", "-", stdin=doc)
    for field in ("labels", "annotations"):
        doc = json.dumps({"kind": "Endpoints", "metadata": {"name": "x", field: {name: "v"}}})
        assert "invalid" in refused(store_path, "apply", "-f", "-", stdin=doc)
    doc = json.dumps({"kind": "Endpoints", "metadata": {"name": "x", "labels": {"k": name}}})
    assert "invalid" in refused(store_path, "apply", "-f", "-", stdin=doc)
    spec = {"endpoints": {name: {}}}
    doc = json.dumps({"kind": "Endpoints", "metadata": {"name": "x"}, "spec": spec})
    assert "invalid" in refused(store_path, "apply", "-f", "-", stdin=doc)
    refused(store_path, "create", "namespace", name)
    refused(store_path, "create", "endpoints", "x", "--primary_cluster", name)
    refused(store_path, "create", "endpoints", "x", "-s", f"k=v{name}x")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            '"spec": {"endpoints": {"c": {"num_endpoints": 1' + "0" * 30 + "}}}",
            "number of endpoints",
        ),
        ('"status": {"conditions": [{"n": 9223372036854775808}]}', "conditions[0].n"),
        ('"status": {"conditions": [{"n": -9223372036854775809}]}', "conditions[0].n"),
        (
            '"status": {"conditions": [{"deep": ' + "[" * 300 + "]" * 300 + "}]}",
            "nested deeper than 255",
        ),
    ],
    ids=["num-endpoints", "int64-max+1", "int64-min-1", "nesting"],
)
def test_huge_numbers_and_deep_nesting_are_input_errors(
    store_path: Path, body: str, field: str
) -> None:
    """Point 9: these were `unexpected TypeError/ValueError`, exit 1."""
    seeded(store_path)
    line = refused(store_path, "apply", "-f", "-", stdin=endpoints_json(body))
    assert field in line and '"x"' in line


def test_huge_num_endpoints_on_the_command_line(store_path: Path) -> None:
    seeded(store_path)
    line = refused(store_path, "create", "endpoints", "x", "--num_endpoints", "1" + "0" * 30)
    assert "number of endpoints must be at most" in line


def test_largest_integers_are_kept_exactly(store_path: Path) -> None:
    seeded(store_path)
    body = '"status": {"conditions": [{"n": 9223372036854775807, "m": -9223372036854775808}]}'
    result = skyctl(store_path, "apply", "-f", "-", stdin=endpoints_json(body))
    assert result.code == 0, result
    shown = skyctl(store_path, "get", "endpoints", "x", "-o", "json")
    assert '"n": 9223372036854775807' in shown.out and '"m": -9223372036854775808' in shown.out

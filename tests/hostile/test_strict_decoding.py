"""`apply` decodes strictly, as kubectl's strict decoding does (issue 13, point 10): a key given
twice took the last one silently (YAML and JSON), and `"3"`, `3.0`, `0x10` and `1:30` (YAML
1.1's base 60) all became counts. Each is refused, exit 2, naming what is wrong; nothing is
written. YAML's own `true`/`false` stay fine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_support import one_error_line, seeded, skyctl, state


def _refused(store_path: Path, text: str) -> str:
    seeded(store_path)
    before = state(store_path)
    result = skyctl(store_path, "apply", "-f", "-", stdin=text)
    assert result.code == 2, result
    assert state(store_path) == before
    return one_error_line(result)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("kind: Endpoints\nmetadata:\n  name: a\n  labels: {x: '1'}\n  name: b\n", 5),
        ("kind: Endpoints\nmetadata: {name: a}\nspec: {}\nspec: {primary_cluster: c}\n", 4),
        ('{"kind": "Endpoints",\n "metadata": {"name": "a",\n  "name": "b"}}', 3),
        ('[{"kind": "Endpoints", "metadata": {"name": "a", "labels": {"x": "1", "x": "2"}}}]', 1),
    ],
    ids=["yaml", "yaml-top", "json", "json-list"],
)
def test_a_key_given_twice_is_refused_naming_it_and_its_line(
    store_path: Path, text: str, line: int
) -> None:
    refusal = _refused(store_path, text)
    assert f"stdin: line {line}: key " in refusal and "is given twice" in refusal, refusal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('"3"', '"3"'),
        ("3.0", "3.0"),
        ("0x10", '"0x10"'),
        ("010", '"010"'),
        ("1:30", '"1:30"'),
        ("1_000", '"1_000"'),
    ],
)
def test_a_count_of_the_wrong_type_is_refused(store_path: Path, value: str, shown: str) -> None:
    text = (
        "kind: Endpoints\nmetadata: {name: a}\nspec:\n  endpoints:\n"
        f"    c1: {{num_endpoints: {value}}}\n"
    )
    refusal = _refused(store_path, text)
    assert f"num_endpoints: must be a whole number, not {shown}" in refusal, refusal


@pytest.mark.parametrize("value", ['"true"', "yes", "on", "1"])
def test_a_flag_of_the_wrong_type_is_refused(store_path: Path, value: str) -> None:
    text = (
        "kind: Endpoints\nmetadata: {name: a}\nspec:\n  endpoints:\n"
        f"    c1: {{exposed_to_cluster: {value}}}\n"
    )
    assert "exposed_to_cluster: must be true or false" in _refused(store_path, text)


def test_json_counts_are_as_strict(store_path: Path) -> None:
    doc = {"kind": "Endpoints", "metadata": {"name": "a"}, "spec": {"endpoints": {"c": {}}}}
    doc["spec"]["endpoints"]["c"]["num_endpoints"] = "3"  # type: ignore[index]
    assert "must be a whole number" in _refused(store_path, json.dumps(doc))


def test_yaml_booleans_and_plain_words_are_read_as_meant(store_path: Path) -> None:
    """`true`/`false` are booleans; `no` is the text `no` (YAML 1.1 made it false)."""
    seeded(store_path)
    text = (
        "kind: Endpoints\nmetadata: {name: a, labels: {country: no}}\nspec:\n  endpoints:\n"
        "    c1: {num_endpoints: 3, exposed_to_cluster: true}\n"
        "    c2: {exposed_to_cluster: False}\n"
    )
    result = skyctl(store_path, "apply", "-f", "-", stdin=text)
    assert result.code == 0, result
    shown = json.loads(skyctl(store_path, "get", "endpoints", "a", "-o", "json").out)
    assert shown["metadata"]["labels"] == {"country": "no"}
    assert shown["spec"]["endpoints"]["c1"] == {"num_endpoints": 3, "exposed_to_cluster": True}
    assert shown["spec"]["endpoints"]["c2"]["exposed_to_cluster"] is False

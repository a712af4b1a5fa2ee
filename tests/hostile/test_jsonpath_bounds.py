"""`-o jsonpath`, `custom-columns` and `--sort-by` within bounds (issue 13, point 7): a
20,000-step path was `unexpected RecursionError` (exit 1), and `{..*..*..*}` on a set whose
conditions nest 200 deep took 58 s, 1.5 GB and printed 416 MB. Each is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_support import one_error_line, seeded, skyctl

from skyshift_tui.cli.jsonpath_bounds import Budget
from skyshift_tui.cli.jsonpath_output import parse_template, render_template


def _deep_set(store_path: Path, depth: int = 199) -> None:
    """A set whose one condition nests `depth` mappings deep (the rules allow 255)."""
    deep: dict[str, object] = {}
    here = deep
    for _ in range(depth):
        here["a"] = {}
        here = here["a"]  # type: ignore[assignment]
    doc = {"kind": "Endpoints", "metadata": {"name": "deep"}, "status": {"conditions": [deep]}}
    assert skyctl(store_path, "apply", "-f", "-", stdin=json.dumps(doc)).code == 0


def _refused(store_path: Path, *args: str) -> str:
    result = skyctl(store_path, "get", "endpoints", *args)
    assert result.code == 2 and result.out == "", result
    return one_error_line(result)


@pytest.mark.parametrize(
    "output",
    ["jsonpath={..*..*..*}", "custom-columns=A:..*..*..*"],
)
def test_chained_recursive_descent_is_refused(store_path: Path, output: str) -> None:
    _deep_set(store_path)
    line = _refused(store_path, "-o", output)
    assert "steps on this data" in line and "`..`" in line


def test_chained_descent_in_sort_by_is_refused(store_path: Path) -> None:
    _deep_set(store_path)
    assert "steps on this data" in _refused(store_path, "--sort-by", "..*..*..*")


@pytest.mark.parametrize("steps", [20_000, 2_000])
def test_long_paths_are_refused(store_path: Path, steps: int) -> None:
    seeded(store_path)
    path = ".a" * steps
    line = _refused(store_path, "-o", "jsonpath={" + path + "}")
    assert ("at most 16,384" if steps == 20_000 else "more than 256 steps") in line, line
    assert "more than 256 steps" in _refused(store_path, "-o", f"custom-columns=A:{path}")
    assert "more than 256 steps" in _refused(store_path, "--sort-by", path)


def test_deep_paths_within_the_bound_still_work(store_path: Path) -> None:
    _deep_set(store_path, 100)
    path = ".items[0].status.conditions[0]" + ".a" * 100
    result = skyctl(store_path, "get", "endpoints", "-o", "jsonpath={" + path + "}")
    assert result.code == 0 and result.out == "{}\n", result


def test_ranges_nest_at_most_32_deep(store_path: Path) -> None:
    seeded(store_path)
    template = "{range .items[*]}" * 33 + "{end}" * 33
    assert "nested more than 32 deep" in _refused(store_path, "-o", f"jsonpath={template}")


def test_output_is_bounded() -> None:
    """Each value printed counts against the output bound, checked before it grows on."""
    nodes = parse_template('{range .items[*]}{.v}{"\\n"}{end}')
    data = {"items": [{"v": "x" * 1000}] * 100}
    with pytest.raises(Exception, match="larger than 64 MiB"):
        render_template(nodes, data, budget=Budget("jsonpath", output=50_000))
    assert (
        render_template(nodes, data, budget=Budget("jsonpath", output=200_000)).count("\n") == 100
    )

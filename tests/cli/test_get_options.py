"""`get` day-two options: -l, several NAMEs, --sort-by, --no-headers, --show-labels,
-o jsonpath=..., -o custom-columns=...; bad paths and selectors are one line, exit 2."""

from __future__ import annotations

import json

import pytest
from cli_support import Skyctl, run_on_a_terminal

from skyshift_tui.core.models import parse_object
from skyshift_tui.store import Store


@pytest.fixture
def fleet(store: Store) -> Store:
    """b (3 in c1, app=web) and a (1 in c2, app=api) in default; z (5 in c1) in dev."""
    rows = [("b", "default", "c1", 3, {"app": "web"}), ("a", "default", "c2", 1, {"app": "api"})]
    rows.append(("z", "dev", "c1", 5, {}))
    store.apply(
        [
            parse_object(
                {
                    "kind": "Endpoints",
                    "metadata": {"name": n, "namespace": ns, "labels": labels},
                    "spec": {"primary_cluster": c, "endpoints": {c: {"num_endpoints": k}}},
                }
            )
            for n, ns, c, k, labels in rows
        ]
    )
    return store


def first_column(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines()]


def test_selector_and_several_names(skyctl: Skyctl, fleet: Store) -> None:
    assert skyctl("get", "edp", "-l", "app=web", "-o", "name").lines == ["endpoints/b"]
    assert skyctl("get", "edp", "-A", "-l", "!app", "-o", "name").lines == ["endpoints/z"]
    assert skyctl("get", "edp", "-l", "app notin (web)", "-o", "name").lines == ["endpoints/a"]
    none = skyctl("get", "edp", "-l", "app=nope")
    assert (none.out, none.err) == ("", "No resources found in default namespace.\n")
    as_json = json.loads(skyctl("get", "edp", "-l", "app=nope", "-o", "json").out)
    assert as_json == {"kind": "EndpointsList", "objects": []}
    both = skyctl("get", "edp", "a", "b", "-o", "json")
    assert [o["metadata"]["name"] for o in json.loads(both.out)["objects"]] == ["a", "b"]
    partial = skyctl("get", "edp", "a", "ghost", "-o", "name")
    assert partial.code == 1 and partial.lines == ["endpoints/a"]
    assert 'endpoints "ghost" does not exist' in partial.err
    clash = skyctl("get", "edp", "a", "-l", "app=web")
    assert clash.code == 2 and "not both" in clash.err


def test_sort_by_no_headers_and_show_labels(skyctl: Skyctl, fleet: Store) -> None:
    by_count = skyctl("get", "edp", "-A", "--sort-by", ".spec.endpoints.*.num_endpoints")
    assert first_column(by_count.out) == ["NAME", "a", "b", "z"]
    by_cluster = skyctl("get", "edp", "-A", "--sort-by={.spec.primary_cluster}", "-o", "name")
    assert by_cluster.lines == ["endpoints/b", "endpoints/z", "endpoints/a"]
    bare = skyctl("get", "edp", "--no-headers")
    assert first_column(bare.out) == ["a", "b"]
    labelled = skyctl("get", "edp", "--show-labels").lines
    assert labelled[0].split()[-1] == "LABELS"
    assert labelled[1].endswith("app=api") and labelled[2].endswith("app=web")
    namespaces = skyctl("get", "ns", "--no-headers", "--sort-by", ".metadata.name", "-o", "wide")
    assert first_column(namespaces.out) == ["default", "dev"]


def test_jsonpath_templates(skyctl: Skyctl, fleet: Store) -> None:
    names = skyctl("get", "edp", "-o", "jsonpath={.items[*].metadata.name}")
    assert names.out == "a b\n"
    ranged = skyctl(
        "get",
        "edp",
        "-A",
        "-o",
        'jsonpath={range .objects[*]}{.metadata.name}{"\\t"}{.spec.primary_cluster}{"\\n"}{end}',
    )
    assert ranged.out == "a\tc2\nb\tc1\nz\tc1\n"  # by namespace, then name
    one = skyctl("get", "edp", "b", "-o", "jsonpath={.metadata.labels}")
    assert json.loads(one.out) == {"app": "web"}
    text = skyctl("get", "edp", "b", "-o", "jsonpath=count: {.spec.endpoints.c1.num_endpoints}")
    assert text.out == "count: 3\n"
    empty = skyctl("get", "edp", "-n", "void", "-o", "jsonpath={.items[*].metadata.name}")
    assert (empty.code, empty.err) == (0, "")


def test_custom_columns_escape_control_characters(skyctl: Skyctl, fleet: Store) -> None:
    """A cell is data, never a terminal command, as in every other table."""
    assert skyctl("annotate", "edp", "a", "note=\x1b]0;owned\x07x").code == 0
    result = skyctl("get", "edp", "a", "-o", "custom-columns=N:.metadata.annotations.note")
    assert result.code == 0 and "\x1b" not in result.out and "\x07" not in result.out
    assert result.lines[1] == "\\x1b]0;owned\\x07x"


def test_jsonpath_values_are_escaped_on_a_terminal_and_exact_when_piped(
    skyctl: Skyctl, fleet: Store, store_url: str
) -> None:
    """A stored value is data, never a terminal command; piped, scripts get it exact. The
    template's own `{"\\n"}` is a newline either way."""
    assert skyctl("annotate", "edp", "a", "note=\x1b]0;owned\x07x\ty").code == 0
    template = 'jsonpath={.metadata.annotations.note}{"\\n"}'
    piped = skyctl("get", "edp", "a", "-o", template)
    assert (piped.code, piped.out) == (0, "\x1b]0;owned\x07x\ty\n")
    code, shown = run_on_a_terminal(["--store", store_url, "get", "edp", "a", "-o", template])
    assert (code, shown) == (0, b"\\x1b]0;owned\\x07x\\ty\r\n")


def test_custom_columns(skyctl: Skyctl, fleet: Store) -> None:
    spec = (
        "custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,"
        "COUNT:{.spec.endpoints.*.num_endpoints}"
    )
    result = skyctl("get", "edp", "-A", "-o", spec)
    assert [line.split() for line in result.lines] == [
        ["NAME", "APP", "COUNT"],
        ["a", "api", "1"],
        ["b", "web", "3"],
        ["z", "<none>", "5"],
    ]
    bare = skyctl("get", "edp", "-o", spec, "--no-headers", "--sort-by", ".metadata.name")
    assert first_column(bare.out) == ["a", "b"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "jsonpath={.metadata[}"], "cannot parse the path"),
        (["-o", "jsonpath={.items[*].metadata.name"], "unclosed '{'"),
        (["-o", "jsonpath={range .items[*]}{.x}"], "{range} without {end}"),
        (["-o", "jsonpath={end}"], "{end} without {range}"),
        (["-o", 'jsonpath={"\\n}'], "unclosed"),
        (["-o", "jsonpath="], "no template given"),
        (["-o", "jsonpath=", "-w"], "no template given"),
        (["--sort-by", ".metadata.nmae"], "no object has a value at '.metadata.nmae'"),
        (["-o", "custom-columns=NAME"], "HEADER:JSONPATH"),
        (["-o", "custom-columns=NAME:.metadata[["], "cannot parse"),
        (["--sort-by", ".spec[["], "--sort-by"),
        (["--sort-by", ".spec.endpoints"], "--sort-by '.spec.endpoints': unsortable type: map;"),
        (["-A", "--sort-by", ".metadata.labels"], "unsortable type: map; sort by a field that"),
        (
            ["--sort-by", ".status.conditions"],
            "--sort-by '.status.conditions': unsortable type: list",
        ),
        (["-l", "app in (a"], "unclosed"),
        (["-l", "a b"], "malformed"),
        (["--sort-by", ".metadata.name", "-w"], "--sort-by does not apply to --watch"),
        (["-o", "xml"], "is not one of"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    skyctl: Skyctl, fleet: Store, args: list[str], message: str
) -> None:
    result = skyctl("get", "endpoints", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and message in result.err, result.err
    assert len(result.err.splitlines()) == 1


def test_namespaces_by_label(skyctl: Skyctl, fleet: Store) -> None:
    assert skyctl("label", "ns", "dev", "tier=test").code == 0
    assert skyctl("get", "ns", "-l", "tier=test", "-o", "name").lines == ["namespace/dev"]
    none = skyctl("get", "ns", "-l", "tier=prod")
    assert (none.out, none.err) == ("", "No resources found.\n")
    listed = json.loads(skyctl("get", "ns", "-l", "tier=prod", "-o", "json").out)
    assert listed == {"kind": "NamespaceList", "objects": []}

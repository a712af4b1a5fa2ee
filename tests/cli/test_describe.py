"""`skyctl describe endpoints|namespaces`: the TUI's describe text from the real command, for
NAMEs (TYPE/NAME too), -l and -A; values escaped for the terminal; a missing NAME exits 1."""

from __future__ import annotations

import pytest
from cli_support import Skyctl, add_endpoints

from skyshift_tui.render.describe import describe
from skyshift_tui.store import Store


def without_ages(text: str) -> list[str]:
    """The lines, less `Created:` (its age moves with the clock)."""
    return [line for line in text.splitlines() if not line.startswith("Created:")]


@pytest.fixture
def seeded(store: Store) -> Store:
    add_endpoints(
        store,
        "web",
        "prod",
        num_endpoints=3,
        exposed=True,
        primary_cluster="us-east",
        selector=["app=web"],
    )
    add_endpoints(store, "api", "prod", primary_cluster="eu-west")
    store.apply([_labelled("db", "default", {"tier": "data"})])
    return store


def _labelled(name: str, namespace: str, labels: dict[str, str]):  # type: ignore[no-untyped-def]
    from skyshift_tui.core.models import parse_object

    return parse_object(
        {"kind": "Endpoints", "metadata": {"name": name, "namespace": namespace, "labels": labels}}
    )


def test_describe_endpoints_is_the_tui_text(skyctl: Skyctl, seeded: Store) -> None:
    result = skyctl("describe", "endpoints", "web", "-n", "prod")
    assert result.code == 0, result.err
    assert without_ages(result.out) == without_ages(describe(seeded.get_endpoints("web", "prod")))
    assert result.lines[:3] == [
        "Endpoints:        3 in 1 cluster",
        "  CLUSTER    ENDPOINTS  EXPOSED",
        "  us-east *  3          true",
    ]


def test_several_by_name_selector_and_every_namespace(skyctl: Skyctl, seeded: Store) -> None:
    both = skyctl("describe", "edp/web", "edp/api", "-n", "prod")
    assert [line for line in both.lines if line.startswith("Name:")] == [
        "Name:             web",
        "Name:             api",
    ]
    assert "\n\nEndpoints:" in both.out  # a blank line between two objects
    labelled = skyctl("describe", "endpoints", "-A", "-l", "tier=data")
    assert [line for line in labelled.lines if line.startswith("Name:")] == ["Name:             db"]


def test_describe_namespace_counts_its_sets(skyctl: Skyctl, seeded: Store) -> None:
    result = skyctl("describe", "namespace/prod")
    assert result.code == 0, result.err
    assert result.lines[0] == "Name:             prod"
    assert "Endpoints:        2 sets, 3 endpoints in 2 clusters" in result.lines
    assert result.lines[-3:] == [
        "  SET   ENDPOINTS   CLUSTERS   PRIMARY CLUSTER",
        "  api   0           1          eu-west",
        "  web   3           1          us-east",
    ]


def test_values_are_escaped_for_the_terminal(skyctl: Skyctl, store: Store) -> None:
    add_endpoints(store, "web")
    noted = skyctl("annotate", "endpoints", "web", "note=a\nLabels: admin\x1b[2J")
    assert noted.code == 0, noted.err
    result = skyctl("describe", "endpoints", "web")
    assert "\x1b" not in result.out
    assert "Annotations:      note=a\\nLabels: admin\\x1b[2J" in result.lines


def test_a_missing_name(skyctl: Skyctl, seeded: Store) -> None:
    result = skyctl("describe", "endpoints", "ghost", "-n", "prod")
    assert result.code == 1
    assert result.err.splitlines() == [
        'error: endpoints "ghost" does not exist in namespace "prod"'
    ]
    namespace = skyctl("describe", "ns", "prod", "nope")
    assert namespace.code == 1 and "Name:             prod" in namespace.out
    assert namespace.err.splitlines() == ['error: namespace "nope" does not exist']
    both = skyctl("describe", "endpoints", "web", "-l", "a=b")
    assert both.code == 2 and "give NAMEs or -l SELECTOR, not both" in both.err

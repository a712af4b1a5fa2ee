"""The object model: the one set of rules the CLI, `apply` and the TUI forms share."""

from __future__ import annotations

from typing import Any

import pytest

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import (
    Endpoints,
    Namespace,
    format_selector,
    new_namespace,
    parse_object,
    parse_selector,
)


def test_documented_example_builds_skyshift_shape() -> None:
    form = EndpointsForm(
        name="myEndpoints",
        namespace="myNamespace",
        num_endpoints="3",
        exposed=True,
        primary_cluster="myCluster",
        selector=["key1=value1"],
    )
    data = form.to_endpoints().model_dump(mode="json")
    assert data["kind"] == "Endpoints"
    assert data["metadata"]["name"] == "myEndpoints"
    assert data["metadata"]["namespace"] == "myNamespace"
    assert data["spec"] == {
        "selector": {"key1": "value1"},
        "endpoints": {"myCluster": {"num_endpoints": 3, "exposed_to_cluster": True}},
        "primary_cluster": "myCluster",
    }
    assert data["status"] == {"conditions": []}


def test_a_name_alone_is_enough() -> None:
    data = EndpointsForm(name="web").to_endpoints().model_dump()
    assert data["metadata"]["namespace"] == "default"
    assert data["spec"]["primary_cluster"] == "auto"
    assert data["spec"]["endpoints"] == {"auto": {"num_endpoints": 0, "exposed_to_cluster": False}}


@pytest.mark.parametrize(
    "name", ["a", "myEndpoints", "web-1", "web_1", "v1.2", "A" * 63, "0start", "x.y-z_9"]
)
def test_valid_names(name: str) -> None:
    assert EndpointsForm(name=name).errors() == {}


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "required"),
        ("-web", "invalid"),
        ("web-", "invalid"),
        ("we b", "invalid"),
        ("web/1", "invalid"),
        ("A" * 64, "64 characters"),
        ("ünï", "invalid"),
    ],
)
def test_invalid_names_say_why(name: str, fragment: str) -> None:
    errors = EndpointsForm(name=name).errors()
    assert fragment in errors["name"]


@pytest.mark.parametrize(("count", "fragment"), [("-1", "non-negative"), ("three", "whole number")])
def test_bad_counts(count: str, fragment: str) -> None:
    assert fragment in EndpointsForm(name="a", num_endpoints=count).errors()["num_endpoints"]


def test_blank_count_means_the_default() -> None:
    assert EndpointsForm(name="a", num_endpoints=" ").errors() == {}


def test_every_bad_field_is_reported_at_once() -> None:
    errors = EndpointsForm(
        name="bad name", namespace="-x", num_endpoints="-2", primary_cluster="", selector="k"
    ).errors()
    assert set(errors) == {"name", "namespace", "num_endpoints", "primary_cluster", "selector"}


def test_to_endpoints_raises_the_first_problem_as_usage_error() -> None:
    with pytest.raises(InvalidInputError, match="non-negative") as caught:
        EndpointsForm(name="ok", num_endpoints=-5).to_endpoints()
    assert caught.value.exit_code == 2


def test_selector_forms() -> None:
    assert parse_selector(["a=b", "c=d,e=f"]) == {"a": "b", "c": "d", "e": "f"}
    assert parse_selector("app.kubernetes.io/name=web") == {"app.kubernetes.io/name": "web"}
    assert parse_selector("empty=") == {"empty": ""}
    assert format_selector({"a": "b", "c": "d"}) == "a=b,c=d"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("novalue", "KEY=VALUE"),
        ("=v", "KEY=VALUE"),
        ("bad key=v", "selector key"),
        ("k=bad value", "selector value"),
        ("Bad_Prefix!/k=v", "prefix"),
        ("k=" + "v" * 64, "selector value"),
    ],
)
def test_malformed_selectors(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_selector(text)


def test_parse_object_fills_defaults() -> None:
    obj = parse_object({"kind": "Endpoints", "metadata": {"name": "web", "namespace": "dev"}})
    assert isinstance(obj, Endpoints)
    assert obj.spec.primary_cluster == "auto"
    assert obj.metadata.namespace == "dev"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ([], "expected an object"),
        ({"kind": "Pod", "metadata": {"name": "x"}}, "not supported"),
        ({"metadata": {"name": "x"}}, "not supported"),
        ({"kind": "Endpoints", "metadata": {}}, "metadata.name: is required"),
        ({"kind": "Endpoints", "metadata": {"name": "x"}, "spec": {"sel": {}}}, "spec.sel"),
        (
            {
                "kind": "Endpoints",
                "metadata": {"name": "x"},
                "spec": {"endpoints": {"c": {"num_endpoints": -1}}},
            },
            "non-negative",
        ),
        ({"kind": "Namespace", "metadata": {"name": "bad name"}}, "invalid"),
    ],
)
def test_parse_object_refuses_bad_input(data: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        parse_object(data)


def test_new_namespace() -> None:
    assert new_namespace("dev").metadata.name == "dev"
    with pytest.raises(InvalidInputError, match="namespace"):
        new_namespace("dev space")


@pytest.mark.parametrize(
    "build",
    [
        lambda: Endpoints.model_validate({"metadata": {"name": "a", "labels": {"k": 5}}}),
        lambda: Endpoints(metadata={"name": "a", "annotations": {"k": [1]}}),  # type: ignore[arg-type]
        lambda: Endpoints.model_validate({"metadata": {"name": "a"}, "spec": {"endpoints": 5}}),
        lambda: Namespace.model_validate({"metadata": {"name": "a", "labels": {"\x1b": 1}}}),
    ],
)
def test_every_way_to_build_an_object_refuses_in_our_words(build: Any) -> None:
    """Not pydantic's text (several lines, its errors.pydantic.dev link): one line, escaped,
    as an InvalidInputError every face already reports."""
    with pytest.raises(InvalidInputError) as refused:
        build()
    message = str(refused.value)
    assert "pydantic" not in message and "Input should" not in message, message
    assert "\n" not in message and "\x1b" not in message, message
    assert "must be " in message, message


def test_an_object_over_the_size_bound_is_refused_in_our_words() -> None:
    """The size is checked after the fields; that refusal came out as pydantic's text."""
    big = {"conditions": [{"blob": "a" * (1024 * 1024)}]}
    with pytest.raises(InvalidInputError, match=r"^the object is \d+ bytes as JSON; at most"):
        Endpoints.model_validate({"metadata": {"name": "a"}, "status": big})

"""The pydantic-free validator (`documents.py`) agrees with the models on any input: it returns
exactly the models' dump, or leaves the decision to them; it never accepts what they refuse."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skyshift_tui.core.documents import fast_document, validate_document
from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.models import parse_object

GOOD_NAMES = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,8}[A-Za-z0-9])?", fullmatch=True)
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=6),
    st.just("\ud800"),
    st.just("x" * 64),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def maybe(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly `good`, sometimes anything."""
    return st.one_of(good, good, good, ODD)


KEYS = st.one_of(
    GOOD_NAMES, GOOD_NAMES, GOOD_NAMES, st.text(max_size=6), st.integers(), st.just("x" * 64)
)
pairs = maybe(st.dictionaries(KEYS, maybe(GOOD_NAMES), max_size=3))
annotations = maybe(st.dictionaries(KEYS, maybe(st.text(max_size=20)), max_size=3))


@st.composite
def objects(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["Endpoints", "Endpoints", "Namespace", "Other", None]))
    meta: dict[str, Any] = {"name": draw(maybe(GOOD_NAMES))}
    for field, strategy in (
        ("namespace", maybe(GOOD_NAMES)),
        ("labels", pairs),
        ("annotations", annotations),
        ("creation_timestamp", maybe(st.text(max_size=25))),
        ("resource_version", maybe(st.integers(0, 2**40))),
        ("extra", ODD),
    ):
        if draw(st.integers(0, 3)) == 0:
            meta[field] = draw(strategy)
    obj: dict[str, Any] = {"kind": kind, "metadata": draw(maybe(st.just(meta)))}
    if draw(st.booleans()):
        cluster = {
            "num_endpoints": draw(maybe(st.integers(0, 2**32))),
            "exposed_to_cluster": draw(maybe(st.booleans())),
        }
        obj["spec"] = {
            "selector": draw(pairs),
            "endpoints": draw(maybe(st.dictionaries(KEYS, st.just(cluster)))),
            "primary_cluster": draw(maybe(GOOD_NAMES)),
        }
        if draw(st.integers(0, 5)) == 0:
            obj["spec"] = {}
    if draw(st.booleans()):
        obj["status"] = draw(
            st.sampled_from(
                [{}, {"conditions": []}, {"conditions": [{"a": 1}]}, {"status": "ACTIVE"}, []]
            )
        )
    if draw(st.integers(0, 9)) == 0:
        obj["extra"] = 1
    return obj


def model_answer(data: Any) -> dict[str, Any] | str:
    try:
        return parse_object(data).model_dump(mode="json")
    except InvalidInputError as error:
        return f"refused: {error}"


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(objects())
def test_fast_path_agrees_with_the_models(data: Any) -> None:
    expected = model_answer(data)
    fast = fast_document(data)
    if fast is not None:
        assert fast == expected
        assert list(fast) == list(expected)  # same key order: the store's bytes stay the same
    try:
        assert validate_document(data) == expected
    except InvalidInputError as error:
        assert expected == f"refused: {error}"


def test_the_common_object_never_needs_the_models() -> None:
    data = {
        "kind": "Endpoints",
        "metadata": {
            "name": "web",
            "namespace": "prod",
            "labels": {"a": "b"},
            "annotations": {"note": "caf\u00e9"},
        },
        "spec": {
            "selector": {"app": "web"},
            "endpoints": {"c1": {"num_endpoints": 3}},
            "primary_cluster": "c1",
        },
    }
    assert fast_document(data) == parse_object(data).model_dump(mode="json")
    assert fast_document({"kind": "Namespace", "metadata": {"name": "ns"}}) is not None


def test_validating_a_common_object_does_not_import_pydantic() -> None:
    code = (
        "import sys\n"
        "from skyshift_tui.core.documents import validate_document\n"
        "validate_document({'kind': 'Endpoints', 'metadata': {'name': 'a'}})\n"
        "assert 'pydantic' not in sys.modules, 'pydantic imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "Endpoints", "metadata": {"name": "bad name"}},
        {
            "kind": "Endpoints",
            "metadata": {"name": "a"},
            "spec": {"endpoints": {"c": {"num_endpoints": -1}}},
        },
        {"kind": "Endpoints", "metadata": {"name": "a", "labels": {"k": "v\n"}}},
        {"kind": "Endpoints", "metadata": {"name": "a"}, "extra": 1},
    ],
)
def test_refusals_come_from_the_models(data: Any) -> None:
    assert fast_document(data) is None
    with pytest.raises(InvalidInputError) as raised:
        validate_document(data)
    assert model_answer(data) == f"refused: {raised.value}"

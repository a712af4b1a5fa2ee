"""`u`: the sets deleted last in this session come back exactly as they were."""

from __future__ import annotations

from typing import Any

import pytest
from tui_support import add, running, settled, typed, wait_for

from skyshift_tui.core.models import Endpoints
from skyshift_tui.store.file.store import TinyDBStore

pytestmark = pytest.mark.backend_matters(
    "undo writes with must-not-exist and version checks, in each store"
)


def content(obj: dict) -> tuple:  # type: ignore[type-arg]
    """What undo restores: everything but the store's own stamps."""
    meta = {
        k: v
        for k, v in obj["metadata"].items()
        if k not in ("creation_timestamp", "resource_version")
    }
    return meta, obj["spec"]


def label(store: TinyDBStore, name: str, namespace: str) -> dict[str, Any]:
    """Give a set labels and annotations, so undo has them to bring back."""
    obj = store.get_endpoints(name, namespace)
    obj["metadata"]["labels"] = {"team": "pay", "tier": "backend"}
    obj["metadata"]["annotations"] = {"note": "[/] keep"}
    return store.update_endpoints(Endpoints.model_validate(obj))


async def test_u_restores_a_deleted_set_with_its_labels_and_annotations(
    seeded: TinyDBStore,
) -> None:
    before = content(label(seeded, "payments", "shop"))
    async with running(seeded, namespace="shop") as (app, pilot):
        await typed(pilot, "j", "d", "y")
        await settled(pilot)
        assert seeded.find_endpoints("payments") == []
        assert any("u to undo" in n.message for n in app._notifications)
        await typed(pilot, "u")
        await settled(pilot)
        assert content(seeded.get_endpoints("payments", "shop")) == before
        assert any(n.message == "restored endpoints/payments in shop" for n in app._notifications)
        await wait_for(pilot, lambda: "shop/payments" in app.table.model, "the row back")


async def test_u_restores_a_cascade_of_a_whole_namespace(seeded: TinyDBStore) -> None:
    before = {obj["metadata"]["name"]: content(obj) for obj in seeded.list_endpoints("shop")}
    async with running(seeded, namespace="shop") as (app, pilot):
        await typed(pilot, "D", *"shop", "enter")
        await settled(pilot)
        assert seeded.list_endpoints("shop") == []
        await typed(pilot, "u")
        await settled(pilot)
        after = {obj["metadata"]["name"]: content(obj) for obj in seeded.list_endpoints("shop")}
        assert after == before
        assert any(n.message == "restored 3 sets in shop" for n in app._notifications)


async def test_u_refuses_when_the_name_was_taken_since(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "d", "y")  # api, the first row
        await settled(pilot)
        add(seeded, "api", primary_cluster="elsewhere")  # another process takes the name
        await typed(pilot, "u")
        await settled(pilot)
        assert seeded.get_endpoints("api", "default")["spec"]["primary_cluster"] == "elsewhere"
        assert any("created again since" in n.message for n in app._notifications)
        seeded.delete_endpoints("api", "default")  # free again: the undo is still there
        await typed(pilot, "u")
        await settled(pilot)
        assert seeded.get_endpoints("api", "default")["spec"]["primary_cluster"] == "us-east"


async def test_u_with_nothing_deleted_says_so(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, "u")
        assert any("Nothing to undo" in n.message for n in app._notifications)
        assert seeded.revision() == revision

"""`d` and `D`: deletion asks first, names what goes, and defaults to Cancel."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input
from tui_support import running, settled, shown_keys, typed

from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.screens.confirm_delete import ConfirmDeleteEndpoints, ConfirmScreen
from skyshift_tui.screens.delete_namespace import DeleteNamespaceScreen
from skyshift_tui.store.file.store import TinyDBStore

pytestmark = pytest.mark.backend_matters(
    "deletes (a namespace's cascade included) are each store's transaction"
)


def message_of(screen: ConfirmScreen) -> str:
    return str(screen.query_one(".dialog-message").render())


async def test_d_names_the_set_and_y_deletes_it(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        assert app.table.cursor_key == "default/api"  # sorted by name: api first
        await pilot.press("j", "d")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDeleteEndpoints)
        text = message_of(dialog)
        assert '"cache"' in text and '"default"' in text and "u brings it back" in text
        assert isinstance(app.focused, Button) and app.focused.id == "cancel"
        await pilot.press("y")
        await settled(pilot)
        with pytest.raises(NotFoundError):
            seeded.get_endpoints("cache", "default")
        assert "default/cache" not in shown_keys(app)
        assert app.table.cursor_key == "shop/checkout"  # the neighbour that took its place


@pytest.mark.parametrize("keys", [["n"], ["escape"], ["enter"]], ids=["n", "escape", "enter"])
async def test_no_escape_and_the_focused_cancel_keep_the_set(
    seeded: TinyDBStore, keys: list[str]
) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("d", *keys)
        assert not isinstance(app.screen, ConfirmScreen)
        assert seeded.revision() == revision
        assert seeded.get_endpoints("api", "default")


async def test_deleting_what_another_process_deleted_first_is_a_notification(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("d")
        seeded.delete_endpoints("api", "default")  # gone while the dialog is open
        await pilot.press("y")
        await settled(pilot)
        assert any("does not exist" in n.message for n in app._notifications)
        assert app.is_running


async def test_D_offers_the_cascade_with_the_count_and_deletes_it(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="shop") as (app, pilot):
        await pilot.press("D")
        dialog = app.screen
        assert isinstance(dialog, DeleteNamespaceScreen)
        assert dialog.cascade
        assert "3 endpoint sets" in message_of(dialog)
        assert (
            str(dialog.query_one("#confirm", Button).label)
            == "Delete namespace and 3 endpoint sets"
        )
        confirm = dialog.query_one("#confirm", Button)
        assert isinstance(app.focused, Input) and confirm.disabled
        await typed(pilot, *"yshop", "enter")  # y is text here; "yshop" is not the name
        assert app.screen is dialog and confirm.disabled
        assert any('Type "shop" exactly' in n.message for n in app._notifications)
        assert seeded.list_endpoints("shop")
        await typed(pilot, "home", "delete")
        assert not confirm.disabled
        await typed(pilot, "enter")
        await settled(pilot)
        assert "shop" not in [ns["metadata"]["name"] for ns in seeded.list_namespaces()]
        assert seeded.list_endpoints("shop") == []
        assert "shop" not in app.ns_tree.names
        assert app.ns_tree.chosen is None  # back on all namespaces
        assert not any("elsewhere" in n.message for n in app._notifications)


async def test_D_on_an_empty_namespace_and_cancel(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="staging") as (app, pilot):
        await pilot.press("D")
        dialog = app.screen
        assert isinstance(dialog, DeleteNamespaceScreen) and not dialog.cascade
        await pilot.press("escape")
        assert "staging" in app.ns_tree.names
        await pilot.press("D", "y")
        await settled(pilot)
        assert "staging" not in app.ns_tree.names


@pytest.mark.parametrize(
    ("namespace", "warning"),
    [(None, "Choose a namespace"), ("default", "always exists")],
    ids=["all-namespaces", "default"],
)
async def test_D_refuses_what_cannot_go(
    seeded: TinyDBStore, namespace: str | None, warning: str
) -> None:
    async with running(seeded, namespace=namespace) as (app, pilot):
        await pilot.press("D")
        assert not isinstance(app.screen, ConfirmScreen)
        assert any(warning in n.message for n in app._notifications)


async def test_d_in_an_empty_table_says_there_is_nothing(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="staging") as (app, pilot):
        await pilot.press("d")
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("nothing to delete" in n.message for n in app._notifications)


async def test_the_cascade_takes_the_name_typed_ahead_in_one_burst(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="shop") as (app, pilot):
        await typed(pilot, "D", *"shop", "enter")
        await settled(pilot)
        assert seeded.list_endpoints("shop") == []


@pytest.mark.parametrize("typed_name", ["Shop", "sho", "shop ", "default"])
async def test_a_wrong_name_never_deletes(seeded: TinyDBStore, typed_name: str) -> None:
    async with running(seeded, namespace="shop") as (app, pilot):
        await typed(pilot, "D", *typed_name, "enter", "y")
        await pilot.click("#confirm")
        assert isinstance(app.screen, DeleteNamespaceScreen)
        assert app.screen.query_one("#confirm", Button).disabled
        await typed(pilot, "escape")
        await settled(pilot)
        assert len(seeded.list_endpoints("shop")) == 3

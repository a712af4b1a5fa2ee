"""`n` and the namespace tree: create a namespace, choose one to filter the table."""

from __future__ import annotations

from textual.widgets import Input
from tui_support import running, settled, shown_keys, wait_for

from skyshift_tui.screens.create_namespace import CreateNamespaceScreen
from skyshift_tui.store.file.store import TinyDBStore


async def test_n_creates_a_namespace_and_chooses_it(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("n")
        assert isinstance(app.screen, CreateNamespaceScreen)
        await pilot.press(*"ops", "enter")  # enter in the field submits, as ctrl+s does
        await settled(pilot)
        assert seeded.get_namespace("ops")
        await wait_for(pilot, lambda: app.ns_tree.chosen == "ops", "ops chosen")
        assert shown_keys(app) == []


async def test_bad_and_existing_namespace_names_stay_in_the_form(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("n", *"no way", "ctrl+s")
        form = app.screen
        assert isinstance(form, CreateNamespaceScreen)
        message = str(form.query_one(".form-message").render())
        assert "invalid" in message
        await pilot.press(*["backspace"] * 6, *"shop", "ctrl+s")
        await wait_for(
            pilot, lambda: "already exists" in str(form.query_one(".form-message").render())
        )
        assert app.screen is form and form.query_one("#name", Input).value == "shop"


async def test_moving_in_the_tree_filters_the_table(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        assert app.ns_tree.names == ["default", "shop", "staging"]
        assert len(shown_keys(app)) == 6
        await pilot.press("shift+tab")  # focus the tree
        assert app.focused is app.ns_tree
        await pilot.press("j", "j")  # all -> default -> shop
        assert app.ns_tree.chosen == "shop"
        assert shown_keys(app) == ["shop/checkout", "shop/payments", "shop/search"]
        await pilot.press("down")
        assert shown_keys(app) == []  # staging is empty
        await pilot.press("k", "k", "k")
        assert app.ns_tree.chosen is None and len(shown_keys(app)) == 6


async def test_clicking_a_namespace_chooses_it(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.click("#namespaces", offset=(4, 2))  # the line under "all namespaces"
        assert app.ns_tree.chosen == "default"
        assert [k.split("/")[0] for k in shown_keys(app)] == ["default"] * 3


async def test_dash_n_opens_on_that_namespace(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="shop") as (app, pilot):
        assert app.ns_tree.chosen == "shop"
        assert len(shown_keys(app)) == 3


async def test_dash_n_naming_a_missing_namespace_warns(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="nope") as (app, pilot):
        assert app.ns_tree.chosen is None
        assert any('"nope" does not exist' in n.message for n in app._notifications)

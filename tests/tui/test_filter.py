"""`/`: filter the table as you type; enter keeps the filter, escape clears it."""

from __future__ import annotations

from textual.widgets import Input
from tui_support import add, running, settled, shown_keys, wait_for

from skyshift_tui.screens.confirm_delete import ConfirmDeleteEndpoints
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.filter_bar import FilterBar


async def test_typing_filters_by_name_cluster_or_selector(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.query_one(FilterBar).display
        await pilot.press(*"eu-west")  # a cluster name
        assert shown_keys(app) == ["default/cache", "shop/checkout"]
        await pilot.press(*["backspace"] * 7, *"PCI=")  # a selector, any case
        assert shown_keys(app) == ["shop/payments"]
        await pilot.press(*["backspace"] * 4, *"pay")  # a name
        assert shown_keys(app) == ["shop/payments"]
        await pilot.press("backspace", "backspace", "backspace", *"zzz")
        assert shown_keys(app) == []
        assert "of 6 sets" in str(app.table.border_subtitle)


async def test_enter_keeps_the_filter_so_d_acts_on_what_is_shown(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("slash", *"check", "enter")
        assert app.focused is app.table
        assert shown_keys(app) == ["shop/checkout"]
        assert app.query_one(FilterBar).display  # still shows what filters the table
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDeleteEndpoints)
        assert '"checkout"' in str(app.screen.query_one(".dialog-message").render())
        await pilot.press("y")
        await settled(pilot)
        assert seeded.find_endpoints("checkout") == []


async def test_escape_clears_the_filter(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("slash", *"web", "escape")
        assert app.focused is app.table
        assert len(shown_keys(app)) == 6
        assert not app.query_one(FilterBar).display
        await pilot.press("slash", *"web", "enter", "escape")  # escape from the table too
        assert len(shown_keys(app)) == 6 and app.query_one(FilterBar).text == ""


async def test_the_filter_applies_to_sets_arriving_later(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("slash", *"edge", "enter")
        add(seeded, "edge-1", primary_cluster="x")
        add(seeded, "other", primary_cluster="edge-cluster")
        add(seeded, "unrelated")
        await wait_for(pilot, lambda: len(shown_keys(app)) == 2, "two matching sets")
        assert shown_keys(app) == ["default/edge-1", "default/other"]


async def test_the_filter_combines_with_the_namespace(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="default") as (app, pilot):
        await pilot.press("slash", *"eu", "enter")  # cache (default) and checkout (shop)
        assert shown_keys(app) == ["default/cache"]

"""Text a user types or a store holds is shown as typed, never read as Textual markup.

`[/]` closes a markup tag that was never opened: read as markup it raised MarkupError and the
app crashed (and `skyctl tui` exited 0).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_support import running, typed, wait_for

from skyshift_tui.live.catalog import Catalog
from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen
from skyshift_tui.screens.create_namespace import CreateNamespaceScreen
from skyshift_tui.store.base import Snapshot
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.tui.messages import CatalogLoaded, StoreFailed
from skyshift_tui.widgets.detail_view import DetailView
from skyshift_tui.widgets.filter_bar import FilterBar

NASTY = ["[/]", "[bold]x[/]", "[@click=app.quit]q[/]"]


def shown_text(screen: object) -> str:
    """Everything the screen's Static widgets show, as plain text."""
    from textual.widgets import Static

    return "\n".join(str(s.render()) for s in screen.query(Static))  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", NASTY)
async def test_every_create_field_takes_markup_as_text(seeded: TinyDBStore, text: str) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "c")
        form = app.screen
        assert isinstance(form, CreateEndpointsScreen)
        for field in ("name", "namespace", "num_endpoints", "primary_cluster", "selector"):
            form.query_one(f"#{field}", Input).focus()
            await pilot.pause()
            await typed(pilot, *text)
        await typed(pilot, "ctrl+s")  # every field's error is shown, quoting what was typed
        assert app.is_running and app.screen is form
        assert text in shown_text(form)
        await typed(pilot, "escape")


@pytest.mark.parametrize("text", NASTY)
async def test_the_namespace_form_and_the_filter_take_markup_as_text(
    seeded: TinyDBStore, text: str
) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "n", *text, "enter")
        assert isinstance(app.screen, CreateNamespaceScreen) and app.is_running
        assert text in shown_text(app.screen)
        await typed(pilot, "escape", "slash", *text)
        assert app.query_one(FilterBar).text == text
        assert app.is_running


async def test_a_store_error_with_markup_in_it_is_shown_as_text(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        app.post_message(StoreFailed("line 1: unexpected '[/]' in [bold]x[/]"))
        banner = app.query_one("#error-banner")
        await wait_for(pilot, lambda: banner.display, "the banner")
        assert "unexpected '[/]' in [bold]x[/]" in str(banner.render())
        assert app.is_running


async def test_names_a_store_holds_are_shown_as_text(seeded: TinyDBStore) -> None:
    """Another tool may have written anything: the tree, table, detail and titles show it."""
    obj = {
        "kind": "Endpoints",
        "metadata": {"name": "[bold]x[/]", "namespace": "[/]", "labels": {"[/]": "[b]"}},
        "spec": {"endpoints": {"[/]": {"num_endpoints": 1}}, "primary_cluster": "[/]"},
    }
    snapshot = Snapshot(revision=10**6, namespaces=[], endpoints=[obj])
    async with running(seeded) as (app, pilot):
        app.post_message(CatalogLoaded(Catalog.from_snapshot(snapshot)))
        await wait_for(pilot, lambda: "[/]" in app.ns_tree.names, "the odd namespace")
        app.ns_tree.choose("[/]")
        await pilot.pause()
        assert app.table.cursor_key == "[/]/[bold]x[/]"
        assert "[bold]x[/]" in app.table.render_line(1).text
        assert "Name:             [bold]x[/]" in app.query_one(DetailView).text
        await pilot.pause()
        assert app.is_running

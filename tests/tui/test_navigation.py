"""Moving, sorting, help, the command palette and quitting: keys and mouse."""

from __future__ import annotations

import io
import re

from rich.console import Console
from textual.command import CommandList, CommandPalette
from tui_support import add, running, shown_keys, wait_for

from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen
from skyshift_tui.screens.help import HelpScreen, bindings_table
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.detail_view import DetailView


async def test_arrows_and_j_k_move_and_the_detail_follows(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        table = app.table
        assert table.cursor_key == "default/api"
        await pilot.press("j", "down")
        assert table.cursor_key == "shop/checkout"
        await pilot.press("k")
        assert table.cursor_key == "default/cache"
        detail = app.query_one(DetailView).text
        assert "Name:             cache" in detail and "eu-west *  1" in detail
        await pilot.press("G")
        assert table.cursor_key == "default/web"
        await pilot.press("up", "g")
        assert table.cursor_key == "default/api"


async def test_s_sorts_by_the_next_column_and_S_reverses(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("S")  # NAME, descending
        assert shown_keys(app)[0] == "default/web"
        await pilot.press("s", "s", "s")  # NAMESPACE, PRIMARY CLUSTER, ENDPOINTS (a number)
        assert [app.catalog.rows[k].total_endpoints for k in shown_keys(app)] == [0, 1, 2, 2, 3, 4]
        assert app.table.cursor_key == "default/api"  # the cursor stayed on its set


async def test_clicking_a_heading_sorts_and_again_reverses(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        x = app.table._heading().index("AGE")
        await pilot.click("#endpoints", offset=(x + 1, 1))  # +1: the pane's border
        assert app.table.model.sort_column == 6
        assert shown_keys(app)[0] == "shop/search"  # youngest first
        await pilot.click("#endpoints", offset=(x + 1, 1))
        assert shown_keys(app)[0] == "default/web"  # oldest first


async def test_clicking_a_row_moves_the_cursor(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.click("#endpoints", offset=(5, 4))  # border, heading, then rows 0, 1, 2
        assert app.table.cursor_key == "shop/checkout"


async def test_a_long_table_pages_and_scrolls_with_the_cursor(seeded: TinyDBStore) -> None:
    seeded.apply([])
    for i in range(60):
        add(seeded, f"bulk-{i:02d}")
    async with running(seeded) as (app, pilot):
        await pilot.press("pagedown", "pagedown")
        index = app.table.model.index_of(app.table.cursor_key or "")
        assert index is not None and index > 20
        assert app.table.scroll_offset.y > 0
        await pilot.press("G")
        assert app.table.cursor_key == "default/web"
        assert app.table.scroll_offset.y == app.table.max_scroll_y


async def test_empty_namespace_says_how_to_create_the_first_set(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="staging") as (app, pilot):
        lines = [app.table.render_line(y).text for y in (2, 3)]
        assert 'No endpoints in namespace "staging" yet.' in lines[0]
        assert "Press c to create the first set." in lines[1]


async def test_question_mark_lists_every_key(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, file=io.StringIO(), record=True)
        console.print(bindings_table(app.screen.sections))
        text = console.export_text()
        for key, description in [
            ("c", "Create a set"),
            ("D", "Delete the chosen namespace"),
            ("/", "Filter by name"),
            ("r", "Re-read"),
            ("q", "Leave"),
            ("?", "List every key"),
            ("up k", "Up"),
            ("s", "Sort"),
            ("ctrl+s", "Submit"),
            ("y", "Yes"),
            ("esc", "Clear the filter"),
            ("ctrl+p", "Command palette"),
        ]:
            assert re.search(rf"^\s*{re.escape(key)}\s+{description}", text, re.M), key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_command_palette_runs_actions(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"create a set")
        hits = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: hits.option_count > 0, "palette hits")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CreateEndpointsScreen), "the form")


async def test_q_quits(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "the app to stop")

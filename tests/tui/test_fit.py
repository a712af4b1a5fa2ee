"""The table fits the terminal: the columns that matter most stay, without scrolling sideways."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey
from tui_support import add, running, typed

from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.detail_view import DetailView

LONG = "a-very-long-name-for-a-set-of-endpoints-that-goes-on-and-on-x"
ESSENTIAL = ["NAME", "NAMESPACE", "ENDPOINTS", "EXPOSED", "AGE"]
"""All namespaces shown: NAMESPACE is essential (two sets of one name must not look alike)."""


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((80, 24), ESSENTIAL),
        ((120, 30), [*ESSENTIAL, "PRIMARY CLUSTER"]),
        ((200, 50), list(ENDPOINTS_WIDE_COLUMNS)),
    ],
    ids=["80x24", "120x30", "200x50"],
)
async def test_the_columns_that_matter_fit_without_scrolling_sideways(
    seeded: TinyDBStore, size: tuple[int, int], expected: list[str]
) -> None:
    add(seeded, LONG, "shop")  # a long name in view must not push the others off
    async with running(seeded, size=size) as (app, pilot):
        table = app.table
        assert set(expected) <= set(table.shown_columns), table.shown_columns
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.max_scroll_x == 0
        heading = table.render_line(0).text
        assert all(column in heading for column in expected)
        assert table.shown_columns[:2] == ["NAME", "NAMESPACE"]


async def test_a_long_name_is_cut_with_an_ellipsis_and_shown_whole_in_the_detail(
    seeded: TinyDBStore,
) -> None:
    add(seeded, LONG, "shop")
    async with running(seeded, size=(80, 24)) as (app, pilot):
        await typed(pilot, "slash", *"very", "enter")
        line = app.table.render_line(1).text
        assert "a-very-long" in line and "…" in line and LONG not in line
        assert LONG in app.query_one(DetailView).text


@pytest.mark.parametrize("size", [(120, 30), (200, 50)], ids=["120x30", "200x50"])
async def test_the_columns_do_not_change_while_scrolling(
    seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """Widths come from every row of the view, not the page: a long row far below does not
    make NAMESPACE (or any column) appear and disappear page by page."""
    for i in range(60):
        add(seeded, f"bulk-{i:02d}", "bulk")
    add(seeded, "zz-" + LONG[3:], "bulk-and-a-long-namespace", selector="app=" + "x" * 60)
    async with running(seeded, size=size) as (app, pilot):
        table = app.table
        top = (table.shown_columns, table.render_line(0).text)
        assert "NAMESPACE" in top[0]
        for key in ("pagedown", "pagedown", "pagedown", "G"):
            await typed(pilot, key)
            assert (table.shown_columns, table.render_line(0).text) == top
        assert table.scroll_offset.y > 0


async def test_namespace_is_hidden_while_one_namespace_is_chosen(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(120, 30)) as (app, pilot):
        assert "NAMESPACE" in app.table.shown_columns
        app.ns_tree.choose("shop")
        await pilot.pause()
        assert "NAMESPACE" not in app.table.shown_columns


async def test_t_hides_the_tree_and_the_table_takes_the_room(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        before = app.table.size.width
        await typed(pilot, "t")
        await pilot.pause()
        assert not app.ns_tree.display and app.table.size.width > before
        assert len(app.table.shown_columns) > 5
        await typed(pilot, "t")
        await pilot.pause()
        assert app.ns_tree.display


async def test_the_footer_keeps_help_and_quit_visible_at_80_columns(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        footer = app.screen.query_one(Footer)
        visible = {
            key.key
            for key in footer.query(FooterKey)
            if key.region.width and key.region.right <= 80
        }
        assert {"question_mark", "q"} <= visible, visible


async def test_one_set_is_singular(store: TinyDBStore) -> None:
    add(store, "only")
    async with running(store) as (app, pilot):
        assert str(app.table.border_subtitle) == "1 set"


async def test_the_detail_is_focused_by_enter_scrolled_and_shows_yaml_on_capital_v(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        detail = app.query_one(DetailView)
        assert detail.text.startswith("Endpoints:")  # the clusters lead
        await typed(pilot, "enter")
        assert app.focused is detail
        await typed(pilot, "pagedown")
        assert detail.scroll_offset.y > 0
        await typed(pilot, "V")  # v zooms the YAML full screen (test_table_room.py)
        assert "kind: Endpoints" in detail.text
        await typed(pilot, "escape", "j")  # back to the table, and j moves the cursor
        assert app.focused is app.table and app.table.cursor_key == "default/cache"
        await typed(pilot, "tab")
        assert app.focused is detail  # tab from the table: the detail is next


async def test_a_set_spanning_clusters_keeps_age_on_screen_at_80x24(
    seeded: TinyDBStore,
) -> None:
    """ENDPOINTS and EXPOSED of a multi-cluster set are long; they are cut, AGE still shows."""
    from skyshift_tui.core.models import Endpoints

    clusters = {
        f"cluster-{n}": {"num_endpoints": n, "exposed_to_cluster": n % 2 == 0} for n in range(1, 5)
    }
    seeded.create_endpoints(
        Endpoints.model_validate(
            {"metadata": {"name": "wide", "namespace": "shop"}, "spec": {"endpoints": clusters}}
        )
    )
    async with running(seeded, size=(80, 24)) as (app, pilot):
        table = app.table
        assert set(ESSENTIAL) <= set(table.shown_columns), table.shown_columns
        assert table.virtual_size.width <= table.scrollable_content_region.width
        rows = [table.render_line(y).text for y in range(1, 10)]
        wide = next(line for line in rows if "wide" in line)
        assert "…" in wide and wide.rstrip().endswith(("s", "m", "h", "d"))  # the age, last

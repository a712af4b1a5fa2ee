"""Room on screen (issue 15): columns reached by scrolling sideways and `ctrl+w`, NAME first,
at least 14 rows at 80x24, `z`/`v` zoom, `i` hides the detail, the cursor kept in view on a
resize, `--readonly` in the header, the detail's "(… ago)" with the AGE column. Keys are
typed in bursts, as a terminal delivers them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tui_support import NOW, add, running, typed, wait_for

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.render import formatting
from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS
from skyshift_tui.screens.main import MainScreen
from skyshift_tui.screens.zoom import ZoomScreen
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.detail_view import DetailView
from skyshift_tui.widgets.endpoints_table import MORE, SCROLLED

pytestmark = pytest.mark.file_store_only("layout: the backend does not matter")


async def test_columns_that_do_not_fit_are_reached_by_scrolling_right(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        table = app.table
        laid_out = table.layout_columns
        assert "PRIMARY CLUSTER" in laid_out and "SELECTOR" not in table.shown_columns
        assert table.render_line(0).text.rstrip().endswith(MORE)
        await typed(pilot, "l", "right")
        heading = table.render_line(0).text
        assert heading.lstrip().startswith("NAME") and SCROLLED in heading  # NAME stays
        assert "NAMESPACE" not in table.shown_columns
        await typed(pilot, "shift+right")
        assert table.shown_columns[-1] == laid_out[-1]
        assert not table.render_line(0).text.rstrip().endswith(MORE)
        await typed(pilot, "shift+left")
        assert table.shown_columns[:2] == ["NAME", "NAMESPACE"]
        await typed(pilot, "left")  # nothing further left: no change, no error
        assert table.shown_columns[:2] == ["NAME", "NAMESPACE"]
        assert table.layout_columns == laid_out


async def test_ctrl_w_lays_out_every_wide_column_and_back(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        table = app.table
        fitted = table.layout_columns
        assert "LABELS" not in fitted
        await typed(pilot, "ctrl+w")
        assert table.layout_columns == list(ENDPOINTS_WIDE_COLUMNS)
        await typed(pilot, "shift+right")
        assert "CREATED" in table.shown_columns
        await typed(pilot, "ctrl+w")
        assert table.layout_columns == fitted


async def test_the_column_set_stays_while_moving_and_while_rows_change(
    seeded: TinyDBStore,
) -> None:
    for i in range(40):
        add(seeded, f"bulk-{i:02d}", "bulk")
    async with running(seeded, size=(120, 30)) as (app, pilot):
        table = app.table
        layout = table.layout_columns
        for keys in (["j"] * 5, ["pagedown"] * 3, ["G"], ["g"]):
            await typed(pilot, *keys)
            assert table.layout_columns == layout
        # Another process writes a set with a very long selector: the columns widen at
        # most, and none comes or goes under the user.
        add(seeded, "long", "bulk", selector="app=" + "x" * 50)
        await wait_for(pilot, lambda: "bulk/long" in app.catalog.rows, "the new set")
        assert table.layout_columns == layout


async def test_name_gets_room_first(seeded: TinyDBStore) -> None:
    name = "checkout-frontend-eu-west-1"
    add(seeded, name, "shop")
    async with running(seeded, size=(120, 30)) as (app, pilot):
        lines = [app.table.render_line(y).text for y in range(1, 9)]
        assert any(name in line for line in lines), lines  # whole, not cut


async def test_the_table_shows_at_least_14_rows_at_80x24_and_i_gives_it_more(
    seeded: TinyDBStore,
) -> None:
    for i in range(30):
        add(seeded, f"bulk-{i:02d}", "bulk")
    async with running(seeded, size=(80, 24)) as (app, pilot):
        table = app.table
        rows = table.scrollable_content_region.height - 1  # the heading line
        assert rows >= 14, rows
        assert all(table.render_line(y).text.strip() for y in range(1, 15))
        await typed(pilot, "i")
        await pilot.pause()
        assert not app.query_one(DetailView).display
        assert table.scrollable_content_region.height - 1 > rows
        await typed(pilot, "i")
        await pilot.pause()
        assert app.query_one(DetailView).display


async def test_z_and_v_zoom_the_set_full_screen_and_escape_goes_back(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        await typed(pilot, "j", "z")  # default/cache
        screen = app.screen
        assert isinstance(screen, ZoomScreen) and screen.key == "default/cache"
        assert screen.detail.text.startswith("Endpoints:")
        assert screen.detail.size.height >= 18  # the whole screen but header, footer, border
        await typed(pilot, "v", "pagedown")  # the YAML, scrolled
        assert "kind: Endpoints" in screen.detail.text
        await typed(pilot, "d", "escape")  # d means nothing here: no delete dialog
        assert isinstance(app.screen, MainScreen)
        assert seeded.get_endpoints("cache", "default")
        await typed(pilot, "v")
        assert isinstance(app.screen, ZoomScreen) and "kind: Endpoints" in app.screen.detail.text
        await typed(pilot, "z")
        assert app.screen.detail.text.startswith("Endpoints:")
        await typed(pilot, "q")
        assert isinstance(app.screen, MainScreen)


async def test_the_zoomed_set_follows_the_store(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        await typed(pilot, "v")  # default/api
        screen = app.screen
        assert isinstance(screen, ZoomScreen)
        theirs = EndpointsForm("api", "default", "7", False, "us-east", "app=api")
        seeded.update_endpoints(theirs.to_endpoints())
        await wait_for(pilot, lambda: "num_endpoints: 7" in screen.detail.text, "the change")
        seeded.delete_endpoints("api", "default")
        await wait_for(pilot, lambda: "deleted" in str(screen.detail.border_title), "deleted")


async def test_capital_v_switches_the_detail_pane_to_yaml(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        detail = app.query_one(DetailView)
        await typed(pilot, "V")
        assert isinstance(app.screen, MainScreen) and "kind: Endpoints" in detail.text
        await typed(pilot, "V")
        assert detail.text.startswith("Endpoints:")


async def test_the_selected_row_stays_in_view_after_a_resize(seeded: TinyDBStore) -> None:
    for i in range(40):
        add(seeded, f"bulk-{i:02d}", "bulk")
    async with running(seeded, size=(120, 50)) as (app, pilot):
        table = app.table
        await typed(pilot, *["j"] * 30)
        key = table.cursor_key
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: table.size.height < 30, "the smaller screen")
        await pilot.pause()
        top = round(table.scroll_offset.y)
        index = table.model.index_of(key or "")
        assert index is not None
        assert top <= index < top + table.scrollable_content_region.height - 1


async def test_readonly_is_shown_in_the_header(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        assert "read-only" not in app.sub_title
    async with running(seeded) as (app, pilot):
        app.readonly = True
        app.main._header()
        assert app.sub_title.endswith("· read-only")


async def test_the_detail_age_follows_the_age_column(
    seeded: TinyDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(seeded, size=(120, 30)) as (app, pilot):
        detail = app.query_one(DetailView)
        key = app.table.cursor_key
        age_cell = lambda: app.table.render_line(1).text  # noqa: E731
        before = detail.text
        assert "ago)" in before
        later = NOW + timedelta(days=3)
        monkeypatch.setattr(formatting, "utc_now", lambda: later)
        await wait_for(pilot, lambda: detail.text != before, "the detail's age redrawn")
        created = app.catalog.objects[key or ""]["metadata"]["creation_timestamp"]
        age = formatting.human_duration(
            (later - formatting.parse_timestamp(created)).total_seconds()  # type: ignore[operator]
        )
        assert f"({age} ago)" in detail.text and age in age_cell()


async def test_the_tree_never_cuts_a_count_and_tells_long_names_apart(
    store: TinyDBStore,
) -> None:
    long_a, long_b = "payments-production-europe-west", "payments-production-europe-east"
    forms = [EndpointsForm(name=f"s-{i:04d}", namespace=long_a) for i in range(1618)]
    store.apply([form.to_endpoints() for form in forms])
    add(store, "one", long_b)
    async with running(store, size=(80, 24)) as (app, pilot):
        tree = app.ns_tree
        labels = [" ".join(str(node.label).split()) for node in tree.root.children]
        assert str(tree.root.label).split()[-1] == "1619"
        default, first, second = labels  # sorted: default, east, west
        assert default == "default 0" and first.endswith(" 1") and second.endswith(" 1618")
        assert "…" in first and "…" in second and first != second
        assert tree.size.width <= 24
        await typed(pilot, "t")
        await pilot.pause()
        assert not tree.display


async def test_the_tree_is_as_wide_as_its_names(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(200, 50)) as (app, pilot):
        narrow = app.ns_tree.size.width
        add(seeded, "x", "a-namespace-of-thirty-letters-x")
        await wait_for(pilot, lambda: app.ns_tree.size.width > narrow, "a wider tree")
        label = " ".join(str(app.ns_tree.root.children[0].label).split())
        assert label == "a-namespace-of-thirty-letters-x 1"

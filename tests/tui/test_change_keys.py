"""`+`/`-` scale, `space` marks and `d` deletes the marked, `y`/`Y` copy, and rows changed
elsewhere: real keys, checked in the store."""

from __future__ import annotations

import pytest
from edit_support import notifications, scaled, typed
from tui_support import add, running, settled, shown_keys, wait_for

from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import parse_object
from skyshift_tui.screens.confirm_delete import ConfirmScreen
from skyshift_tui.store import Store
from skyshift_tui.store.file.store import TinyDBStore

pytestmark = pytest.mark.backend_matters(
    "+/- and the other keys write with each store's version check"
)


def count(store: TinyDBStore, name: str, namespace: str = "default") -> int:
    spec = store.get_endpoints(name, namespace)["spec"]
    return int(spec["endpoints"][spec["primary_cluster"]]["num_endpoints"])


# -- scale ----------------------------------------------------------------------------------
async def test_plus_and_minus_scale_the_primary_cluster_live(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        assert app.table.cursor_key == "default/api" and count(seeded, "api") == 2
        await typed(pilot, "plus", "plus", "plus")  # one burst: +3, not two conflicts
        await scaled(pilot)
        assert count(seeded, "api") == 5
        await pilot.press("minus")
        await scaled(pilot)
        assert count(seeded, "api") == 4
        assert app.catalog.rows["default/api"].cells[3] == "us-east: 4"  # on screen, live
        assert any("2 → 3" in m for m in notifications(app))


async def test_minus_never_goes_below_zero(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="shop") as (app, pilot):
        await pilot.press("G")
        assert app.table.cursor_key == "shop/search" and count(seeded, "search", "shop") == 0
        revision = seeded.revision()
        await pilot.press("minus")
        await scaled(pilot)
        assert count(seeded, "search", "shop") == 0 and seeded.revision() == revision
        assert any("nothing to remove" in m for m in notifications(app))


async def test_scaling_a_set_changed_meanwhile_is_a_conflict(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        app.watcher.stop()  # the screen keeps showing version it read: the press is stale
        theirs = EndpointsForm("api", "default", "9", False, "us-east", "app=api")
        seeded.update_endpoints(theirs.to_endpoints())
        await pilot.press("plus")
        await app.workers.wait_for_complete([w for w in app.workers if w.group == "scale"])
        await pilot.pause()
        assert count(seeded, "api") == 9  # not overwritten
        assert any("was changed since version" in m for m in notifications(app))


async def test_plus_on_a_set_without_a_primary_cluster_says_so_plainly(seeded: Store) -> None:
    """SkyShift's API makes sets with `primary_cluster: null`: `+` names the problem (as
    `skyctl scale` does), not pydantic's dump of it, and writes nothing."""
    no_primary = {
        "kind": "Endpoints",
        "metadata": {"name": "aaa", "namespace": "default"},
        "spec": {"endpoints": {"c2": {"num_endpoints": 1}}, "primary_cluster": None},
    }
    seeded.apply([parse_object(no_primary)])
    revision = seeded.revision()
    async with running(seeded) as (app, pilot):
        assert app.table.cursor_key == "default/aaa"
        await pilot.press("plus")
        await scaled(pilot)
        assert seeded.revision() == revision
        said = [m for m in notifications(app) if "aaa" in m]
        assert said and "has no primary cluster" in said[-1], said
        assert "pydantic" not in said[-1] and "validation error" not in said[-1]


# -- marks ----------------------------------------------------------------------------------
async def test_space_marks_and_d_deletes_all_marked_after_one_confirmation(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("space", "j", "j", "space", "j", "space", "space")  # last unmarked
        assert app.table.marked == {"default/api", "shop/checkout"}
        assert app.table.render_line(1).text.startswith("▌")  # api: marked rows differ
        assert not app.table.render_line(2).text.startswith("▌")
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        text = str(dialog.query_one(".dialog-message").render())
        assert "Delete these 2 sets" in text
        assert "default/api" in text and "shop/checkout" in text and "cache" not in text
        await pilot.press("y")
        await settled(pilot)
        for name, namespace in (("api", "default"), ("checkout", "shop")):
            with pytest.raises(NotFoundError):
                seeded.get_endpoints(name, namespace)
        assert seeded.get_endpoints("cache", "default")
        assert app.table.marked == set()
        assert not any("deleted elsewhere" in m for m in notifications(app))


async def test_a_marked_set_changed_meanwhile_is_kept(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("space", "j", "space", "d")
        theirs = EndpointsForm("cache", "default", "7", False, "eu-west", "app=cache")
        seeded.update_endpoints(theirs.to_endpoints())
        await pilot.press("y")
        await settled(pilot)
        with pytest.raises(NotFoundError):
            seeded.get_endpoints("api", "default")
        assert count(seeded, "cache") == 7
        assert any("deleted 1 of 2" in m and "default/cache" in m for m in notifications(app))


async def test_without_marks_d_asks_about_the_selected_set(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("space", "space", "d")  # marked, then unmarked
        text = str(app.screen.query_one(".dialog-message").render())
        assert 'Delete endpoints "api" in namespace "default"?' in text


async def test_n_keeps_every_marked_set(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("space", "j", "space", "d", "n")
        assert seeded.revision() == revision and len(app.table.marked) == 2


# -- clipboard ------------------------------------------------------------------------------
async def test_y_copies_the_yaml_and_capital_y_the_name(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("y")
        assert app.clipboard.startswith("kind: Endpoints\nmetadata:\n  name: api\n")
        assert "num_endpoints: 2" in app.clipboard
        assert any("Copied the YAML of endpoints/api" in m for m in notifications(app))
        await pilot.press("Y")
        assert app.clipboard == "api"
        assert any('Copied the name "api"' in m for m in notifications(app))


# -- changes made elsewhere -----------------------------------------------------------------
async def test_a_row_changed_elsewhere_is_highlighted_briefly(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        theirs = EndpointsForm("cache", "default", "5", False, "eu-west", "app=cache")
        seeded.update_endpoints(theirs.to_endpoints())
        await wait_for(pilot, lambda: app.table.is_flashing("default/cache"), "the highlight")
        assert not app.table.is_flashing("default/web")
        await wait_for(pilot, lambda: not app.table.is_flashing("default/cache"), "its end")


async def test_rows_added_above_the_cursor_keep_it_in_place_on_screen(
    seeded: TinyDBStore,
) -> None:
    for index in range(60):
        add(seeded, f"zz-{index:02d}", "staging")
    async with running(seeded) as (app, pilot):
        await pilot.press("j", "j", "j", "j", "j")  # search, at screen row 5; view at the top
        key = app.table.cursor_key
        assert app.table.scroll_offset.y == 0
        add(seeded, "aaa-1")
        add(seeded, "aaa-2")
        await wait_for(pilot, lambda: "default/aaa-2" in shown_keys(app), "the new sets")
        assert app.table.cursor_key == key
        index = shown_keys(app).index(key)
        assert index - app.table.scroll_offset.y == 5  # same row on screen

"""Snapshot tests of every screen, grouped by feature; SVGs live in the top-level snapshots/.

Deterministic: a seeded store with fixed timestamps, `formatting.utc_now` frozen (conftest),
a fixed terminal size, and the store's path shown as a fixed name.
Update with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_support import SIZE, add, loaded, make_app, seed, wait_for

from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.tui.app import SkyShiftApp

SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.file_store_only(
    "snapshots: the header shows the store's location; the app on etcd is pinned by Pilot tests"
)


def app_over(store: TinyDBStore, namespace: str | None = None) -> SkyShiftApp:
    app = make_app(store, namespace)
    app.store.location = "~/.local/share/skyshift/store.json"  # not the test's temporary path
    return app


async def first_load(pilot: Pilot[None]) -> None:
    await loaded(pilot)


def then(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the first load, then press `keys`."""

    async def run(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press(*keys)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # the cursor steady: shown in every snapshot
        await pilot.pause()

    return run


# -- the main screen -----------------------------------------------------------------------
def test_main_screen(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """Namespaces, the endpoints table and the selected set described, with data."""
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then("j"))


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 30), (200, 50)], ids=["80x24", "120x30", "200x50"]
)
def test_main_screen_fits(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """NAME, ENDPOINTS, EXPOSED and AGE at 80x24; PRIMARY CLUSTER and SELECTOR too at 120x30;
    every `-o wide` column at 200x50; a long name cut with an ellipsis; ? and q in the footer."""
    add(seeded, "a-very-long-name-for-a-set-of-endpoints-that-goes-on-and-on", "shop")
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then("j"))


def test_main_screen_without_the_tree(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`t` hides the tree: at 80 columns the table gains columns."""
    assert snap_compare(app_over(seeded), terminal_size=(80, 24), run_before=then("t"))


def test_main_screen_empty_store(snap_compare: SnapCompare, store_path: Path) -> None:
    """A store with nothing in it says how to create the first set."""
    assert snap_compare(
        app_over(TinyDBStore(store_path)), terminal_size=SIZE, run_before=first_load
    )


def test_main_screen_filtered(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`/` then typing: the filter bar and only the matching sets."""
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then("slash", *"eu-"))


async def store_breaks(pilot: Pilot[None]) -> None:
    """After the first load, the store file is overwritten with something unreadable."""
    app = await loaded(pilot)
    broken = Path("broken.json")
    broken.write_text("{ not json")
    broken.replace(app.store.path)  # type: ignore[attr-defined]  # atomically: one message
    banner = app.query_one("#error-banner")
    await wait_for(pilot, lambda: banner.display, "the error banner")


def test_unreadable_store_banner(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable store is a banner over the last good state, not a crash."""
    monkeypatch.chdir(tmp_path)  # the error names the store's path: keep it the same
    store = seed(Path("store.json"))
    assert snap_compare(app_over(store), terminal_size=SIZE, run_before=store_breaks)


# -- create --------------------------------------------------------------------------------
def test_create_form_with_validation_errors(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """The create form keeps what was typed and shows each problem beside its field."""
    keys = ("c", *"web 1", "tab", "tab", "backspace", *"-2", "tab", "tab", "tab", *"tier")
    assert snap_compare(app_over(seeded, "shop"), terminal_size=SIZE, run_before=then(*keys))


# -- edit ----------------------------------------------------------------------------------
def test_edit_form(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`e` on web: one row per cluster (a second one added), the primary among them, the
    selector; name and namespace fixed; a problem shown beside its row."""
    keys = ("G", "e", "ctrl+n", *"eu-west", "tab", "backspace", *"-1")
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then(*keys))


def test_marked_rows(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`space` marks: marked rows carry a dot and a colour, the cursor row too."""
    keys = ("space", "j", "j", "space", "j", "j", "space")
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then(*keys))


def test_delete_marked_confirmation(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`d` with marks: how many, and which, in one confirmation."""
    keys = ("space", "j", "j", "space", "d")
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then(*keys))


# -- delete --------------------------------------------------------------------------------
def test_delete_confirmation(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`d` names the set and its namespace, says it is irreversible, Cancel focused."""
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then("j", "d"))


def test_delete_namespace_offers_cascade(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`D` on a non-empty namespace counts its sets and asks for its name, typed exactly:
    half typed, the delete button stays disabled."""
    assert snap_compare(app_over(seeded, "shop"), terminal_size=SIZE, run_before=then("D", *"sho"))


# -- help ----------------------------------------------------------------------------------
def test_help(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`?` lists every key, grouped by where it works."""
    assert snap_compare(app_over(seeded), terminal_size=SIZE, run_before=then("question_mark"))


# -- command mode and views ----------------------------------------------------------------
SMALL_SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 30)], ids=["80x24", "120x30"])


@SMALL_SIZES
def test_command_prompt(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`:` opens a one-line prompt under the header; the completion shows greyed."""
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then("colon", *"nam"))


@SMALL_SIZES
def test_namespaces_view(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`:ns`: NAME, SETS, ENDPOINTS, LABELS, AGE, STATUS; the breadcrumb in the border."""
    assert snap_compare(
        app_over(seeded), terminal_size=size, run_before=then("colon", *"ns", "enter", "j")
    )


@SMALL_SIZES
def test_clusters_view(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`:clusters`: one row per cluster any set names, with SETS, ENDPOINTS, EXPOSED and
    PRIMARY FOR."""
    assert snap_compare(
        app_over(seeded), terminal_size=size, run_before=then("colon", *"clusters", "enter")
    )


@SMALL_SIZES
def test_sets_on_a_cluster(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`enter` on a cluster: its sets, the breadcrumb `clusters › us-east`."""
    keys = ("colon", *"cl", "enter", "G", "enter")
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then(*keys))


# -- room on screen (issue 15) ---------------------------------------------------------------
@SMALL_SIZES
def test_scrolled_right(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`→` twice: NAME stays, `◂` says columns are scrolled out on the left."""
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then("right", "right"))


@SMALL_SIZES
def test_wide_columns(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`ctrl+w`: every `-o wide` column laid out, `▸` where more lie to the right."""
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then("ctrl+w"))


@SMALL_SIZES
def test_zoomed_description(
    snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]
) -> None:
    """`z`: the selected set described, full screen."""
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then("j", "z"))


@SMALL_SIZES
def test_zoomed_yaml(snap_compare: SnapCompare, seeded: TinyDBStore, size: tuple[int, int]) -> None:
    """`v`: the selected set's YAML, full screen."""
    assert snap_compare(app_over(seeded), terminal_size=size, run_before=then("v"))


def test_detail_hidden(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """`i` hides the detail pane: the table takes the screen."""
    assert snap_compare(app_over(seeded), terminal_size=(80, 24), run_before=then("i"))


def test_long_namespaces_in_the_tree(snap_compare: SnapCompare, seeded: TinyDBStore) -> None:
    """Two long namespaces: cut with `…`, told apart, their counts whole."""
    add(seeded, "a", "payments-production-europe-west")
    add(seeded, "b", "payments-production-europe-east")
    assert snap_compare(app_over(seeded), terminal_size=(80, 24), run_before=first_load)

"""Command mode (`:`): k9s habits typed the way a terminal delivers them never reach the
single-letter keys. `:deploy⏎` once deleted the selected set (`d` asked, `y` confirmed),
`:ns⏎` created a namespace `s`, `:ctx⏎` a set `tx`.

Keys are sent both ways: `typed` posts a whole burst before the app handles the first (one
read from a terminal), `pilot.press` one after another.
"""

from __future__ import annotations

import pytest
from edit_support import notifications
from tui_support import running, settled, shown_keys, typed, wait_for

from skyshift_tui.screens.confirm_delete import ConfirmScreen
from skyshift_tui.screens.help import HelpScreen
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.command_bar import CommandBar

pytestmark = pytest.mark.file_store_only("keys and views: the store does not matter here")

K9S_HABITS = [":deploy", ":ctx", ":po", ":svc", ":dp", ":xray", ":pulses", ":yes", ":d"]


def names_of(store: TinyDBStore) -> tuple[set[str], set[str]]:
    sets = {obj["metadata"]["name"] for obj in store.list_endpoints()}
    return sets, {ns["metadata"]["name"] for ns in store.list_namespaces()}


@pytest.mark.parametrize("line", K9S_HABITS)
async def test_an_unknown_command_in_a_burst_changes_nothing(
    seeded: TinyDBStore, line: str
) -> None:
    async with running(seeded) as (app, pilot):
        revision, before = seeded.revision(), names_of(seeded)
        await typed(pilot, *line, "enter", "y")  # the `y` once confirmed a delete
        await settled(pilot)
        assert seeded.revision() == revision and names_of(seeded) == before
        assert app.screen is app.main and not isinstance(app.screen, ConfirmScreen)
        said = [m for m in notifications(app) if "unknown command" in m]
        assert len(said) == 1 and "\n" not in said[0] and f'"{line}"' in said[0]
        assert app.main.view == "endpoints"


async def test_pressed_one_by_one_too(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press(*":deploy")
        assert app.main.command_bar.input.value == "deploy"
        await pilot.press("enter", "y")
        await settled(pilot)
        assert seeded.revision() == revision and app.screen is app.main


async def test_the_prompt_takes_every_key_until_enter(seeded: TinyDBStore) -> None:
    """Every main-screen letter, after `:`: all in the prompt, none acting."""
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, "colon", *"cdnDrtuveEsSyYjkgG/+-q?")
        bar = app.main.query_one(CommandBar)
        assert bar.is_open and bar.input.value == "cdnDrtuveEsSyYjkgG/+-q?"
        assert app.focused is bar.input and app.screen is app.main and app.is_running
        await typed(pilot, "escape")
        assert not bar.is_open and app.focused is app.table
        assert seeded.revision() == revision


async def test_ns_opens_the_namespaces_view(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, *":ns", "enter", "j")
        view = app.main.ns_view
        await wait_for(pilot, lambda: app.focused is view, "the namespaces view")
        assert app.main.view == "namespaces" and view.display and not app.table.display
        rows = [view.model.row_at(i).cells for i in range(len(view.model))]
        assert rows[0][:3] == ("default", "3", "6") and rows[1][:3] == ("shop", "3", "6")
        assert rows[2][:3] == ("staging", "0", "0") and rows[2][-1] == "ACTIVE"
        assert view.cursor_key == "shop"  # the `j` after enter moved in the new view
        assert "namespaces" in str(view.border_title)
        await typed(pilot, "enter")
        assert app.main.view == "endpoints" and app.ns_tree.chosen == "shop"
        assert "namespaces › shop" in str(app.table.border_title)
        assert shown_keys(app) == ["shop/checkout", "shop/payments", "shop/search"]
        await typed(pilot, "escape")
        assert app.main.view == "namespaces" and view.cursor_key == "shop"
        assert seeded.revision() == revision


async def test_ns_name_and_edp_filter_are_shortcuts(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, *":ns shop", "enter")
        assert app.ns_tree.chosen == "shop" and "endpoints › shop" in str(app.table.border_title)
        await typed(pilot, "escape")  # one step back: all namespaces
        assert app.ns_tree.chosen is None and len(shown_keys(app)) == 6
        await typed(pilot, *":edp pay", "enter")
        assert shown_keys(app) == ["shop/payments"] and app.focused is app.table
        await typed(pilot, *":ns nowhere", "enter")
        assert any('no namespace is named "nowhere"' in m for m in notifications(app))
        assert shown_keys(app) == ["shop/payments"]


async def test_clusters_view_and_its_sets(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        await typed(pilot, *":clusters", "enter")
        view = app.main.cluster_view
        assert app.main.view == "clusters" and app.focused is view
        rows = {view.model.row_at(i).key: view.model.row_at(i).cells for i in range(3)}
        # NAME, SETS, ENDPOINTS, EXPOSED, PRIMARY FOR
        assert rows["us-east"] == ("us-east", "2", "5", "1", "2")
        assert rows["eu-west"] == ("eu-west", "2", "5", "1", "2")
        assert rows["auto"] == ("auto", "2", "2", "0", "2")
        assert view.select("us-east")
        await typed(pilot, "enter")
        assert app.main.view == "endpoints" and shown_keys(app) == ["default/api", "default/web"]
        assert "clusters › us-east" in str(app.table.border_title)
        await typed(pilot, "escape")
        assert app.main.view == "clusters" and app.focused is view
        await typed(pilot, "g", "enter")  # auto: laid out again once shown, NAME whole
        await wait_for(pilot, lambda: "payments" in app.table.render_line(1).text, "NAME whole")
        assert app.table.render_line(0).text.split()[:2] == ["NAME", "▲"]


async def test_the_views_are_live(seeded: TinyDBStore) -> None:
    from tui_support import add

    async with running(seeded) as (app, pilot):
        await typed(pilot, *":cl", "enter")
        view = app.main.cluster_view
        add(seeded, "edge", "default", num_endpoints="4", primary_cluster="ap-south")
        await wait_for(pilot, lambda: view.model.index_of("ap-south") is not None, "ap-south")
        await typed(pilot, *":ns", "enter")
        add(seeded, "edge", "lab")
        ns_view = app.main.ns_view
        await wait_for(pilot, lambda: ns_view.model.index_of("lab") is not None, "lab")


async def test_no_set_key_acts_in_the_other_views(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        for command in (":ns", ":cl"):
            await typed(pilot, *command, "enter", *"dey+-cEvt", "space")
            await settled(pilot)
            assert app.screen is app.main and seeded.revision() == revision
        await typed(pilot, "n")  # no namespace is made from the clusters view
        assert app.screen is app.main


async def test_n_and_D_in_the_namespaces_view(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, *":ns", "enter", "n", *"lab", "enter")
        await settled(pilot)
        view = app.main.ns_view
        await wait_for(pilot, lambda: view.cursor_key == "lab", "the new namespace selected")
        assert "lab" in names_of(seeded)[1]
        assert view.select("shop")
        await typed(pilot, "D", *"shop", "enter")  # the type-the-name cascade screen
        await settled(pilot)
        assert "shop" not in names_of(seeded)[1]
        assert {"checkout", "payments", "search"}.isdisjoint(names_of(seeded)[0])


async def test_tab_completes_and_up_recalls(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        bar = app.main.command_bar
        await typed(pilot, *":nam", "tab")
        assert bar.input.value == "namespaces "
        await typed(pilot, *"sh", "tab")
        assert bar.input.value == "namespaces shop"
        await typed(pilot, "enter", *":cl", "enter", "colon", "up")
        assert bar.input.value == "cl"
        await typed(pilot, "up")
        assert bar.input.value == "namespaces shop"
        await typed(pilot, "enter")
        assert app.main.view == "endpoints" and app.ns_tree.chosen == "shop"


async def test_help_and_quit(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, *":help", "enter")
        assert isinstance(app.screen, HelpScreen)
        await typed(pilot, "escape", *":q", "enter")
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")


LETTERS = [*"cdnDeEuyYvtsS+-/", "colon", "space"]
"""Every key that acts on the main screen (q and escape close some dialogs: left out)."""


@pytest.mark.parametrize(
    "opener",
    [
        ("question_mark",),
        ("e",),
        ("colon", *"ns shop", "enter", "D"),
        ("colon", *"ns", "enter", "n"),
    ],
    ids=["help", "edit form", "delete namespace", "new namespace from the namespaces view"],
)
async def test_no_letter_acts_while_a_dialog_is_open(
    seeded: TinyDBStore, opener: tuple[str, ...]
) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, *opener)
        dialog = app.screen
        assert dialog is not app.main
        await typed(pilot, *LETTERS)
        await settled(pilot)
        assert app.screen is dialog and seeded.revision() == revision

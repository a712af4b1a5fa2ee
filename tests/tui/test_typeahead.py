"""Keys typed ahead: a burst that opens an input and goes on typing lands in that input.

A terminal delivers a fast typist's keys (or a paste) in one read, so every key is queued
before the app has handled the first; focusing the new input is deferred behind them.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_support import running, settled, shown_keys, typed, wait_for

from skyshift_tui.screens.confirm_delete import ConfirmScreen
from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.filter_bar import FilterBar


async def test_a_burst_after_slash_all_lands_in_the_filter(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, "slash", *"payd")
        assert app.query_one(FilterBar).text == "payd"
        assert not isinstance(app.screen, ConfirmScreen)  # the `d` did not open a delete
        await typed(pilot, "backspace", "enter", "j")
        assert shown_keys(app) == ["shop/payments"] and app.focused is app.table
        assert seeded.revision() == revision


async def test_a_burst_of_twenty_characters(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        text = "prod-dry-run-yes-qdrs"
        await typed(pilot, "slash", *text)
        assert app.query_one(FilterBar).text == text
        assert app.is_running and app.screen is app.main


async def test_c_then_a_name_and_enter_in_one_burst_creates_it(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "c", *"cweb-dq")
        assert isinstance(app.screen, CreateEndpointsScreen)
        assert app.screen.query_one("#name", Input).value == "cweb-dq"
        await typed(pilot, "enter")
        await settled(pilot)
        assert seeded.get_endpoints("cweb-dq", "default")


async def test_n_then_a_name_in_one_burst(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "n", *"dev-ops", "enter")
        await settled(pilot)
        assert "dev-ops" in [ns["metadata"]["name"] for ns in seeded.list_namespaces()]


async def test_no_main_key_fires_while_a_form_is_open(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "c")
        form = app.screen
        await typed(pilot, "tab", "tab", "tab")  # onto the Exposed switch: keys are not text
        await typed(pilot, *"cdnDr/q")
        assert app.screen is form and app.is_running


async def test_no_main_key_fires_while_a_confirmation_is_open(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, "d", *"cDr/sq", "escape")  # n would answer no
        assert not isinstance(app.screen, ConfirmScreen) and app.is_running
        assert app.screen is app.main and app.focused is app.table
        assert seeded.revision() == revision


async def test_a_whole_form_typed_in_one_burst(seeded: TinyDBStore) -> None:
    """tab moves the focus before the next key is looked at: each value lands in its field."""
    async with running(seeded) as (app, pilot):
        await typed(pilot, "c", *"edge", "tab", *"ops", "tab", "backspace", "3", "tab", "space")
        await typed(pilot, "tab", *"eu-north", "tab", *"app=edge", "enter")
        await settled(pilot)
        stored = seeded.get_endpoints("edge", "ops")  # the namespace's "default" was replaced
        assert stored["spec"] == {
            "selector": {"app": "edge"},
            "endpoints": {"eu-north": {"num_endpoints": 3, "exposed_to_cluster": True}},
            "primary_cluster": "eu-north",
        }


async def test_keys_typed_as_a_form_closes_go_to_the_table(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "c", *"x", "escape", "j", "j")
        assert app.screen is app.main
        assert app.table.cursor_key == "shop/checkout"  # api -> cache -> checkout


async def test_keys_held_for_an_input_that_never_gets_the_focus_still_go_to_it(
    seeded: TinyDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However late the focus (here: never), `/prod` types into the filter, not the table."""
    monkeypatch.setattr(FilterBar, "open", lambda self: setattr(self, "display", True))
    async with running(seeded) as (app, pilot):
        await typed(pilot, "slash", *"prod")
        await wait_for(pilot, lambda: app.query_one(FilterBar).text == "prod", "the filter")
        assert not isinstance(app.screen, ConfirmScreen)

"""`c`: the create-endpoints form, driven by real key presses, checked in the store."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Switch
from tui_support import running, settled, wait_for

from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.form_field import FormField


def field_message(screen: CreateEndpointsScreen, name: str) -> str:
    field = screen.fields[name]
    return str(field.query_one(".form-message").render())


async def test_a_name_alone_creates_with_the_cli_defaults(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("c")
        assert isinstance(app.screen, CreateEndpointsScreen)
        assert app.focused is app.screen.query_one("#name", Input)
        await pilot.press(*"orders", "ctrl+s")
        await settled(pilot)
        assert not isinstance(app.screen, CreateEndpointsScreen)
        stored = seeded.get_endpoints("orders", "default")
        assert stored["spec"]["primary_cluster"] == "auto"
        assert stored["spec"]["endpoints"] == {
            "auto": {"num_endpoints": 0, "exposed_to_cluster": False}
        }
        assert stored["spec"]["selector"] == {}
        await wait_for(pilot, lambda: app.table.cursor_key == "default/orders", "the new row")


async def test_enter_in_a_field_submits_too(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("c", *"by-enter", "enter")
        await settled(pilot)
        assert not isinstance(app.screen, CreateEndpointsScreen)
        assert seeded.get_endpoints("by-enter", "default")["metadata"]["name"] == "by-enter"


async def test_every_field_typed_and_tabbed(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("c", *"edge", "tab")
        await pilot.press(*["backspace"] * 7, *"ops", "tab")  # namespace: default -> ops
        await pilot.press("backspace", "3", "tab")  # number of endpoints
        await pilot.press("space", "tab")  # exposed
        await pilot.press(*["backspace"] * 4, *"eu-north", "tab")
        await pilot.press(*"app=edge,tier=proxy", "ctrl+s")
        await settled(pilot)
        stored = seeded.get_endpoints("edge", "ops")
        assert stored["spec"] == {
            "selector": {"app": "edge", "tier": "proxy"},
            "endpoints": {"eu-north": {"num_endpoints": 3, "exposed_to_cluster": True}},
            "primary_cluster": "eu-north",
        }
        assert "ops" in app.ns_tree.names  # created with the set, shown by itself


async def test_namespace_chosen_in_the_tree_is_preset(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="shop") as (app, pilot):
        await pilot.press("c")
        assert app.screen.query_one("#namespace", Input).value == "shop"
        assert app.screen.query_one("#num_endpoints", Input).value == "0"
        assert app.screen.query_one("#primary_cluster", Input).value == "auto"
        assert app.screen.query_one("#exposed", Switch).value is False


async def test_bad_input_is_shown_beside_its_field_and_kept(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("c", *"bad name", "tab", "tab")
        form = app.screen
        assert isinstance(form, CreateEndpointsScreen)
        assert "invalid" in field_message(form, "name")  # shown while typing
        await pilot.press("backspace", *"x3", "tab", "tab", "tab", *"app")
        assert "whole number" in field_message(form, "num_endpoints")
        assert "KEY=VALUE" in field_message(form, "selector")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # rejected: the form stays open...
        assert form.query_one("#name", Input).value == "bad name"  # ...with all that was typed
        assert form.query_one("#num_endpoints", Input).value == "x3"
        assert form.query_one("#selector", Input).value == "app"
        assert app.focused is form.query_one("#name", Input)  # on the first problem
        assert form.fields["name"].control.has_class("-invalid")
        assert seeded.revision() == revision  # nothing written


async def test_an_existing_name_is_an_error_in_the_form(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("c", *"web", "ctrl+s")
        form = app.screen
        await wait_for(pilot, lambda: "already exists" in field_message(form, "name"))
        assert app.screen is form
        assert form.query_one("#name", Input).value == "web"
        await pilot.press("2", "ctrl+s")  # fix it: web2
        await settled(pilot)
        assert seeded.get_endpoints("web2", "default")


async def test_escape_cancels_and_writes_nothing(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("c", *"never", "escape")
        assert not isinstance(app.screen, CreateEndpointsScreen)
        assert seeded.revision() == revision
        assert seeded.find_endpoints("never") == []


@pytest.mark.parametrize("key", ["c", "d", "n", "q"])
async def test_main_keys_do_nothing_inside_the_form(seeded: TinyDBStore, key: str) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("c", "tab", "tab", "tab")  # focus on the Exposed switch
        assert isinstance(app.focused, Switch)
        await pilot.press(key)
        assert len(app.screen_stack) == 2 and isinstance(app.screen, CreateEndpointsScreen)
        assert app.is_running


async def test_clicking_create_submits(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("c", *"clicked")
        await pilot.click("#submit")
        await settled(pilot)
        assert seeded.get_endpoints("clicked", "default")
        assert not app.screen.query(FormField)

"""`e`: the edit form, driven by real keys (also in one burst), checked in the store."""

from __future__ import annotations

import pytest
from edit_support import typed
from textual.widgets import Input, Select, Switch
from tui_support import palette_prompts, running, settled, wait_for

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.screens.edit_endpoints import ClusterRow, EditEndpointsScreen
from skyshift_tui.store.file.store import TinyDBStore


def form_of(app: object) -> EditEndpointsScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, EditEndpointsScreen)
    return screen


def row_values(form: EditEndpointsScreen) -> list[tuple[str, str, bool]]:
    return [
        (row.name_input.value, row.count_input.value, row.exposed_switch.value) for row in form.rows
    ]


def form_error(form: EditEndpointsScreen) -> str:
    return str(form.query_one("#form-error").render())


def messages(form: EditEndpointsScreen) -> str:
    return "\n".join(str(s.render()) for s in form.query(".form-message"))


async def test_e_opens_the_selected_set_prefilled(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("G", "e")  # web: the last row
        form = form_of(app)
        assert row_values(form) == [("us-east", "3", True)]
        assert form.query_one("#primary_cluster", Select).value == "us-east"
        assert form.query_one("#selector", Input).value == "app=web,tier=frontend"
        assert "web" in str(form.query_one("#edit-target").render())
        assert "version" in str(form.query_one("#edit-target").render())
        assert app.focused is form.rows[0].name_input


async def test_a_burst_after_e_lands_in_the_form_in_order(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "e", *"-2b", "ctrl+s")  # rename the cluster and save, in one read
        await settled(pilot)
        assert not isinstance(app.screen, EditEndpointsScreen)
        spec = seeded.get_endpoints("api", "default")["spec"]
        assert spec["endpoints"] == {
            "us-east-2b": {"num_endpoints": 2, "exposed_to_cluster": False}
        }
        assert spec["primary_cluster"] == "us-east-2b"  # the primary followed the rename
        assert spec["selector"] == {"app": "api"}  # untouched fields kept


async def test_main_keys_do_nothing_in_the_form(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("e")
        await typed(pilot, *"cdnqe+-y ")
        form = form_of(app)
        assert len(app.screen_stack) == 2
        assert form.rows[0].name_input.value == "us-eastcdnqe+-y "  # typed after the value
        assert app.is_running


async def test_rows_added_and_removed_and_the_primary_chosen(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("e")
        await typed(pilot, "ctrl+n", *"eu-north")
        await pilot.press("tab", "backspace", "4", "tab", "space")
        form = form_of(app)
        assert row_values(form) == [("us-east", "2", False), ("eu-north", "4", True)]
        # The primary cluster, by keys: shift+tab back past the remove buttons to the choice.
        form.set_focus(form.rows[1].count_input)
        await typed(pilot, "tab", "tab", "tab", "tab")
        assert isinstance(app.focused, Select)
        await pilot.press("enter", "down", "enter")
        await wait_for(pilot, lambda: form.query_one(Select).value == "eu-north")
        form.set_focus(form.rows[0].count_input)
        await typed(pilot, "ctrl+r")  # the first row goes
        await wait_for(pilot, lambda: len(form.rows) == 1, "the row removed")
        assert row_values(form) == [("eu-north", "4", True)]
        assert app.focused is form.rows[0].name_input
        assert seeded.revision() == revision  # nothing written before ctrl+s
        await typed(pilot, "ctrl+s")
        await settled(pilot)
        spec = seeded.get_endpoints("api", "default")["spec"]
        assert spec["primary_cluster"] == "eu-north"
        assert spec["endpoints"] == {"eu-north": {"num_endpoints": 4, "exposed_to_cluster": True}}


async def test_removing_the_primary_cluster_asks_for_another(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("e")
        await typed(pilot, "ctrl+n", *"eu-north")
        form = form_of(app)
        form.set_focus(form.rows[0].name_input)
        await typed(pilot, "ctrl+r", "ctrl+s")
        await wait_for(pilot, lambda: "primary cluster" in messages(form), "the problem")
        assert app.screen is form and seeded.revision() == revision


async def test_bad_values_are_shown_and_nothing_is_written(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, "e")
        await pilot.press("tab", "x", "tab", "tab", "tab", "tab", "tab", *",app", "ctrl+s")
        form = form_of(app)
        text = messages(form)
        assert "whole number" in text and "KEY=VALUE" in text
        assert app.screen is form and seeded.revision() == revision


async def test_markup_typed_into_every_field_is_plain_text(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await pilot.press("e")
        await typed(pilot, *"[/]")
        await pilot.press("tab", *"[/]", "ctrl+n", *"[/]", "tab", *"[b]")
        form = form_of(app)
        form.set_focus(form.query_one("#selector", Input))
        await typed(pilot, *"[/]", "ctrl+s")
        await pilot.pause()
        assert app.is_running and app.screen is form
        assert row_values(form) == [("us-east[/]", "2[/]", False), ("[/]", "0[b]", False)]
        assert form.query_one("#selector", Input).value == "app=api[/]"
        text = messages(form)
        assert "'us-east[/]'" in text and "'2[/]'" in text and "'api[/]'" in text
        assert seeded.revision() == revision


@pytest.mark.backend_matters("a change meanwhile is caught by each store's version check")
async def test_a_set_changed_meanwhile_is_reported_not_overwritten(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "e")
        await pilot.press("tab", "backspace", "5")
        form = form_of(app)
        theirs = EndpointsForm("api", "default", "9", False, "us-east", "app=api,team=b")
        seeded.update_endpoints(theirs.to_endpoints())  # another process, meanwhile
        await typed(pilot, "ctrl+s")
        await wait_for(pilot, lambda: form_error(form), "the conflict")
        error = form_error(form)
        assert 'endpoints "api" was changed since version' in error
        assert "spec.endpoints.us-east.num_endpoints: 2 → 9" in error
        assert "spec.selector.team: (none) → b" in error
        assert "Nothing was written" in error
        assert app.screen is form
        assert form.rows[0].count_input.value == "5"  # what was typed is kept
        stored = seeded.get_endpoints("api", "default")
        assert stored["spec"]["endpoints"]["us-east"]["num_endpoints"] == 9


async def test_escape_cancels_and_writes_nothing(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        revision = seeded.revision()
        await typed(pilot, "e")
        await pilot.press("tab", "backspace", "7", "escape")
        assert not isinstance(app.screen, EditEndpointsScreen)
        assert seeded.revision() == revision


async def test_e_with_nothing_selected_says_so(store_path) -> None:  # type: ignore[no-untyped-def]
    async with running(TinyDBStore(store_path)) as (app, pilot):
        await typed(pilot, "e")
        assert not isinstance(app.screen, EditEndpointsScreen)
        assert any("nothing to edit" in n.message for n in app._notifications)


async def test_a_saved_edit_switch_and_rows_are_checked_widgets(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "G", "e")
        form = form_of(app)
        assert isinstance(form.rows[0], ClusterRow)
        assert isinstance(form.rows[0].exposed_switch, Switch)


async def test_the_command_palette_opens_the_form_too(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("ctrl+p")
        prompts = await palette_prompts(pilot, "Edit the selected set in a form")
        assert prompts, "the palette found no edit command"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditEndpointsScreen), "the form")


async def test_the_form_is_reused_and_keeps_nothing_from_the_last_opening(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("e", "ctrl+n", *"bad name", "tab", *"x", "ctrl+s")
        first = form_of(app)
        assert "invalid" in messages(first)
        await pilot.press("escape", "G", "e")  # web, with one cluster and another selector
        form = form_of(app)
        assert form is first  # built once
        await wait_for(pilot, lambda: len(form.rows) == 1, "the extra row gone")
        assert row_values(form) == [("us-east", "3", True)]
        assert form.query_one("#primary_cluster", Select).value == "us-east"
        assert form.query_one("#selector", Input).value == "app=web,tier=frontend"
        assert "web in namespace default" in str(form.query_one("#edit-target").render())
        assert "invalid" not in messages(form) and not form_error(form)
        assert app.focused is form.rows[0].name_input
        await pilot.press(*"-9", "ctrl+s")  # typed after the name: us-east-9
        await settled(pilot)
        spec = seeded.get_endpoints("web", "default")["spec"]
        assert spec["endpoints"] == {"us-east-9": {"num_endpoints": 3, "exposed_to_cluster": True}}
        assert seeded.get_endpoints("api", "default")["spec"]["primary_cluster"] == "us-east"


async def test_a_set_with_more_clusters_gets_more_rows(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("e", "ctrl+n", *"eu-1", "ctrl+s")  # a new row starts empty
        await settled(pilot)
        await pilot.press("j", "k", "e")
        form = form_of(app)
        await wait_for(pilot, lambda: len(form.rows) == 2, "two rows")
        assert row_values(form) == [("us-east", "2", False), ("eu-1", "0", False)]


async def test_a_burst_that_adds_a_cluster_and_saves(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("e")
        await typed(pilot, "ctrl+n", *"eu-north", "ctrl+s")  # one read from the terminal
        await settled(pilot)
        assert not isinstance(app.screen, EditEndpointsScreen)
        clusters = seeded.get_endpoints("api", "default")["spec"]["endpoints"]
        assert list(clusters) == ["us-east", "eu-north"]


@pytest.mark.backend_matters("a change meanwhile is caught by each store's version check")
async def test_a_set_deleted_meanwhile_is_reported_in_the_form(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("e", "tab", "backspace", "5")
        form = form_of(app)
        seeded.delete_endpoints("api", "default")  # another process, meanwhile
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form_error(form), "the refusal")
        assert 'endpoints "api" does not exist' in form_error(form)
        assert app.screen is form
        assert seeded.find_endpoints("api") == []  # not recreated


@pytest.mark.backend_matters("a change meanwhile is caught by each store's version check")
async def test_after_a_conflict_ctrl_l_starts_again_from_the_newer_set(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("e")
        form = form_of(app)
        await pilot.press("ctrl+l")
        assert "latest version already" in form_error(form)
        theirs = EndpointsForm("api", "default", "9", False, "us-east", "app=api,team=b")
        seeded.update_endpoints(theirs.to_endpoints())
        await pilot.press("tab", "backspace", "5", "ctrl+s")
        await wait_for(pilot, lambda: "ctrl+l starts again" in form_error(form), "the conflict")
        await wait_for(pilot, lambda: app.catalog.revision == seeded.revision(), "the change")
        await pilot.press("ctrl+l")
        assert row_values(form) == [("us-east", "9", False)]
        assert form.query_one("#selector", Input).value == "app=api,team=b"
        assert not form_error(form)
        await pilot.press("tab", "backspace", "6", "ctrl+s")  # now on top of their version
        await settled(pilot)
        spec = seeded.get_endpoints("api", "default")["spec"]
        assert spec["endpoints"]["us-east"]["num_endpoints"] == 6
        assert spec["selector"] == {"app": "api", "team": "b"}

"""The history view: `h` (and `:history`) on a set, `enter` for a revision's YAML and diff, `r`
to restore it (version-checked), `u` to undo that; keys typed in bursts as a terminal sends
them, on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from tui_support import make_app, running, settled, typed, wait_for

from skyshift_tui.screens.history_view import HistoryScreen, RevisionScreen
from skyshift_tui.store import Store
from skyshift_tui.tui.app import SkyShiftApp


def scaled(store: Store, name: str, namespace: str, count: int, **labels: str) -> dict[str, Any]:
    """Another process changes the set: its primary cluster's count, and labels."""

    def change(obj: dict[str, Any]) -> Any:
        spec = obj["spec"]
        primary = spec["primary_cluster"]
        clusters = {**spec["endpoints"], primary: {**spec["endpoints"][primary]}}
        clusters[primary]["num_endpoints"] = count
        meta = {**obj["metadata"], "labels": {**obj["metadata"]["labels"], **labels}}
        return {**obj, "metadata": meta, "spec": {**spec, "endpoints": clusters}}

    return store.modify_endpoints(name, namespace, change)


def count(store: Store, name: str = "web", namespace: str = "default") -> int:
    obj = store.get_endpoints(name, namespace)
    return int(obj["spec"]["endpoints"][obj["spec"]["primary_cluster"]]["num_endpoints"])


async def history_shown(pilot: Any, rows: int) -> HistoryScreen:
    app = pilot.app
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, HistoryScreen) and len(app.screen.rows) == rows,
        f"the history with {rows} revisions",
    )
    return app.screen  # type: ignore[no-any-return]


@pytest.fixture
def changed(seeded: Store) -> Store:
    """`web` (3 endpoints, the first row) scaled to 5 with a label, then to 8."""
    scaled(seeded, "web", "default", 5, team="a")
    scaled(seeded, "web", "default", 8)
    return seeded


def select_web(app: SkyShiftApp) -> None:
    assert app.table.select("default/web")


async def test_h_lists_the_revisions_newest_first_with_what_changed(changed: Store) -> None:
    async with running(changed) as (app, pilot):
        select_web(app)
        await typed(pilot, "h")
        screen = await history_shown(pilot, 3)
        assert [row.change for row in screen.rows] == [
            "num_endpoints us-east 5 → 8",
            "num_endpoints us-east 3 → 5, label team=a added",
            "created",
        ]
        assert str(screen.table.border_title) == "endpoints › web › history"
        await typed(pilot, "escape")
        assert app.screen is app.main


async def test_h_j_enter_in_one_burst_shows_that_revision_and_its_diff(changed: Store) -> None:
    async with running(changed) as (app, pilot):
        select_web(app)
        await typed(pilot, "h", "j", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RevisionScreen), "the revision")
        screen = app.screen
        assert isinstance(screen, RevisionScreen)
        assert screen.row.change == "num_endpoints us-east 3 → 5, label team=a added"
        text = str(screen._text())
        assert "spec.endpoints.us-east.num_endpoints: 5 → 8" in text
        assert "num_endpoints: 5" in text  # its YAML
        await typed(pilot, "escape", "escape")
        assert app.screen is app.main


async def test_r_restores_and_u_undoes_typed_at_once(changed: Store) -> None:
    async with running(changed) as (app, pilot):
        select_web(app)
        await typed(pilot, "h", "G", "r")
        await settled(pilot)
        assert count(changed) == 3
        assert changed.get_endpoints("web", "default")["metadata"]["labels"] == {}
        assert any("rolled back to revision" in n.message for n in app._notifications)
        screen = await history_shown(pilot, 4)  # it followed the restore
        assert screen.rows[0].change == "num_endpoints us-east 8 → 3, label team removed"
        await typed(pilot, "u")
        await settled(pilot)
        assert count(changed) == 8
        assert changed.get_endpoints("web", "default")["metadata"]["labels"] == {"team": "a"}
        await history_shown(pilot, 5)


async def test_r_is_refused_when_the_set_changed_since_the_list_was_shown(
    changed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The view reads the history again when the live catalog moves; here the change lands
    # before it has (as it may, between two looks): the write must still refuse.
    monkeypatch.setattr(HistoryScreen, "_follow", lambda self: None)
    async with running(changed) as (app, pilot):
        select_web(app)
        await typed(pilot, "h")
        await history_shown(pilot, 3)
        scaled(changed, "web", "default", 11)
        await typed(pilot, "G", "r")
        await settled(pilot)
        assert count(changed) == 11
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "nothing was restored" in errors[0]
        assert "\n" not in errors[0]


async def test_history_keys_wait_while_a_form_or_the_prompt_is_open(changed: Store) -> None:
    async with running(changed) as (app, pilot):
        select_web(app)
        await typed(pilot, "c", "h", "r")  # typed into the create form's name
        assert not isinstance(app.screen, HistoryScreen)
        assert app.screen.query_one("#name").value == "hr"  # type: ignore[attr-defined]
        await typed(pilot, "escape", ":", *"history web", "enter")
        screen = await history_shown(pilot, 3)
        assert screen.name_shown == "web" and screen.namespace == "default"
        assert count(changed) == 8


async def test_history_of_a_deleted_set_brings_it_back(changed: Store) -> None:
    async with running(changed) as (app, pilot):
        changed.delete_endpoints("web", "default")
        await typed(pilot, ":", *"history default/web", "enter")
        screen = await history_shown(pilot, 4)
        assert screen.rows[0].change == "deleted"
        await typed(pilot, "j", "r")
        await settled(pilot)
        assert count(changed) == 8


async def test_readonly_hides_restore_and_undo(changed: Store) -> None:
    app = make_app(changed)
    app.readonly = True
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.loads > 0, "the first load")
        select_web(app)
        revision = changed.revision()
        await typed(pilot, "h")
        screen = await history_shown(pilot, 3)
        shown = {k for k, b in screen.active_bindings.items() if b.enabled}
        await typed(pilot, "G", "r", "u")
        await settled(pilot)
        assert changed.revision() == revision
        assert not {"r", "u"} & shown

"""Stored sets that break a rule (issue 13, point 4). SkyShift's API server and other tools
write values our rules refuse (a label `pay ments!`, a label that is a number, a 1.4 MiB
annotation) and the readers show them. `e` on one stopped the whole TUI (exit 1). Now no key
crashes: the form opens with the bad fields marked, or the key says in one line why it cannot
change the set and that `E` can; pydantic's own text never reaches the screen.

The values are written into the store past every check, as another program would: into the
file, or (one case) straight into the etcd key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from etcd_fixtures import Cluster
from textual.pilot import Pilot
from textual.widgets import Input, Select
from tui_support import loaded, make_app, running, seed, settled, wait_for

from skyshift_tui.core.terminal_text import has_control
from skyshift_tui.screens.edit_endpoints import EditEndpointsScreen
from skyshift_tui.store import Store, open_store
from skyshift_tui.store.etcd.client import b64
from skyshift_tui.store.etcd.store import EtcdStore
from skyshift_tui.tui.app import SkyShiftApp

pytestmark = pytest.mark.backend_matters(
    "rule-breaking sets are written and read back by each store"
)

Change = Callable[[dict[str, Any]], object]


def rewrite(store: Store, key: str, change: Change) -> None:
    """Change the stored set `key` (`NS/NAME`) as another program would: no rule checked."""
    namespace, name = key.split("/")
    if isinstance(store, EtcdStore):
        obj = store.get_endpoints(name, namespace)
        change(obj)
        value = json.dumps(obj).encode()
        path = f"/sky_registry/endpoints/{namespace}/{name}"
        store.client.call("/v3/kv/put", {"key": b64(path), "value": b64(value)})
        return
    path = Path(store.location)
    tables = json.loads(path.read_text())
    for obj in tables["endpoints"].values():
        if obj["metadata"]["name"] == name and obj["metadata"]["namespace"] == namespace:
            change(obj)
    path.write_text(json.dumps(tables))


def labels(**values: object) -> Change:
    return lambda obj: obj["metadata"]["labels"].update(values)


def annotations(**values: object) -> Change:
    return lambda obj: obj["metadata"]["annotations"].update(values)


OUTSIDE_THE_FORM = {
    "label-a-number": (labels(team=5), "metadata.labels.team: must be text, not 5 (a number)"),
    "label-with-esc": (labels(team="a\x1b[2Jb"), "label value 'a\\x1b[2Jb' for 'team'"),
    "label-by-hand": (labels(team="pay ments!"), "label value 'pay ments!' for 'team'"),
    "annotation-a-list": (annotations(note=[1, 2]), "annotations.note: must be text, not a list"),
    "annotation-1.4-MiB": (annotations(note="x" * 1_400_000), "annotations are 1400004 bytes"),
}


def notes(app: SkyShiftApp) -> list[str]:
    return [n.message for n in app._notifications]


def screen_lines(app: SkyShiftApp) -> list[str]:
    """Every line of the screen as it would be drawn on the terminal."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def assert_worded(app: SkyShiftApp) -> None:
    """No pydantic text, no traceback, one line each, no raw control character, on screen or
    in a notification."""
    for note in notes(app):
        assert "pydantic" not in note and "validation error" not in note, note
        assert "\n" not in note and not has_control(note), note
    for line in screen_lines(app):
        assert not has_control(line), line


async def select(pilot: Pilot[None], key: str) -> SkyShiftApp:
    app = await settled(pilot)
    app.table.select(key)
    await wait_for(pilot, lambda: app.table.cursor_key == key, f"the cursor on {key}")
    return app


@pytest.mark.parametrize(
    ("change", "problem"), OUTSIDE_THE_FORM.values(), ids=OUTSIDE_THE_FORM.keys()
)
async def test_e_on_a_set_whose_labels_break_a_rule_says_why_and_suggests_capital_e(
    store_path: Path, change: Change, problem: str
) -> None:
    store = seed(store_path)
    rewrite(store, "shop/payments", change)
    async with running(store) as (app, pilot):
        await select(pilot, "shop/payments")
        await pilot.press("e")
        await wait_for(pilot, lambda: notes(app), "a notification")
        note = notes(app)[-1]
        assert note.startswith("endpoints/shop/payments cannot be edited in the form: "), note
        assert problem in note and note.endswith("; E edits its YAML in $EDITOR"), note
        assert app.is_running and app.screen is app.main
        for key in ("plus", "minus", "y", "V", "enter", "V"):
            await pilot.press(key)
        await settled(pilot)
        assert app.is_running
        assert any(n.startswith("endpoints/shop/payments cannot be scaled: ") for n in notes(app))
        assert_worded(app)
    assert app.return_code in (0, None) and app.crash is None


async def test_e_on_a_set_the_form_can_fix_marks_the_fields_and_saves_once_fixed(
    store_path: Path,
) -> None:
    """A cluster named `bad cluster!` (the choice of the primary raised on it), a selector
    holding ESC, a negative count: the form opens, each field is marked, saving is refused
    until they are fixed, and then it saves."""
    store = seed(store_path)

    def broken(obj: dict[str, Any]) -> None:
        obj["spec"]["endpoints"] = {
            "bad cluster!": {"num_endpoints": 2, "exposed_to_cluster": True},
            "eu": {"num_endpoints": -4, "exposed_to_cluster": False},
        }
        obj["spec"]["primary_cluster"] = "bad cluster!"
        obj["spec"]["selector"] = {"app": "x\x1b]52;c;cHduZWQ=\x07"}

    rewrite(store, "shop/payments", broken)
    async with running(store) as (app, pilot):
        await select(pilot, "shop/payments")
        revision = store.revision()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EditEndpointsScreen)
        await pilot.pause()
        marked = {field for field, f in form.fields.items() if f.control.has_class("-invalid")}
        assert marked == {"cluster-0", "selector"}  # (the count's row too, on its count:)
        assert form.rows[1].count_input.has_class("-invalid")
        assert form.query_one("#primary_cluster", Select).value == Select.NULL
        selector = form.query_one("#selector", Input)
        assert selector.value == "app=x\\x1b]52;c;cHduZWQ=\\x07"  # escaped, never raw
        assert_worded(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and store.revision() == revision  # nothing saved

        form.rows[0].name_input.value = "good"
        form.rows[1].count_input.value = "1"
        selector.value = "app=x"
        await pilot.pause()
        assert form.query_one("#primary_cluster", Select).value == "good"  # it followed
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is app.main
    spec = store.get_endpoints("payments", "shop")["spec"]
    assert spec["endpoints"] == {
        "good": {"num_endpoints": 2, "exposed_to_cluster": True},
        "eu": {"num_endpoints": 1, "exposed_to_cluster": False},
    }
    assert spec["primary_cluster"] == "good" and spec["selector"] == {"app": "x"}


async def test_keys_on_a_set_breaking_rules_in_an_etcd_key(etcd: Cluster) -> None:
    """The same straight into the etcd key, as SkyShift's API server writes it."""
    store = seed(etcd.url)
    rewrite(store, "shop/payments", labels(team="pay ments!", n=5))
    app = make_app(open_store(etcd.url))
    async with app.run_test() as pilot:
        await loaded(pilot)
        await select(pilot, "shop/payments")
        for key in ("e", "plus", "minus", "y", "V", "enter"):
            await pilot.press(key)
        await settled(pilot)
        assert app.is_running and app.screen is app.main
        refused = [n for n in notes(app) if "cannot be" in n]
        assert len(refused) == 3, notes(app)
        assert "labels.n: must be text, not" in refused[0]
        assert_worded(app)

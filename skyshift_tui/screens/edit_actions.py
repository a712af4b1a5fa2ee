"""The main screen's keys that change what exists: edit (`e`, `E`), scale (`+`, `-`), mark
(`space`) and delete the marked, copy (`y`, `Y`). A mixin for the screen that holds the main
keys: it lists EDIT_BINDINGS and calls `init_editing(app)`, `rows_changed_elsewhere()` and, from
its `d`, `delete_marked()`; the app's data is reached through `self.sky` (a `SkyShiftHost`).
The logic itself is Textual-free (`services/editing.py`, `services/edit_loop.py`,
`render/clipboard.py`).

Every write carries the resource_version the user saw: a set changed meanwhile is reported
with what changed, never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.worker import Worker, WorkerState

from skyshift_tui.core.terminal_text import escape_control
from skyshift_tui.live.invalid_keys import refusal
from skyshift_tui.render.clipboard import clipboard_text
from skyshift_tui.screens.host import SkyShiftHost, WriteBinding
from skyshift_tui.services.editing import (
    EndpointsEdit,
    Scaler,
    delete_all,
    update_checked,
    use_the_editor,
)
from skyshift_tui.store.base import Object

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from skyshift_tui.screens.edit_endpoints import EditEndpointsScreen

    _Host = DOMNode
else:
    _Host = object

EDIT_BINDINGS = [
    WriteBinding(
        "e", "edit_endpoints", "Edit", show=False, tooltip="Edit the selected set in a form"
    ),
    WriteBinding(
        "E", "edit_in_editor", "Edit YAML", show=False, tooltip="Edit its YAML in $EDITOR"
    ),
    WriteBinding(
        "plus",
        "scale_up",
        "Scale +1",
        show=False,
        tooltip="Scale: +1 endpoint on the primary cluster",
    ),
    WriteBinding(
        "minus",
        "scale_down",
        "Scale -1",
        show=False,
        tooltip="Scale: -1 endpoint on the primary cluster",
    ),
    Binding(
        "space", "toggle_mark", "Mark", show=False, tooltip="Mark the set (d deletes the marked)"
    ),
    Binding("y", "copy_yaml", "Copy YAML", show=False, tooltip="Copy the set's YAML"),
    Binding("Y", "copy_name", "Copy name", show=False, tooltip="Copy the set's name"),
]
MAX_LISTED = 15
"""The delete confirmation lists at most this many marked sets by name."""


def _import_editing() -> None:
    import skyshift_tui.screens.edit_endpoints  # noqa: F401  (and, through it, pydantic)


class EditActions(_Host):
    """The marked sets and the serialised scaler, and the actions of EDIT_BINDINGS."""

    sky: SkyShiftHost
    marked: set[str]
    _scaler: Scaler | None
    edit_form: EditEndpointsScreen | None

    def init_editing(self, sky: SkyShiftHost) -> None:
        """Call from the host's `__init__` with the app (before it runs: nothing is used yet)."""
        self.sky = sky
        """The app: its store, catalog, watcher, table and write worker."""
        self.marked = set()
        self._scaler = None
        self.edit_form = None

    @property
    def scaler(self) -> Scaler:
        """One for the session: it serialises every +/- and remembers our own last writes."""
        if self._scaler is None:
            self._scaler = Scaler(self.sky.store)
        return self._scaler

    def warm_up_editing(self) -> None:
        """Import the edit form and the model (pydantic: ~150 ms) in a thread while the user
        reads the table, so the first `e` does not pay for it. Call once the table is shown."""
        self.run_worker(_import_editing, thread=True, group="warm-up", exit_on_error=False)

    def known_set(self, key: str) -> Object | None:
        """The set as the live catalog holds it now (None: gone)."""
        return self.sky.catalog.objects.get(key)

    def selected(self, verb: str) -> Object | None:
        """The set under the cursor, or None after saying there is nothing to `verb`."""
        key = self.sky.table.cursor_key
        obj = self.sky.catalog.objects.get(key) if key is not None else None
        invalid = self.sky.catalog.invalid.get(key) if key is not None else None
        if invalid is not None:
            self.app.notify(refusal(invalid, verb), severity="error", timeout=8, markup=False)
        elif obj is None:
            message = f"No set is selected: there is nothing to {verb}."
            self.app.notify(message, severity="warning")
        return obj

    # -- e: the edit form -------------------------------------------------------------------
    async def action_edit_endpoints(self) -> None:
        """Open the form and wait until it is mounted and focused, so the keys typed right
        after `e` (already queued behind it) land in the form, in order."""
        from skyshift_tui.screens.edit_endpoints import EditEndpointsScreen

        obj = self.selected("edit")
        if obj is None:
            return
        problem = EndpointsEdit.of(obj).fixed_problem()
        if problem is not None:  # no typing in the form could make it savable
            refused = use_the_editor(obj, "edited in the form", problem)
            self.app.notify(str(refused), severity="error", timeout=10, markup=False)
            return
        form = self.edit_form
        if form is None:  # built once, kept installed (not removed when it closes), reused
            save = partial(update_checked, self.sky.store)
            form = self.edit_form = EditEndpointsScreen(obj, save, self.known_set)
            self.app.install_screen(form, name="edit-endpoints")
        else:
            await form.load(obj)
        await self.app.push_screen(form, self._saved)

    def _saved(self, stored: Object | None) -> None:
        if stored is not None:
            meta = stored["metadata"]
            self.app.notify(f"endpoints/{meta['name']} saved in {meta['namespace']}", markup=False)
            self.sky.watcher.poll_now()

    # -- E: $EDITOR -------------------------------------------------------------------------
    def action_edit_in_editor(self) -> None:
        """Hand the terminal to the editor (the app is suspended while it runs), then say
        what came of it. The loop is `skyctl edit`'s own (`services/edit_loop.py`)."""
        from textual.app import SuspendNotSupported

        from skyshift_tui.services.edit_loop import EditFailed, edit_loop, editor_within

        obj = self.selected("edit")
        if obj is None:
            return
        try:
            done = edit_loop(self.sky.store, obj, editor=editor_within(self.app.suspend))
        except SuspendNotSupported:
            self.app.notify("This terminal cannot hand over to an editor; use e.", severity="error")
            return
        except EditFailed as failed:
            message = "\n".join(escape_control(line) for line in [str(failed), *failed.details])
            self.app.notify(message, severity="error", timeout=10, markup=False)
        else:
            if done.object is not None:
                self._saved(done.object)  # said as the form says it
                return
            self.app.notify(done.message, markup=False)
        self.sky.watcher.poll_now()

    # -- + / -: scale -----------------------------------------------------------------------
    def action_scale_up(self) -> None:
        self._scale(+1)

    def action_scale_down(self) -> None:
        self._scale(-1)

    def _scale(self, delta: int) -> None:
        obj = self.selected("scale")
        if obj is not None:
            scale = partial(self.scaler.scale, obj, delta)
            self.run_worker(scale, thread=True, group="scale", exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Say what a scale did (its worker returns the line), or why it did not."""
        worker: Worker[Any] = event.worker
        if worker.group != "scale":
            return
        if event.state == WorkerState.SUCCESS:
            self.app.notify(str(worker.result), markup=False)
            self.sky.watcher.poll_now()
        elif event.state == WorkerState.ERROR:
            self.app.notify(str(worker.error), severity="error", timeout=8, markup=False)

    # -- space, d: marks --------------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        """Mark or unmark the set under the cursor; `d` then deletes every marked set."""
        key = self.sky.table.cursor_key
        if key is None:
            return
        invalid = self.sky.catalog.invalid.get(key)
        if invalid is not None:
            self.app.notify(refusal(invalid, "mark"), severity="error", timeout=8, markup=False)
            return
        self.marked.symmetric_difference_update({key})
        self.sky.table.marked = self.marked
        self.sky.table.refresh()

    def rows_changed_elsewhere(self, changed: Iterable[str], removed: Iterable[str]) -> None:
        """Flash the rows that changed; forget marks on sets that are gone."""
        self.sky.table.flash(changed)
        self.marked.difference_update(removed)

    def delete_marked(self) -> None:
        """One confirmation naming how many and listing them; then delete each as it was
        seen (one changed since is kept, and the notification says so)."""
        from skyshift_tui.screens.confirm_delete import ConfirmScreen

        objects = self.sky.catalog.objects
        seen = [objects[key] for key in sorted(self.marked) if key in objects]
        keys = {f"{o['metadata']['namespace']}/{o['metadata']['name']}" for o in seen}
        listed = sorted(keys)[:MAX_LISTED]
        more = len(keys) - len(listed)
        sets = "set" if len(keys) == 1 else "sets"
        message = "\n".join(
            [
                f"Delete these {len(keys)} {sets} of endpoints?",
                *(f"• {key}" for key in listed),
                *([f"… and {more} more"] if more else []),
                "u brings them back while this TUI stays open.",
            ]
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.marked.clear()
                self.sky.write(
                    f"{len(keys)} {sets} of endpoints deleted",
                    partial(delete_all, self.sky.store, seen),
                    own=keys,
                    undoable=True,
                )

        title = f"Delete {len(keys)} {sets}?"
        self.app.push_screen(ConfirmScreen(title, message, "Delete"), confirmed)

    # -- y, Y: clipboard --------------------------------------------------------------------
    def action_copy_yaml(self) -> None:
        self._copy("yaml")

    def action_copy_name(self) -> None:
        self._copy("name")

    def _copy(self, what: str) -> None:
        obj = self.selected("copy")
        if obj is not None:
            text, description = clipboard_text(obj, what)
            self.app.copy_to_clipboard(text)
            self.app.notify(f"Copied {description} to the clipboard.", timeout=3, markup=False)

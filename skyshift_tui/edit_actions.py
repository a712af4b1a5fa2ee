"""The main screen's keys that change what exists: edit (`e`, `E`), scale (`+`, `-`), mark
(`space`) and delete the marked, copy (`y`, `Y`). A mixin of the app, so `app.py` only lists
the bindings; the logic itself is Textual-free (`editing.py`, `edit_session.py`,
`clipboard.py`).

Every write carries the resource_version the user saw: a set changed meanwhile is reported
with what changed, never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from skyshift_tui.clipboard import clipboard_text
from skyshift_tui.editing import Scaler, delete_all, update_checked
from skyshift_tui.store.base import Object

if TYPE_CHECKING:
    from textual.app import App

    from skyshift_tui.catalog import Catalog
    from skyshift_tui.store.base import Store
    from skyshift_tui.watcher import StoreWatcher
    from skyshift_tui.widgets.endpoints_table import EndpointsTable

    _AppBase = App[None]
else:
    _AppBase = object

EDIT_BINDINGS = [
    Binding("e", "edit_endpoints", "Edit", show=False, tooltip="Edit the selected set in a form"),
    Binding("E", "edit_in_editor", "Edit YAML", show=False, tooltip="Edit its YAML in $EDITOR"),
    Binding(
        "plus",
        "scale_up",
        "Scale +1",
        show=False,
        tooltip="Scale: +1 endpoint on the primary cluster",
    ),
    Binding(
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
EDIT_ACTIONS = {binding.action for binding in EDIT_BINDINGS}
MAX_LISTED = 15
"""The delete confirmation lists at most this many marked sets by name."""


class EditActions(_AppBase):
    """What the app holds for these keys: the marked sets and the serialised scaler."""

    catalog: Catalog
    store: Store
    watcher: StoreWatcher
    marked: set[str]
    scaler: Scaler

    if TYPE_CHECKING:

        @property
        def table(self) -> EndpointsTable: ...

        def _write(self, done: str, write: Callable[[], object], own: set[str]) -> object: ...

    def init_editing(self) -> None:
        self.marked = set()
        self.scaler = Scaler(self.store)

    def selected(self, verb: str) -> Object | None:
        """The set under the cursor, or None after saying there is nothing to `verb`."""
        key = self.table.cursor_key
        obj = self.catalog.objects.get(key) if key is not None else None
        if obj is None:
            self.notify(f"No set is selected: there is nothing to {verb}.", severity="warning")
        return obj

    # -- e: the edit form -------------------------------------------------------------------
    async def action_edit_endpoints(self) -> None:
        """Open the form and wait until it is mounted and focused, so the keys typed right
        after `e` (already queued behind it) land in the form, in order."""
        from skyshift_tui.screens.edit_endpoints import EditEndpointsScreen

        obj = self.selected("edit")
        if obj is not None:
            form = EditEndpointsScreen(obj, partial(update_checked, self.store))
            await self.push_screen(form, self._saved)

    def _saved(self, stored: Object | None) -> None:
        if stored is not None:
            meta = stored["metadata"]
            self.notify(f"endpoints/{meta['name']} saved in {meta['namespace']}")
            self.watcher.poll_now()

    # -- E: $EDITOR -------------------------------------------------------------------------
    def action_edit_in_editor(self) -> None:
        """Hand the terminal to the editor (the app is suspended meanwhile), then say what
        came of it."""
        from textual.app import SuspendNotSupported

        from skyshift_tui.edit_session import edit_in_editor

        obj = self.selected("edit")
        if obj is None:
            return
        try:
            with self.suspend():
                outcome = edit_in_editor(self.store, obj)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor; use e.", severity="error")
            return
        self.notify(outcome.message, severity="information" if outcome.ok else "error")
        self.watcher.poll_now()

    # -- + / -: scale -----------------------------------------------------------------------
    def action_scale_up(self) -> None:
        self._scale(+1)

    def action_scale_down(self) -> None:
        self._scale(-1)

    def _scale(self, delta: int) -> None:
        obj = self.selected("scale")
        if obj is not None:
            self._say(partial(self.scaler.scale, obj, delta))

    @work(thread=True, group="write", exit_on_error=False)
    def _say(self, write: Callable[[], str]) -> str:
        """Run a store write that says what it did (the app notifies the result)."""
        return write()

    # -- space, d: marks --------------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        """Mark or unmark the set under the cursor; `d` then deletes every marked set."""
        key = self.table.cursor_key
        if key is None:
            return
        self.marked.symmetric_difference_update({key})
        self.table.marked = self.marked
        self.table.refresh()

    def rows_changed_elsewhere(self, changed: Iterable[str], removed: Iterable[str]) -> None:
        """Flash the rows that changed; forget marks on sets that are gone."""
        self.table.flash(changed)
        self.marked.difference_update(removed)

    def delete_marked(self) -> None:
        """One confirmation naming how many and listing them; then delete each as it was
        seen (one changed since is kept, and the notification says so)."""
        from skyshift_tui.screens.confirm_delete import ConfirmScreen

        objects = self.catalog.objects
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
                "This cannot be undone.",
            ]
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.marked.clear()
                self._write(
                    f"{len(keys)} {sets} of endpoints deleted",
                    partial(delete_all, self.store, seen),
                    own=keys,
                )

        self.push_screen(ConfirmScreen(f"Delete {len(keys)} {sets}?", message, "Delete"), confirmed)

    # -- y, Y: clipboard --------------------------------------------------------------------
    def action_copy_yaml(self) -> None:
        self._copy("yaml")

    def action_copy_name(self) -> None:
        self._copy("name")

    def _copy(self, what: str) -> None:
        obj = self.selected("copy")
        if obj is not None:
            text, description = clipboard_text(obj, what)
            self.copy_to_clipboard(text)
            self.notify(f"Copied {description} to the clipboard.", timeout=3)

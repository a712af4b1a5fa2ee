"""`skyctl tui`: a live Textual view of the store, with the same models and columns as `skyctl`.

Threads: one exclusive watcher worker loads the store and polls it (watcher.py), posting
messages; writes run in short thread workers; the UI thread only applies small deltas. The app
owns the data (store, catalog, watcher, writes); `MainScreen` shows it and holds the keys.
Keys are handled in the order typed, however fast (ordered_keys.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState, get_current_worker

from skyshift_tui.core.errors import SkyShiftError
from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.live.catalog import Catalog
from skyshift_tui.live.watcher import POLL_SECONDS, StoreWatcher
from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS
from skyshift_tui.screens.main import MainScreen
from skyshift_tui.services.undo import Undoable, UndoRefusedError, UndoStack, UndoStep, restore
from skyshift_tui.store.base import Object, Store
from skyshift_tui.tui.messages import CatalogLoaded, StoreChanged, StoreFailed
from skyshift_tui.tui.user_files import read_settings, save_setting, write_crash_log
from skyshift_tui.widgets.endpoints_table import EndpointsTable
from skyshift_tui.widgets.namespace_tree import NamespaceTree
from skyshift_tui.widgets.ordered_keys import OrderedKeysApp
from skyshift_tui.widgets.safe_text import safe_message


@dataclass(frozen=True)
class WriteDone:
    """What a finished write says, and the sets it deleted (for undo)."""

    message: str
    deleted: list[Object] = field(default_factory=list)
    step: UndoStep | None = None
    """Another undoable write (a restore from the history), for `u`."""


class SkyShiftApp(OrderedKeysApp[None]):
    """Namespaces (left), endpoints (centre), the selected set's YAML (below), all live."""

    CSS_PATH = "app.tcss"
    TITLE = "SkyShift"

    def __init__(
        self,
        store: Store,
        namespace: str | None = None,
        poll_seconds: float = POLL_SECONDS,
        readonly: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.readonly = readonly
        """`--readonly`: every write is hidden and refused (watching a shared store safely)."""
        self.catalog = Catalog()
        self.watcher = StoreWatcher(store, poll_seconds=poll_seconds)
        self.main = MainScreen(self, namespace)
        self.loads = 0
        """How many full loads were shown (tests and the benchmark wait on it)."""
        self.failing = False
        self._own_deletions: set[str] = set()
        self.undo_stack = UndoStack()
        self.crash: BaseException | None = None
        """The error that stopped the app, if one did (`skyctl tui` then exits non-zero)."""
        self.crash_log: Path | None = None

    def get_default_screen(self) -> Screen[Any]:
        return self.main

    @property
    def table(self) -> EndpointsTable:
        return self.main.table

    @property
    def ns_tree(self) -> NamespaceTree:
        return self.main.ns_tree

    def on_mount(self) -> None:
        """The theme chosen last time, and remember the next one chosen."""
        settings, problem = read_settings()
        if problem is not None:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        theme = settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        save_setting("theme", theme.name)

    def on_unmount(self) -> None:
        self.watcher.stop()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Every dialog and form: keys typed before it has focus wait for it."""
        pushed = super().push_screen(screen, *args, **kwargs)
        if isinstance(screen, Screen):
            self.hold_keys_for(screen)
        return pushed

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (a screen's and a widget's `notify` come here): a message may
        hold a stored name or a store's error, so it is escaped like every widget's text."""
        super().notify(
            safe_message(message),
            title=safe_message(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- a crash ----------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """Remember the first error that stops the app, and log its traceback to a file."""
        if self.crash is None:
            self.crash = error
            self.crash_log = write_crash_log(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Stop without Textual's screenful of traceback: `skyctl tui` prints one line."""
        self._close_messages_no_wait()

    # -- the watcher ------------------------------------------------------------------------
    def start_watching(self) -> None:
        """Load the store and follow it (the main screen calls this once it can show it)."""
        self._watch()

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        worker = get_current_worker()
        self.watcher.run(
            on_catalog=lambda catalog: self.post_message(CatalogLoaded(catalog)),
            on_changes=lambda batch: self.post_message(StoreChanged(batch)),
            on_error=lambda message: self.post_message(StoreFailed(message)),
            cancelled=lambda: worker.is_cancelled,
        )

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        first = self.loads == 0
        self.loads += 1
        self.catalog = message.catalog
        recovered, self.failing = self.failing, False
        with gc_paused():  # the table's sort order: 2 tuples a set, frozen with it below
            self.main.show_catalog(first, recovered)
        # The catalog lives until the next full load and holds no reference cycles: keep the
        # cyclic GC from walking it (a full collection took 41 ms at 10k sets, 364 ms at 100k,
        # a visible stutter), nor the table's order of it (~30 ms at 100k).
        gc.freeze()

    def on_store_changed(self, message: StoreChanged) -> None:
        delta = self.catalog.apply(message.batch.events)
        self.main.show_delta(delta, self._own_deletions)
        self._own_deletions.difference_update(delta.removed)

    def on_store_failed(self, message: StoreFailed) -> None:
        self.failing = True
        self.main.show_failure(message.message)

    def refresh_store(self) -> None:
        """Re-read everything now (and restart the watcher if something stopped it)."""
        if not any(w.group == "watch" and w.is_running for w in self.workers):
            self._watch()
        self.watcher.reload()
        self.notify("Re-reading the store…", timeout=2)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key's action in the command palette, and a sort command per column."""
        yield from super().get_system_commands(screen)  # Textual's own: quit, theme, keys...
        if screen is not self.main:
            return  # a dialog is open: the main screen's actions do not apply
        seen: set[str] = set()
        for binding in MainScreen.BINDINGS:
            if not isinstance(binding, Binding) or binding.action in ("quit", "escape", "enter"):
                continue
            if binding.action in seen or self.main.check_action(binding.action, ()) is False:
                continue  # read-only, or a key of another view than the one shown
            seen.add(binding.action)
            action = getattr(self.main, f"action_{binding.action}")
            yield SystemCommand(binding.tooltip or binding.description, binding.tooltip, action)
        if self.main.view != "endpoints":
            return
        yield SystemCommand(
            "Reverse sort",
            "Reverse the order of the endpoints table",
            self.table.action_sort_reverse,
        )
        for index, column in enumerate(ENDPOINTS_WIDE_COLUMNS):
            yield SystemCommand(
                f"Sort by {column}",
                "Sort the endpoints table by this column",
                partial(self.table.sort_by, index, False),
            )

    # -- writes -----------------------------------------------------------------------------
    def _refuse_when_readonly(self) -> None:
        if self.readonly:
            raise SkyShiftError("read-only: this TUI was opened with --readonly")

    @work(thread=True, group="write", exit_on_error=False)
    def write(
        self, done: str, write: Callable[[], object], own: set[str], undoable: bool = False
    ) -> WriteDone:
        """Run one store write; `own` names what it deletes, so that is not reported as
        deleted elsewhere when the watcher sees it go. An `undoable` write is a delete that
        returns the sets it removed: `u` can bring them back."""
        self._refuse_when_readonly()
        self._own_deletions.update(own)
        try:
            result = write()
        except BaseException:
            self._own_deletions.difference_update(own)
            raise
        if isinstance(result, UndoStep):  # a restore: `u` takes it back
            if not result.undoable:
                return WriteDone(result.message)
            return WriteDone(f"{result.message} · u to undo", step=result)
        if not undoable:
            return WriteDone(done)
        deleted: list[Object] = list(result) if isinstance(result, list) else [cast(Object, result)]
        return WriteDone(f"{done} · u to undo" if deleted else done, deleted)

    def undo(self) -> None:
        """Restore the last sets deleted in this session, or say why not."""
        group = self.undo_stack.pop()
        if group is None:
            self.notify("Nothing to undo: no set was deleted in this session.", severity="warning")
            return
        self._restore(group)

    @work(thread=True, group="write", exit_on_error=False)
    def _restore(self, group: Undoable) -> WriteDone:
        self._refuse_when_readonly()
        try:
            return WriteDone(restore(self.store, group))
        except UndoRefusedError:
            self.call_from_thread(self.undo_stack.push, group)  # still undoable once free
            raise

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        """The one place worker results and errors become notifications."""
        worker: Worker[Any] = event.worker
        if worker.group not in ("write", "watch"):
            return
        if event.state == WorkerState.SUCCESS and worker.group == "write":
            result = cast(WriteDone, worker.result)
            self.undo_stack.push(result.step or result.deleted)
            self.notify(result.message, markup=False)
            self.watcher.poll_now()
        elif event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, SkyShiftError):
                self.notify(str(error), severity="error", timeout=8, markup=False)
            else:
                self.notify(
                    f"unexpected error: {error!r}; press r to restart live updates",
                    severity="error",
                    timeout=15,
                    markup=False,
                )


def run_tui(
    store: Store, namespace: str | None = None, headless: bool = False, readonly: bool = False
) -> None:
    """Run the TUI over `store`, showing `namespace` (None: all namespaces) first.

    An error that stops the app is raised as a SkyShiftError (one line, exit 1), never
    reported as success.
    """
    app = SkyShiftApp(store, namespace, readonly=readonly)
    app.run(headless=headless)
    if app.crash is not None or app.return_code:
        where = f"; details in {app.crash_log}" if app.crash_log else ""
        raise SkyShiftError(f"the TUI stopped on an unexpected error: {app.crash!r}{where}")

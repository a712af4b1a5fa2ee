"""`skyctl tui`: a live Textual view of the store, with the same models and columns as `skyctl`.

Threads: one exclusive watcher worker loads the store and polls it (watcher.py), posting
messages; writes run in short thread workers; the UI thread only applies small deltas. Modals
validate with the shared model and hand back what the store accepted; this class announces it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState, get_current_worker

from skyshift_tui.catalog import Catalog
from skyshift_tui.defaults import DEFAULT_NAMESPACE
from skyshift_tui.edit_actions import EDIT_ACTIONS, EDIT_BINDINGS, EditActions
from skyshift_tui.errors import SkyShiftError
from skyshift_tui.formatting import ENDPOINTS_WIDE_COLUMNS
from skyshift_tui.messages import CatalogLoaded, StoreChanged, StoreFailed
from skyshift_tui.store.base import CreateResult, Object, Store
from skyshift_tui.watcher import POLL_SECONDS, StoreWatcher
from skyshift_tui.widgets.detail_view import DetailView
from skyshift_tui.widgets.endpoints_table import EndpointsTable
from skyshift_tui.widgets.filter_bar import FilterBar
from skyshift_tui.widgets.namespace_tree import NamespaceTree

MAIN_ACTIONS = {
    "create_endpoints",
    "delete_endpoints",
    "create_namespace",
    "delete_namespace",
    "filter",
    "clear_filter",
    "refresh",
    "help",
    "quit",
    *EDIT_ACTIONS,
}
"""Actions of the main screen: off while a dialog is open, so `c` in a form never nests one."""


class SkyShiftApp(EditActions, App[None]):
    """Namespaces (left), endpoints (centre), the selected set's YAML (below), all live."""

    CSS_PATH = "app.tcss"
    TITLE = "SkyShift"
    BINDINGS = [
        Binding("c", "create_endpoints", "Create", tooltip="Create a set of endpoints"),
        Binding("d", "delete_endpoints", "Delete", tooltip="Delete the selected set"),
        Binding("n", "create_namespace", "New ns", tooltip="Create a namespace"),
        Binding("D", "delete_namespace", "Delete ns", tooltip="Delete the chosen namespace"),
        Binding("slash", "filter", "Filter", tooltip="Filter by name, cluster or selector"),
        Binding("escape", "clear_filter", "Clear filter", show=False, tooltip="Clear the filter"),
        Binding("r", "refresh", "Refresh", tooltip="Re-read the whole store now"),
        *EDIT_BINDINGS,
        Binding("question_mark", "help", "Help", tooltip="List every key"),
        Binding("q", "quit", "Quit", tooltip="Leave the TUI"),
    ]

    def __init__(
        self, store: Store, namespace: str | None = None, poll_seconds: float = POLL_SECONDS
    ) -> None:
        super().__init__()
        self.store = store
        self.initial_namespace = namespace
        self.catalog = Catalog()
        self.watcher = StoreWatcher(store, poll_seconds=poll_seconds)
        self.loads = 0
        """How many full loads were shown (tests and the benchmark wait on it)."""
        self.failing = False
        self._own_deletions: set[str] = set()
        self._select_when_shown: str | None = None
        self._choose_when_shown: str | None = None
        self.init_editing()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="error-banner")
        with Horizontal(id="main"):
            yield NamespaceTree(id="namespaces")
            with Vertical(id="centre"):
                yield FilterBar(id="filter")
                yield EndpointsTable(id="endpoints")
                yield DetailView(id="detail")
        yield Footer()

    @property
    def table(self) -> EndpointsTable:
        return self.query_one(EndpointsTable)

    @property
    def ns_tree(self) -> NamespaceTree:
        return self.query_one(NamespaceTree)

    def on_mount(self) -> None:
        self.query_one("#namespaces").border_title = "Namespaces"
        self.query_one("#detail").border_title = "Detail"
        self.query_one(DetailView).show(None)
        self._caption()
        self.table.focus()
        self._watch()
        self.set_interval(1.0, self.table.refresh_ages, name="ages")

    def on_unmount(self) -> None:
        self.watcher.stop()

    # -- the watcher ------------------------------------------------------------------------
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
        # The catalog lives until the next full load and holds no reference cycles: keep the
        # cyclic GC from walking it (a full collection took 41 ms at 10k sets, 364 ms at 100k,
        # a visible stutter).
        gc.freeze()
        self.table.show_rows(self.catalog.rows, self.catalog.widths)
        self._sync_tree()
        if self.failing:
            self.failing = False
            self.query_one("#error-banner").display = False
            self.notify("The store can be read again; showing it as it is now.")
        if first and self.initial_namespace is not None:
            if not self.ns_tree.choose(self.initial_namespace):
                self.notify(
                    f'namespace "{self.initial_namespace}" does not exist; showing all namespaces',
                    severity="warning",
                )
        self._after_update(self.catalog.rows)
        if first:
            self.warm_up_editing()

    def on_store_changed(self, message: StoreChanged) -> None:
        delta = self.catalog.apply(message.batch.events)
        lost = self.table.rows_changed(delta.upserted, delta.removed)
        if lost is not None and lost not in self._own_deletions:
            meta = delta.removed[lost]["metadata"]
            self.notify(
                f'endpoints "{meta["name"]}" in namespace "{meta["namespace"]}" was deleted '
                "elsewhere; the cursor moved to its neighbour",
                severity="warning",
            )
        self._own_deletions.difference_update(delta.removed)
        self.rows_changed_elsewhere(delta.upserted, delta.removed)
        if delta.namespaces_changed:
            self._sync_tree()
        self._after_update(delta.upserted)

    def on_store_failed(self, message: StoreFailed) -> None:
        self.failing = True
        banner = self.query_one("#error-banner", Static)
        banner.update(
            f"The store cannot be read: {message.message}\n"
            "Showing the last good state; trying again every second."
        )
        banner.display = True

    def _sync_tree(self) -> None:
        lost = self.ns_tree.sync(self.catalog.namespace_counts())
        if lost is not None and lost not in self._own_deletions:
            self.notify(f'namespace "{lost}" was deleted elsewhere', severity="warning")
        self._show_created()

    def _show_created(self) -> None:
        """Choose the namespace / select the set we just created, once the watcher has
        brought it in (it may have, already, before the form's callback ran)."""
        if self._choose_when_shown in self.ns_tree.names:
            self.ns_tree.choose(self._choose_when_shown)
            self._choose_when_shown = None
        pending = self._select_when_shown
        if pending is not None and pending in self.catalog.objects:
            self.table.select(pending)
            self._select_when_shown = None

    def _after_update(self, changed: Collection[str]) -> None:
        """Header, caption and detail after any change; select what we just created."""
        self.sub_title = f"{self.store.location} · revision {self.catalog.revision}"
        self._show_created()
        cursor = self.table.cursor_key
        if cursor is not None and cursor in changed:
            self._show_detail(cursor)
        self._caption()

    # -- widgets' messages ------------------------------------------------------------------
    def on_namespace_tree_chosen(self, message: NamespaceTree.Chosen) -> None:
        self.table.set_filter(message.choice, self.query_one(FilterBar).text)
        self._caption()

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        self.table.set_filter(self.ns_tree.chosen, message.text)
        self._caption()

    def on_filter_bar_done(self, _: FilterBar.Done) -> None:
        self.table.focus()

    def on_endpoints_table_highlighted(self, message: EndpointsTable.Highlighted) -> None:
        self._show_detail(message.key)

    def _show_detail(self, key: str | None) -> None:
        self.query_one(DetailView).show(self.catalog.objects.get(key) if key else None)

    def _caption(self) -> None:
        table = self.table
        where = self.ns_tree.chosen or "all namespaces"
        table.border_title = f"Endpoints · {where}"
        shown, total = len(table.model), len(self.catalog.rows)
        table.border_subtitle = f"{shown} of {total} sets" if shown != total else f"{total} sets"

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in MAIN_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action == "clear_filter":
            return bool(self.query_one(FilterBar).text)
        return True

    def action_create_endpoints(self) -> None:
        """Open the form; the namespace chosen in the tree is preset."""
        from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen

        namespace = self.ns_tree.chosen or DEFAULT_NAMESPACE
        form = CreateEndpointsScreen(namespace, self.store.create_endpoints)
        self.push_screen(form, self._created)

    def _created(self, result: CreateResult | None) -> None:
        if result is None:
            return
        meta = result.object["metadata"]
        also = f' (and namespace "{meta["namespace"]}")' if result.namespace_created else ""
        self.notify(f"endpoints/{meta['name']} created in {meta['namespace']}{also}")
        self._select_when_shown = f"{meta['namespace']}/{meta['name']}"
        self._show_created()
        self.watcher.poll_now()

    def action_delete_endpoints(self) -> None:
        """Ask, naming the set; delete only on yes."""
        from skyshift_tui.screens.confirm_delete import ConfirmDeleteEndpoints

        if self.marked:
            self.delete_marked()
            return
        key = self.table.cursor_key
        if key is None or key not in self.catalog.objects:
            self.notify("No set is selected: there is nothing to delete.", severity="warning")
            return
        meta = self.catalog.objects[key]["metadata"]
        name, namespace = meta["name"], meta["namespace"]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._write(
                    f"endpoints/{name} deleted from {namespace}",
                    partial(self.store.delete_endpoints, name, namespace),
                    own={key},
                )

        self.push_screen(ConfirmDeleteEndpoints(name, namespace), confirmed)

    def action_create_namespace(self) -> None:
        from skyshift_tui.screens.create_namespace import CreateNamespaceScreen

        self.push_screen(CreateNamespaceScreen(self.store.create_namespace), self._ns_created)

    def _ns_created(self, namespace: Object | None) -> None:
        if namespace is not None:
            name = namespace["metadata"]["name"]
            self.notify(f"namespace/{name} created")
            self._choose_when_shown = name
            self._show_created()
            self.watcher.poll_now()

    def action_delete_namespace(self) -> None:
        """Ask about the namespace chosen in the tree, offering the cascade if it has sets."""
        from skyshift_tui.screens.delete_namespace import DeleteNamespaceScreen

        name = self.ns_tree.chosen
        if name is None:
            self.notify("Choose a namespace in the tree first.", severity="warning")
            return
        if name == DEFAULT_NAMESPACE:
            self.notify(
                'namespace "default" always exists and cannot be deleted.', severity="warning"
            )
            return
        screen = DeleteNamespaceScreen(name, self.catalog.counts.get(name, 0))
        members = {key for key, row in self.catalog.rows.items() if row.namespace == name}

        def confirmed(yes: bool | None) -> None:
            if yes:
                suffix = f" with its {screen.count} sets" if screen.cascade else ""
                self._write(
                    f"namespace/{name} deleted{suffix}",
                    partial(self.store.delete_namespace, name, cascade=screen.cascade),
                    own={name, *members},
                )

        self.push_screen(screen, confirmed)

    def action_filter(self) -> None:
        self.query_one(FilterBar).open()

    def action_clear_filter(self) -> None:
        self.query_one(FilterBar).action_clear()

    def action_refresh(self) -> None:
        """Re-read everything now (and restart the watcher if something stopped it)."""
        if not any(w.group == "watch" and w.is_running for w in self.workers):
            self._watch()
        self.watcher.reload()
        self.notify("Re-reading the store…", timeout=2)

    def action_help(self) -> None:
        from skyshift_tui.screens.help import HelpScreen, help_sections

        self.push_screen(HelpScreen(help_sections(self.BINDINGS)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every key's action in the command palette, and a sort command per column."""
        yield from super().get_system_commands(screen)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action not in ("quit", "clear_filter"):
                action = getattr(self, f"action_{binding.action}")
                yield SystemCommand(binding.tooltip or binding.description, binding.tooltip, action)
        for index, column in enumerate(ENDPOINTS_WIDE_COLUMNS):
            yield SystemCommand(
                f"Sort by {column}",
                "Sort the endpoints table by this column",
                partial(self.table.sort_by, index, False),
            )

    # -- writes -----------------------------------------------------------------------------
    @work(thread=True, group="write", exit_on_error=False)
    def _write(self, done: str, write: Callable[[], object], own: set[str]) -> str:
        """Run one store write; `own` names what it deletes, so that is not reported as
        deleted elsewhere when the watcher sees it go."""
        self._own_deletions.update(own)
        try:
            write()
        except BaseException:
            self._own_deletions.difference_update(own)
            raise
        return done

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        """The one place worker results and errors become notifications."""
        worker: Worker[Any] = event.worker
        if worker.group not in ("write", "watch"):
            return
        if event.state == WorkerState.SUCCESS and worker.group == "write":
            self.notify(str(worker.result))
            self.watcher.poll_now()
        elif event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, SkyShiftError):
                self.notify(str(error), severity="error", timeout=8)
            else:
                self.notify(
                    f"unexpected error: {error!r}; press r to restart live updates",
                    severity="error",
                    timeout=15,
                )


def run_tui(store: Store, namespace: str | None = None) -> None:
    """Run the TUI over `store`, showing `namespace` (None: all namespaces) first."""
    SkyShiftApp(store, namespace).run()

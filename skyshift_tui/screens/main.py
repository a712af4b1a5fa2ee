"""The main screen: namespaces (left), endpoints (centre), the selected set below, and the keys
that act on them.

Its keys are this screen's BINDINGS, so they are off whenever a dialog or form is on top (a
screen's bindings only apply while it is the active one): `c` typed in a form never opens a
second form, `d` never deletes from under a dialog. The app owns the data (store, catalog,
watcher, writes); this screen shows it and turns keys into requests.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.terminal_text import shown
from skyshift_tui.live.catalog import Delta
from skyshift_tui.live.invalid_keys import MARKER
from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS
from skyshift_tui.screens.command_views import VIEW_BINDINGS, CommandViews, new_views
from skyshift_tui.screens.edit_actions import EDIT_BINDINGS, EditActions
from skyshift_tui.screens.history_view import HISTORY_BINDINGS, open_history
from skyshift_tui.screens.host import SkyShiftHost, WriteBinding, write_actions
from skyshift_tui.screens.layout_keys import LAYOUT_BINDINGS, LayoutKeys
from skyshift_tui.store.base import CreateResult, InvalidValue, Object
from skyshift_tui.widgets.command_bar import CommandBar
from skyshift_tui.widgets.detail_view import DetailView
from skyshift_tui.widgets.endpoints_table import ARROWS, EndpointsTable
from skyshift_tui.widgets.filter_bar import FilterBar
from skyshift_tui.widgets.namespace_tree import NamespaceTree
from skyshift_tui.widgets.safe_text import safe_text


class MainScreen(LayoutKeys, CommandViews, EditActions, Screen[None]):
    """The namespace tree, the endpoints table and the detail pane, kept live by the app."""

    BINDINGS = [
        # ? and q first: the footer shows keys in this order and cuts what does not fit.
        Binding("question_mark", "help", "Help", tooltip="List every key"),
        Binding("q", "quit", "Quit", tooltip="Leave the TUI"),
        WriteBinding("c", "create_endpoints", "Create", tooltip="Create a set of endpoints"),
        WriteBinding("d", "delete_endpoints", "Delete", tooltip="Delete the selected set"),
        WriteBinding("n", "create_namespace", "New ns", show=False, tooltip="Create a namespace"),
        WriteBinding(
            "D", "delete_namespace", "Delete ns", show=False, tooltip="Delete the chosen namespace"
        ),
        Binding("slash", "filter", "Filter", tooltip="Filter by name, cluster or selector"),
        *VIEW_BINDINGS,
        Binding(
            "escape", "escape", "Back", show=False, tooltip="Clear the filter / back to the table"
        ),
        Binding(
            "enter",
            "enter",
            "Open",
            show=False,
            tooltip="Table: into the detail; namespace or cluster: its sets",
        ),
        Binding("t", "toggle_tree", "Tree", show=False, tooltip="Hide or show the namespace tree"),
        WriteBinding("u", "undo", "Undo", tooltip="Restore the sets deleted last in this session"),
        Binding("r", "refresh", "Refresh", show=False, tooltip="Re-read the whole store now"),
        *EDIT_BINDINGS,
        *LAYOUT_BINDINGS,  # z, v, V, i (issue 15)
        *HISTORY_BINDINGS,
    ]
    WRITE_ACTIONS = write_actions(BINDINGS)
    """Hidden and refused under `skyctl tui --readonly`: the keys bound with WriteBinding."""

    def __init__(self, app: SkyShiftHost, initial_namespace: str | None = None) -> None:
        super().__init__()
        self.initial_namespace = initial_namespace
        self._select_when_shown: str | None = None
        self._choose_when_shown: str | None = None
        self.init_editing(app)
        self.init_views()

    @property
    def table(self) -> EndpointsTable:
        return self.query_one(EndpointsTable)

    @property
    def ns_tree(self) -> NamespaceTree:
        return self.query_one(NamespaceTree)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def compose(self) -> ComposeResult:
        yield Header()
        yield CommandBar(self.command_arguments, id="command")
        yield Static("", id="error-banner", markup=False)
        with Horizontal(id="main"):
            yield NamespaceTree(id="namespaces")
            with Vertical(id="centre"):
                yield FilterBar(id="filter")
                yield EndpointsTable(id="endpoints")
                yield from new_views()
                yield DetailView(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#namespaces").border_title = "Namespaces"
        self.query_one("#detail").border_title = "Detail"
        self.query_one(DetailView).show(None)
        self._caption()
        self._header(loaded=False)
        self.table.focus()
        self.set_interval(1.0, self._refresh_ages, name="ages")
        self.sky.start_watching()

    def _refresh_ages(self) -> None:
        """Each second: the AGE column, and the detail's "(… ago)" with it."""
        self.table.refresh_ages()
        self.ns_view.refresh_ages()
        if self.detail.display:
            self.detail.refresh_age()

    # -- what the app tells the screen -------------------------------------------------------
    def show_catalog(self, first: bool, recovered: bool) -> None:
        """A full load is in the app's catalog: show all of it."""
        catalog = self.sky.catalog
        self.table.invalid = catalog.invalid
        self.table.show_rows(catalog.rows)
        self._sync_tree()
        if recovered:
            self.query_one("#error-banner").display = False
            self.notify("The store can be read again; showing it as it is now.")
        if first and self.initial_namespace is not None:
            if not self.ns_tree.choose(self.initial_namespace):
                self.notify(
                    f'namespace "{self.initial_namespace}" does not exist; showing all namespaces',
                    severity="warning",
                    markup=False,
                )
        self._after_update(catalog.rows)
        self.refresh_view()
        self.follow_zoom(None)
        if first:
            self.warm_up_editing()

    def show_delta(self, delta: Delta, own_deletions: Collection[str]) -> None:
        """Some sets changed: touch only their rows."""
        lost = self.table.rows_changed(delta.upserted, delta.removed)
        self.rows_changed_elsewhere(delta.upserted, delta.removed)
        if lost is not None and lost not in own_deletions:
            meta = delta.removed[lost]["metadata"]
            self.notify(
                f'endpoints "{meta["name"]}" in namespace "{meta["namespace"]}" was deleted '
                "elsewhere; the cursor moved to its neighbour",
                severity="warning",
                markup=False,
            )
        if delta.namespaces_changed:
            self._sync_tree(own_deletions)
        self._after_update(delta.upserted)
        self.refresh_view()
        self.follow_zoom([*delta.upserted, *delta.removed])

    def show_failure(self, message: str) -> None:
        """The store cannot be read: say so above the last good state."""
        banner = self.query_one("#error-banner", Static)
        banner.update(
            Text("\n").join(
                [
                    safe_text(f"The store cannot be read: {message}"),
                    Text("Showing the last good state; trying again every second."),
                ]
            )
        )
        banner.display = True

    def _sync_tree(self, own_deletions: Collection[str] = ()) -> None:
        lost = self.ns_tree.sync(self.sky.catalog.namespace_counts())
        if lost is not None and lost not in own_deletions:
            self.notify(
                f'namespace "{lost}" was deleted elsewhere', severity="warning", markup=False
            )
        self._show_created()

    def _show_created(self) -> None:
        """Choose the namespace / select the set we just created, once the watcher has
        brought it in (it may have, already, before the form's callback ran)."""
        if self._choose_when_shown in self.ns_tree.names:
            if self.view == "namespaces":
                self.refresh_view()
                self.ns_view.select(self._choose_when_shown)
            else:
                self.ns_tree.choose(self._choose_when_shown)
            self._choose_when_shown = None
        pending = self._select_when_shown
        if pending is not None and pending in self.sky.catalog.objects:
            self.table.select(pending)
            self._select_when_shown = None

    def _header(self, loaded: bool = True) -> None:
        """The store, its revision once loaded, and `read-only` under --readonly."""
        app = self.sky
        parts = [app.store.location]
        if loaded:
            parts.append(f"revision {app.catalog.revision}")
        if app.readonly:
            parts.append("read-only")
        self.app.sub_title = safe_text(" · ".join(parts)).plain

    def _after_update(self, changed: Collection[str]) -> None:
        """Header, caption and detail after any change; select what we just created."""
        self._header()
        self._show_created()
        cursor = self.table.cursor_key
        if cursor is not None and cursor in changed:
            self._show_detail(cursor)
        self._caption()

    # -- widgets' messages ------------------------------------------------------------------
    def on_namespace_tree_chosen(self, message: NamespaceTree.Chosen) -> None:
        self.table.set_filter(message.choice, self.filter_bar.text)
        self._caption()

    def on_namespace_tree_done(self, _: NamespaceTree.Done) -> None:
        self.table.focus()

    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        view = self.resource_table
        if view is not None:
            view.set_filter(message.text)
        else:
            self.table.set_filter(self.ns_tree.chosen, message.text)
        self._caption()

    def on_filter_bar_done(self, _: FilterBar.Done) -> None:
        self.focus_view()

    def on_endpoints_table_sorted(self, _: EndpointsTable.Sorted) -> None:
        self._caption()

    def on_endpoints_table_highlighted(self, message: EndpointsTable.Highlighted) -> None:
        self._show_detail(message.key)

    def _show_detail(self, key: str | None) -> None:
        catalog = self.sky.catalog
        invalid = catalog.invalid.get(key) if key else None
        if invalid is not None:
            self.query_one(DetailView).show_invalid(invalid)
        else:
            self.query_one(DetailView).show(catalog.objects.get(key) if key else None)

    def _caption(self) -> None:
        if self.view != "endpoints":
            self.view_caption()
            return
        table = self.table
        model = table.model
        parts = [self.crumbs()]
        if model.text:
            parts.append(f"filter “{model.text}”")
        column = ENDPOINTS_WIDE_COLUMNS[model.sort_column]
        parts.append(f"by {column}{ARROWS[model.reverse]}")  # even when that column is hidden
        table.border_title = safe_text(" · ".join(parts))  # a namespace, a typed filter
        shown, total = len(table.model), len(self.sky.catalog.rows)
        sets = "set" if total == 1 else "sets"
        subtitle = f"{shown} of {total} {sets}" if shown != total else f"{total} {sets}"
        invalid = len(self.sky.catalog.invalid)
        if invalid:  # said here too: the rows may be scrolled or filtered out of sight
            subtitle += f" · {MARKER}: {invalid}"
        table.border_subtitle = subtitle

    # -- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS and self.sky.readonly:
            return False  # hidden from the footer, and the key does nothing
        if not self.views_allow(action):
            return False
        if action == "escape":
            return bool(self.filter_bar.text) or self.focused is self.detail or self.can_go_back()
        return True

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    def action_escape(self) -> None:
        """Out of the detail, back to the table; else clear the filter; else one place back."""
        if self.focused is self.detail:
            self.set_focus(self.table)  # now, not deferred: the next key is for the table
        elif self.filter_bar.text:
            self.filter_bar.action_clear()
        else:
            self.go_back()

    def action_enter(self) -> None:
        """`enter` in the table moves into the detail pane, to scroll it; on a namespace or a
        cluster it opens the sets there."""
        if self.resource_table is not None:
            self.go_into()
        elif self.focused is self.table:
            self.set_focus(self.detail)

    def action_create_endpoints(self) -> None:
        """Open the form; the namespace chosen in the tree is preset."""
        from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen

        namespace = self.ns_tree.chosen or DEFAULT_NAMESPACE
        self.app.push_screen(
            CreateEndpointsScreen(namespace, self.sky.store.create_endpoints), self._created
        )

    def _created(self, result: CreateResult | None) -> None:
        if result is None:
            return
        meta = result.object["metadata"]
        also = f' (and namespace "{meta["namespace"]}")' if result.namespace_created else ""
        self.notify(f"endpoints/{meta['name']} created in {meta['namespace']}{also}", markup=False)
        self._select_when_shown = f"{meta['namespace']}/{meta['name']}"
        self._show_created()
        self.sky.watcher.poll_now()

    def action_delete_endpoints(self) -> None:
        """Ask, naming the set (or every marked set); delete only on yes."""
        from skyshift_tui.screens.confirm_delete import ConfirmDeleteEndpoints

        if self.marked:
            self.delete_marked()
            return

        app = self.sky
        key = self.table.cursor_key
        invalid = app.catalog.invalid.get(key) if key is not None else None
        if key is not None and invalid is not None:
            self._delete_invalid(key, invalid)
            return
        if key is None or key not in app.catalog.objects:
            self.notify("No set is selected: there is nothing to delete.", severity="warning")
            return
        meta = app.catalog.objects[key]["metadata"]
        name, namespace = meta["name"], meta["namespace"]

        def confirmed(yes: bool | None) -> None:
            if yes:
                app.write(
                    f"endpoints/{name} deleted from {namespace}",
                    partial(app.store.delete_endpoints, name, namespace),
                    own={key},
                    undoable=True,
                )

        self.app.push_screen(ConfirmDeleteEndpoints(name, namespace), confirmed)

    def _delete_invalid(self, key: str, invalid: InvalidValue) -> None:
        """Ask, naming the key; delete it only if it is still what the user saw."""
        from skyshift_tui.screens.confirm_delete import ConfirmScreen

        app = self.sky
        where = shown(invalid.key)
        message = (
            f"Delete the etcd key {where}?\n"
            f"It holds no valid object ({shown(invalid.reason, 120)}).\n"
            f"Only if it is still at revision {invalid.revision}; u cannot bring it back."
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                app.write(
                    f"deleted the etcd key {where}",
                    partial(app.store.delete_invalid, invalid),
                    own={key},
                )

        self.app.push_screen(ConfirmScreen("Delete the invalid key?", message, "Delete"), confirmed)

    def action_create_namespace(self) -> None:
        from skyshift_tui.screens.create_namespace import CreateNamespaceScreen

        self.app.push_screen(
            CreateNamespaceScreen(self.sky.store.create_namespace), self._ns_created
        )

    def _ns_created(self, namespace: Object | None) -> None:
        if namespace is not None:
            name = namespace["metadata"]["name"]
            self.notify(f"namespace/{name} created", markup=False)
            self._choose_when_shown = name
            self._show_created()
            self.sky.watcher.poll_now()

    def action_delete_namespace(self) -> None:
        """Ask about the namespace chosen in the tree, offering the cascade if it has sets."""
        from skyshift_tui.screens.delete_namespace import DeleteNamespaceScreen

        app = self.sky
        name = self.namespace_target()
        if name is None:
            self.notify("Choose a namespace first.", severity="warning")
            return
        if name == DEFAULT_NAMESPACE:
            self.notify(
                'namespace "default" always exists and cannot be deleted.', severity="warning"
            )
            return
        screen = DeleteNamespaceScreen(name, app.catalog.counts.get(name, 0))
        members = {key for key, row in app.catalog.rows.items() if row.namespace == name}

        def confirmed(yes: bool | None) -> None:
            if yes:
                suffix = f" with its {screen.count} sets" if screen.cascade else ""
                app.write(
                    f"namespace/{name} deleted{suffix}",
                    partial(app.store.delete_namespace, name, cascade=screen.cascade),
                    own={name, *members},
                    undoable=True,
                )

        self.app.push_screen(screen, confirmed)

    def action_filter(self) -> None:
        """Open the filter; keys typed right after `/` wait for it and land in it."""
        self.filter_bar.open()
        self.sky.hold_keys_for(self.filter_bar.query_one(Input))

    def action_toggle_tree(self) -> None:
        """More room for the table; the namespace chosen stays chosen."""
        tree = self.ns_tree
        tree.display = self._tree_hidden
        self._tree_hidden = not tree.display
        if not tree.display and self.focused is tree:
            self.set_focus(self.table)

    def action_undo(self) -> None:
        self.sky.undo()

    # -- h: the selected set's history (screens/history_view.py) -----------------------------
    def action_history(self) -> None:
        obj = self.selected("show the history of")
        if obj is not None:
            open_history(self, self.sky, obj)

    def action_refresh(self) -> None:
        self.sky.refresh_store()

    def action_help(self) -> None:
        from skyshift_tui.screens.help import HelpScreen, help_sections

        self.app.push_screen(HelpScreen(help_sections(self.BINDINGS)))

    async def action_quit(self) -> None:
        await self.app.action_quit()

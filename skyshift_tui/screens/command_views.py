"""Command mode and the views it opens, for the main screen: `:` opens the prompt, a command
shows the endpoints, namespaces or clusters view, `enter` on a namespace or cluster opens its
endpoints, `escape` goes back one place. A mixin, as edit_actions.py is: the main screen lists
its BINDINGS and calls `init_views()`; the rows come from resource_views.py (no Textual).

Only the keys that make sense in the view shown act (`views_allow`): `d`, `e`, `+` never reach
a set of the endpoints table while the namespaces view hides it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.binding import Binding

from skyshift_tui.live.commands import CommandError, Invocation, parse
from skyshift_tui.live.resource_views import (
    CLUSTER_VIEW_COLUMNS,
    NAMESPACE_VIEW_COLUMNS,
    Place,
    ResourceModel,
    cluster_rows,
    crumbs,
    namespace_rows,
)
from skyshift_tui.screens.edit_actions import EDIT_BINDINGS
from skyshift_tui.screens.history_view import HistoryScreen, history_target
from skyshift_tui.screens.layout_keys import LAYOUT_ACTIONS
from skyshift_tui.widgets.command_bar import CommandBar
from skyshift_tui.widgets.endpoints_table import ARROWS
from skyshift_tui.widgets.resource_table import ResourceTable

if TYPE_CHECKING:
    from textual.screen import Screen

    from skyshift_tui.screens.host import SkyShiftHost
    from skyshift_tui.widgets.detail_view import DetailView
    from skyshift_tui.widgets.endpoints_table import EndpointsTable
    from skyshift_tui.widgets.filter_bar import FilterBar
    from skyshift_tui.widgets.namespace_tree import NamespaceTree

    _Host = Screen[None]
else:
    _Host = object

VIEW_BINDINGS = [
    Binding("colon", "command", "Command", tooltip="Command mode: :ns, :clusters, :edp, :q"),
]
ENDPOINTS_ONLY = {
    "create_endpoints",
    "delete_endpoints",
    "toggle_yaml",
    "toggle_tree",
    "history",
    *(binding.action for binding in EDIT_BINDINGS),
    *LAYOUT_ACTIONS,
}
"""Actions on the endpoints table's sets: off in the other views."""
NAMESPACE_ACTIONS = {"create_namespace", "delete_namespace"}
"""Off in the clusters view (`n` and `D` mean nothing there)."""
ENDPOINTS = Place("endpoints", "endpoints")


def new_views() -> tuple[ResourceTable, ResourceTable]:
    """The namespaces and clusters views' tables, for the main screen's compose."""
    return (
        ResourceTable(ResourceModel(NAMESPACE_VIEW_COLUMNS), "No namespace yet.", id="ns-view"),
        ResourceTable(
            ResourceModel(CLUSTER_VIEW_COLUMNS),
            "No set names a cluster yet.",
            id="cluster-view",
        ),
    )


class CommandViews(_Host):
    """The trail of places, the command prompt, and the namespaces and clusters views."""

    places: list[Place]
    detail_hidden: bool
    """`i` hid the detail pane (layout_keys.py)."""
    _caption: Callable[[], None]
    """The host's: the border title of the view shown."""
    action_help: Callable[[], None]
    action_history: Callable[[], None]

    if TYPE_CHECKING:  # the host's widgets

        @property
        def table(self) -> EndpointsTable: ...
        @property
        def ns_tree(self) -> NamespaceTree: ...
        @property
        def filter_bar(self) -> FilterBar: ...
        @property
        def detail(self) -> DetailView: ...

        sky: SkyShiftHost

    def init_views(self) -> None:
        self.places = [ENDPOINTS]
        self._tree_hidden = False
        self._arguments: dict[str, Iterable[str]] = {}
        self._arguments_stamp: tuple[int, int] | None = None

    @property
    def view(self) -> str:
        """The view shown: "endpoints", "namespaces" or "clusters"."""
        return self.places[-1].view

    @property
    def command_bar(self) -> CommandBar:
        return self.query_one(CommandBar)

    @property
    def ns_view(self) -> ResourceTable:
        return self.query_one("#ns-view", ResourceTable)

    @property
    def cluster_view(self) -> ResourceTable:
        return self.query_one("#cluster-view", ResourceTable)

    @property
    def resource_table(self) -> ResourceTable | None:
        """The namespaces or clusters view's table, when one of them is shown."""
        return {"namespaces": self.ns_view, "clusters": self.cluster_view}.get(self.view)

    def views_allow(self, action: str) -> bool:
        """Whether `action` means something in the view shown."""
        if self.view != "endpoints" and action in ENDPOINTS_ONLY:
            return False
        return not (self.view == "clusters" and action in NAMESPACE_ACTIONS)

    def crumbs(self) -> str:
        return crumbs(self.places, self.ns_tree.chosen if self.view == "endpoints" else None)

    def command_arguments(self) -> dict[str, Iterable[str]]:
        """What `tab` completes after a command: namespace and cluster names (an O(sets)
        pass, so kept until the catalog changes: the prompt asks at each key typed)."""
        catalog = self.sky.catalog
        stamp = (id(catalog), catalog.revision)
        if self._arguments_stamp != stamp:
            self._arguments_stamp = stamp
            self._arguments = {
                "namespaces": list(catalog.namespace_counts()),
                "clusters": sorted(row.key for row in cluster_rows(catalog)),
            }
        return self._arguments

    # -- command mode -----------------------------------------------------------------------
    def action_command(self) -> None:
        """Open the prompt; every key typed after `:` waits for it and lands in it."""
        bar = self.command_bar
        bar.open()
        self.sky.hold_keys_for(bar.input)

    def on_command_bar_closed(self, _: CommandBar.Closed) -> None:
        self.focus_view()

    def on_command_bar_run(self, message: CommandBar.Run) -> None:
        try:
            invocation = parse(message.line)
        except CommandError as error:
            self.notify(str(error), severity="warning", markup=False)
            self.focus_view()
            return
        self.run_command(invocation)

    def run_command(self, invocation: Invocation) -> None:
        """Do what a parsed command line asks (see commands.COMMANDS)."""
        command, argument = invocation.command, invocation.argument
        if command == "quit":
            self.app.exit()
        elif command == "help":
            self.focus_view()
            self.action_help()
        elif command == "endpoints":
            self.go([Place("endpoints", "endpoints", self.ns_tree.chosen)], argument or "")
        elif command == "namespaces" and argument is None:
            self.go([Place("namespaces", "namespaces")])
        elif command == "namespaces":
            if self._refuse_unknown(argument, "namespace", self.sky.catalog.namespace_counts()):
                return
            self.go([Place("endpoints", "endpoints", argument)])
        elif command == "history":
            self.focus_view()
            self.history_command(argument)
        elif argument is None:
            self.go([Place("clusters", "clusters")])
        else:
            if self._refuse_unknown(argument, "cluster", self.command_arguments()["clusters"]):
                return
            self.go([Place("clusters", "clusters"), Place("endpoints", argument, cluster=argument)])

    def history_command(self, argument: str | None) -> None:
        """`:history` (the selected set's), `:history NAME` or `:history NS/NAME`."""
        if argument is None:
            self.action_history()
            return
        try:
            namespace, name = history_target(self.sky.catalog, self.ns_tree.chosen, argument)
        except ValueError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.app.push_screen(HistoryScreen(self.sky, namespace, name))

    def _refuse_unknown(self, name: str | None, what: str, known: Iterable[str]) -> bool:
        if name in set(known):
            return False
        self.notify(
            f'no {what} is named "{name}"; tab completes the names there are',
            severity="warning",
            markup=False,
        )
        self.focus_view()
        return True

    # -- places -----------------------------------------------------------------------------
    def go(self, places: list[Place], filter_text: str = "") -> None:
        """Show the last of `places` (the trail to it before it); the filter starts as given."""
        self.places = places
        self.filter_bar.set_text(filter_text)
        self.show_place()

    def go_into(self) -> None:
        """`enter` on a namespace or cluster: its sets, one place further."""
        table = self.resource_table
        key = table.cursor_key if table is not None else None
        if key is None:
            return
        if self.view == "namespaces":
            place = Place("endpoints", key, namespace=key)
        else:
            place = Place("endpoints", key, cluster=key)
        self.go([*self.places, place])

    def go_back(self) -> bool:
        """`escape`: one place back (a namespace's endpoints: all namespaces); False if there
        is nowhere to go back to."""
        if len(self.places) > 1:
            self.go(self.places[:-1])
            return True
        if self.view == "endpoints" and self.ns_tree.chosen is not None:
            self.ns_tree.choose(None)
            return True
        return False

    def can_go_back(self) -> bool:
        return len(self.places) > 1 or (
            self.view == "endpoints" and self.ns_tree.chosen is not None
        )

    def show_place(self) -> None:
        """Show the view of the last place, scoped as it says, and put the focus in it."""
        place = self.places[-1]
        endpoints = place.view == "endpoints"
        self.ns_tree.display = endpoints and not self._tree_hidden
        self.table.display = endpoints
        self.detail.display = endpoints and not self.detail_hidden
        self.ns_view.display = place.view == "namespaces"
        self.cluster_view.display = place.view == "clusters"
        if endpoints:
            if place.namespace != self.ns_tree.chosen:
                self.ns_tree.choose(place.namespace)
            self.table.set_cluster(place.cluster)
            self.table.set_filter(place.namespace, self.filter_bar.text)
            self.table.shown_again()
        self.refresh_view()
        self._caption()
        self.focus_view()

    def refresh_view(self) -> None:
        """Rebuild the namespaces or clusters view from the catalog, if it is shown (a full
        load or a change: both are O(sets), a few ms at 10k)."""
        table = self.resource_table
        if table is None:
            return
        catalog = self.sky.catalog
        table.show(namespace_rows(catalog) if table is self.ns_view else cluster_rows(catalog))
        table.set_filter(self.filter_bar.text)
        self.view_caption()

    def focus_view(self) -> None:
        """The focus back in the view shown (after the prompt, or a change of view)."""
        self.set_focus(self.resource_table or self.table)

    def view_caption(self) -> None:
        """The border title of the namespaces or clusters view (the main screen writes the
        endpoints table's)."""
        table = self.resource_table
        if table is None:
            return
        model = table.model
        parts = [self.crumbs()]
        if model.text:
            parts.append(f"filter “{model.text}”")
        parts.append(f"by {model.columns[model.sort_column]}{ARROWS[model.reverse]}")
        table.border_title = Text(" · ".join(parts))
        shown, total = len(model), len(model.rows)
        what = "namespace" if table is self.ns_view else "cluster"
        what += "" if total == 1 else "s"
        table.border_subtitle = (
            f"{shown} of {total} {what}" if shown != total else f"{total} {what}"
        )

    def on_resource_table_sorted(self, _: ResourceTable.Sorted) -> None:
        self.view_caption()

    def namespace_target(self) -> str | None:
        """The namespace `D` deletes: the one under the cursor in the namespaces view, else
        the one chosen in the tree."""
        if self.view == "namespaces":
            return cast(ResourceTable, self.resource_table).cursor_key
        return self.ns_tree.chosen

"""The main screen's keys for room on screen (issue 15): `z` / `v` zoom the selected set to a
full-screen description / YAML, `V` switches the detail pane between them, `i` hides the
detail pane; and what follows a resize (the tree's width). A mixin, as edit_actions.py is:
the main screen lists LAYOUT_BINDINGS and calls `follow_zoom()` after each change.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding

from skyshift_tui.screens.zoom import ZoomScreen
from skyshift_tui.store.base import InvalidValue, Object

if TYPE_CHECKING:
    from textual.screen import Screen

    from skyshift_tui.screens.host import SkyShiftHost
    from skyshift_tui.widgets.detail_view import DetailView
    from skyshift_tui.widgets.endpoints_table import EndpointsTable
    from skyshift_tui.widgets.namespace_tree import NamespaceTree

    _Host = Screen[None]
else:
    _Host = object

LAYOUT_BINDINGS = [
    Binding("z", "zoom", "Zoom", tooltip="The selected set full screen, described"),
    Binding("v", "zoom_yaml", "YAML", tooltip="The selected set's YAML, full screen"),
    Binding("V", "toggle_yaml", "YAML pane", show=False, tooltip="Detail pane: YAML / description"),
    Binding("i", "toggle_detail", "Detail", show=False, tooltip="Hide or show the detail pane"),
]
LAYOUT_ACTIONS = {"zoom", "zoom_yaml", "toggle_yaml", "toggle_detail"}
"""Actions on the endpoints table's selected set: off in the other views."""


class LayoutKeys(_Host):
    """Zoom, the detail pane shown or not, the tree's width on a resize."""

    if TYPE_CHECKING:  # the host's

        @property
        def table(self) -> EndpointsTable: ...
        @property
        def ns_tree(self) -> NamespaceTree: ...
        @property
        def detail(self) -> DetailView: ...

        sky: SkyShiftHost
        view: str

    detail_hidden = False
    """`i`: the detail pane stays hidden (the table takes its room) until `i` again."""

    def under_cursor(self) -> tuple[str, Object | InvalidValue | None] | None:
        """The key under the cursor and what it holds (None: no row)."""
        key = self.table.cursor_key
        if key is None:
            return None
        catalog = self.sky.catalog
        invalid = catalog.invalid.get(key)
        return key, invalid if invalid is not None else catalog.objects.get(key)

    def action_zoom(self, yaml: bool = False) -> None:
        """The selected set full screen, described (scroll it; `escape` back)."""
        selected = self.under_cursor()
        if selected is None:
            self.notify("No set is selected: there is nothing to show.", severity="warning")
            return
        self.app.push_screen(ZoomScreen(*selected, yaml=yaml))

    def action_zoom_yaml(self) -> None:
        """The selected set's YAML, full screen."""
        self.action_zoom(yaml=True)

    def action_toggle_yaml(self) -> None:
        self.detail.toggle_yaml()

    def action_toggle_detail(self) -> None:
        """More rows for the table: the detail pane hidden (or shown again)."""
        self.detail_hidden = not self.detail_hidden
        self.detail.display = not self.detail_hidden
        if self.detail_hidden and self.focused is self.detail:
            self.set_focus(self.table)

    def follow_zoom(self, changed: Collection[str] | None) -> None:
        """A zoomed set that changed (None: a full load, anything may have) is shown as it
        is now, or as deleted."""
        screen = self.app.screen
        if not isinstance(screen, ZoomScreen):
            return
        if changed is not None and screen.key not in changed:
            return
        catalog = self.sky.catalog
        screen.show(catalog.invalid.get(screen.key) or catalog.objects.get(screen.key))

    def on_resize(self, event: events.Resize) -> None:
        """The tree may be wider on a wider screen."""
        self.ns_tree.fit_to(event.size.width)

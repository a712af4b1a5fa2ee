"""The history view (`h` on a set, `:history`): its revisions newest first (REVISION, AGE,
CHANGE), `enter` for a revision's YAML and its diff to now, `r` to write it back, `u` to undo
that. The words and the writes are `services/history.py`'s, as `skyctl history` and `skyctl
rollback` use them.

The list is read in a thread worker, and read again whenever the set changes in the app's live
catalog, so it follows the store like every table. A restore is checked against the newest
revision of the list shown: a set changed since is refused with one line, never overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import SkyShiftError
from skyshift_tui.core.terminal_text import escape_output
from skyshift_tui.render import formatting
from skyshift_tui.render.formatting import to_yaml
from skyshift_tui.screens.host import SkyShiftHost, WriteBinding, write_actions
from skyshift_tui.services.editing import describe_changes
from skyshift_tui.services.history import (
    HISTORY_COLUMNS,
    HistoryRow,
    RestoreUndo,
    history_rows,
    read_history,
    restore,
)
from skyshift_tui.store.history import History
from skyshift_tui.widgets.ordered_keys import OrderedKeysApp
from skyshift_tui.widgets.safe_text import safe_text

if TYPE_CHECKING:
    from skyshift_tui.live.catalog import Catalog
    from skyshift_tui.store.base import Object

HISTORY_BINDINGS = [
    Binding("h", "history", "History", show=False, tooltip="The set's revisions (r restores one)"),
]
"""The main screen's key for this view (its action opens `HistoryScreen`)."""
CRUMB = " › "
KEYS_LINE = "enter: YAML and diff to now · r: restore it · u: undo · esc: back"
FOLLOW_SECONDS = 0.25
"""How often the view looks whether the set changed in the live catalog (a dict lookup)."""


def crumbs(name: str, *more: str) -> str:
    """`endpoints › web › history`: where the view is, as the main screen's breadcrumb."""
    return CRUMB.join(("endpoints", name, "history", *more))


def history_target(catalog: Catalog, chosen: str | None, argument: str) -> tuple[str, str]:
    """(namespace, name) of `:history NAME`: NS/NAME as written; NAME in the namespace chosen,
    else the one namespace holding a set of that name (a deleted set: `default`, or write
    NS/NAME); ValueError saying why when several namespaces hold one."""
    namespace, slash, name = argument.rpartition("/")
    if slash:
        return namespace or DEFAULT_NAMESPACE, name
    if chosen is not None:
        return chosen, name
    found = sorted(key.partition("/")[0] for key in catalog.objects if key.endswith(f"/{name}"))
    if len(found) > 1:
        raise ValueError(
            f'sets named "{name}" are in {len(found)} namespaces ({", ".join(found[:3])}); '
            f"write :history NAMESPACE/{name}"
        )
    return (found[0] if found else DEFAULT_NAMESPACE), name


def open_history(screen: Screen[Any], sky: SkyShiftHost, obj: Object) -> None:
    """Push the history view of the set `obj` (the main screen's `h` and `:history`)."""
    meta = obj["metadata"]
    screen.app.push_screen(HistoryScreen(sky, str(meta.get("namespace")), str(meta["name"])))


class HistoryScreen(Screen[None]):
    """One set's revisions, live; `enter`, `r`, `u`, `escape` back."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the endpoints"),
        Binding(
            "enter", "open", "YAML and diff", tooltip="The revision's YAML and its diff to now"
        ),
        WriteBinding(
            "r", "restore", "Restore", tooltip="Write the revision back (version-checked)"
        ),
        WriteBinding("u", "undo", "Undo", tooltip="Undo the last restore (or delete)"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("g", "move(-1000000)", "First", show=False),
        Binding("G", "move(1000000)", "Last", show=False),
    ]
    WRITE_ACTIONS = write_actions(BINDINGS)

    def __init__(self, sky: SkyShiftHost, namespace: str, name: str) -> None:
        super().__init__()
        self.sky = sky
        self.namespace = namespace
        self.name_shown = name
        self.history: History | None = None
        self.rows: list[HistoryRow] = []
        self.settled = False
        """Whether the first read ended (keys typed after `h` wait for it)."""
        self._loading = False

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name_shown}"

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#history-table", DataTable)

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[Any] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(*HISTORY_COLUMNS)
        table.border_title = safe_text(crumbs(self.name_shown))
        table.border_subtitle = f"namespace {self.namespace} · reading…"
        yield table
        yield Static("", id="history-note", markup=False)
        yield Static(KEYS_LINE, id="history-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        if isinstance(app, OrderedKeysApp):  # `h` `j` `enter` typed at once: on loaded rows
            app.hold_keys_until(lambda: self.settled and self.table.has_focus, self)
        self.table.focus()
        self.set_interval(FOLLOW_SECONDS, self._follow, name="follow")
        self._load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.WRITE_ACTIONS and self.sky.readonly:
            return False
        return True

    # -- reading ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _load(self) -> None:
        self._loading = True
        try:
            history = read_history(self.sky.store, self.namespace, self.name_shown, deleted=True)
        except SkyShiftError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        finally:
            self._loading = False
        self.app.call_from_thread(self._show, history)

    def _failed(self, message: str) -> None:
        self.settled = True
        self.table.border_subtitle = f"namespace {self.namespace} · cannot read the history"
        self.query_one("#history-note", Static).update(safe_text(message))

    def _show(self, history: History) -> None:
        """Show the revisions; the cursor stays on the revision it was on."""
        table = self.table
        kept = self._cursor_revision()
        self.history = history
        self.rows = history_rows(history)
        now = formatting.utc_now()  # read here: tests freeze it
        table.clear()
        for row in self.rows:
            table.add_row(*(safe_text(cell) for cell in row.cells(now)), key=str(row.revision))
        revisions = [row.revision for row in self.rows]
        if kept in revisions:
            table.move_cursor(row=revisions.index(kept), animate=False)
        state = "deleted" if history.deleted else "live"
        count = len(self.rows)
        table.border_subtitle = (
            f"namespace {self.namespace} · {count} revision{'s' * (count != 1)} · {state}"
        )
        self.query_one("#history-note", Static).update(
            safe_text(f"note: {history.missing}") if history.missing else ""
        )
        self.settled = True

    def _cursor_revision(self) -> int | None:
        row = self._cursor_row()
        return row.revision if row is not None else None

    def _cursor_row(self) -> HistoryRow | None:
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    def _follow(self) -> None:
        """Read the history again when the live catalog's version of the set moved."""
        if self.history is None or self._loading:
            return
        current = self.sky.catalog.objects.get(self.key)
        seen = self.history.current
        version = current["metadata"].get("resource_version") if current else None
        shown = seen["metadata"].get("resource_version") if seen else None
        if version != shown:
            self._loading = True
            self._load()

    # -- keys ---------------------------------------------------------------------------------
    def action_move(self, rows: int) -> None:
        """`j` `k` `g` `G`, as in the endpoints table (the arrows are the table's own)."""
        table = self.table
        if table.row_count:
            row = max(0, min(table.row_count - 1, table.cursor_row + rows))
            table.move_cursor(row=row, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, _: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        """The revision's YAML, after what differs between it and the set now."""
        row = self._cursor_row()
        if row is None or self.history is None:
            return
        self.app.push_screen(RevisionScreen(self.name_shown, row, self.history.current))

    def action_restore(self) -> None:
        """Write the revision under the cursor back, checked against the list's newest."""
        row, history = self._cursor_row(), self.history
        if row is None or history is None:
            return
        if row.object is None:
            self.notify(
                f"revision {row.revision} is the deletion; choose a revision before it",
                severity="warning",
                markup=False,
            )
            return
        if row is self.rows[0]:
            self.notify(
                f"revision {row.revision} is the set as it is now: nothing to restore",
                severity="warning",
                markup=False,
            )
            return
        store = self.sky.store
        self.sky.write("", lambda: RestoreUndo(restore(store, history, row.revision)), own=set())

    def action_undo(self) -> None:
        self.sky.undo()


class RevisionScreen(Screen[None]):
    """One revision: what differs between it and the set now, then its YAML; `escape` back."""

    BINDINGS = [Binding("escape,q", "back", "Back", tooltip="Back to the history")]

    def __init__(self, name: str, row: HistoryRow, current: Object | None) -> None:
        super().__init__()
        self.name_shown = name
        self.row = row
        self.current = current

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="revision-view"):
            yield Static(self._text(), markup=False)
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one("#revision-view", VerticalScroll)
        view.border_title = safe_text(crumbs(self.name_shown, f"revision {self.row.revision}"))
        view.focus()

    def _text(self) -> Text:
        obj, current = self.row.object, self.current
        lines = [f"Revision {self.row.revision}: {self.row.change}", ""]
        if obj is None:
            lines.append("The set was deleted at this revision.")
        elif current is None:
            lines.append("The set is deleted now: r in the history creates it again from here.")
        else:
            changes = describe_changes(obj, current)
            lines.append("From this revision to now:" if changes else "The set is as it was.")
            lines += [f"  {line}" for line in changes]
        if obj is not None:
            lines += ["", to_yaml(obj).rstrip("\n")]
        return Text(escape_output("\n".join(lines)))  # newlines kept, the rest escaped

    def action_back(self) -> None:
        self.dismiss(None)

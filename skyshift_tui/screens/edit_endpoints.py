"""`e`: the edit form for a set that exists: one row per cluster, the primary chosen among them,
the selector; name and namespace fixed. Saved only if nobody changed the set since it opened.

The values live in `editing.EndpointsEdit` (no Textual), checked by the CLI's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch
from textual.widgets.select import NoSelection

from skyshift_tui.core.errors import ConflictError
from skyshift_tui.core.models import Endpoints, check_name
from skyshift_tui.core.terminal_text import shown
from skyshift_tui.screens.form import FormScreen
from skyshift_tui.services.editing import ClusterEntry, EndpointsEdit, version_of
from skyshift_tui.store.base import Object, object_key
from skyshift_tui.widgets.form_field import FormField


def _input(
    value: str, placeholder: str, id: str | None = None, classes: str | None = None
) -> Input:
    """A text field that keeps its value on focus and types after it: selecting all on focus
    happens when the focus event is handled, which may be after keys typed right after `e`,
    so the value would depend on timing."""
    return Input(value, placeholder, id=id, classes=classes, select_on_focus=False)


class ClusterRow(FormField):
    """One cluster: its name, how many endpoints, exposed, and a button to remove the row.

    Its `field` is `cluster-I` (I: the row's place), where the form shows the row's problems.
    """

    def __init__(self, entry: ClusterEntry) -> None:
        self.name_input = _input(entry.cluster, placeholder="cluster", classes="cluster-name")
        self.count_input = _input(str(entry.count), placeholder="0", classes="cluster-count")
        self.exposed_switch = Switch(entry.exposed, classes="cluster-exposed")
        super().__init__("", self.name_input, "cluster-?")
        self.add_class("cluster-row")
        self.shown_name = entry.cluster.strip()
        """The name the primary-cluster choice knows this row by (it follows a rename)."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield self.name_input
            yield self.count_input
            yield Label("exposed", classes="cluster-exposed-label")
            yield self.exposed_switch
            yield Button("✕", classes="cluster-remove", tooltip="Remove this cluster (ctrl+r)")
        yield Static("", classes="form-message -hint", markup=False)

    def show_error(self, message: str | None) -> None:
        if not self.query(".form-message"):  # the row is being removed
            return
        super().show_error(message)
        text = message or ""
        self.name_input.set_class("cluster" in text, "-invalid")
        self.count_input.set_class("number of endpoints" in text, "-invalid")

    def owns(self, widget: Widget) -> bool:
        return widget in (self.name_input, self.count_input, self.exposed_switch)

    def show(self, entry: ClusterEntry) -> None:
        """Hold `entry` instead (the form is reused for another set)."""
        self.name_input.value = entry.cluster
        self.count_input.value = str(entry.count)
        self.exposed_switch.value = entry.exposed
        self.shown_name = entry.cluster.strip()

    @property
    def entry(self) -> ClusterEntry:
        return ClusterEntry(
            self.name_input.value, self.count_input.value, self.exposed_switch.value
        )


def _valid_cluster(name: str) -> bool:
    try:
        check_name(name)
    except ValueError:
        return False
    return True


class EditEndpointsScreen(FormScreen[Object]):
    """Prefilled with the set as it was read; saving carries that version, so a set someone
    changed meanwhile is reported (with what changed), never overwritten.

    The app builds it once and `load()`s each set into it: building its ~40 widgets costs
    about three times what showing a built one does (see benchmarks/tui_bench.py).

    | Key | Action |
    | --- | --- |
    | ctrl+s | save |
    | ctrl+n | add a cluster row |
    | ctrl+r | remove the cluster row holding the focus |
    | escape | cancel |
    """

    DEFAULT_CSS = """
    EditEndpointsScreen {
        #edit-target { margin-bottom: 1; }
        .form-section { color: $text-muted; }
        .cluster-row .form-row Input.cluster-name { width: 1fr; }
        .cluster-row .form-row Input.cluster-count { width: 10; }
        .cluster-exposed-label { padding: 1 1 0 1; color: $text-muted; }
        .cluster-remove { min-width: 5; width: 5; margin-left: 1; }
        .cluster-row .form-message { margin: 0 0 0 1; }
        #add-cluster { margin-bottom: 1; }
        #cluster-rows { height: auto; }
    }
    """
    BINDINGS = [
        Binding("ctrl+n", "add_cluster", "Add cluster", priority=True),
        Binding("ctrl+r", "remove_cluster", "Remove cluster", priority=True),
        Binding(
            "ctrl+l",
            "load_latest",
            "Load latest",
            tooltip="After a conflict: start again from the set as it is now",
        ),
    ]
    heading = "Edit endpoints"
    submit_label = "Save"
    keys_hint = "ctrl+s save · ctrl+n add cluster · ctrl+r remove it · esc cancel"

    def __init__(
        self,
        obj: Object,
        save: Callable[[Endpoints, Object], Object],
        latest: Callable[[str], Object | None] | None = None,
    ) -> None:
        super().__init__()
        self.latest = latest
        """`namespace/name` -> the set as the app knows it now (None: gone)."""
        self.seen = obj
        """The set as the form opened it: its version is what the save is checked against."""
        self.save = save
        self.start = EndpointsEdit.of(obj)
        self.primary_row: ClusterRow | None = None
        """The row chosen as primary: it stays the primary when renamed."""
        self._offered = self._options(entry.cluster for entry in self.start.clusters)

    # -- layout -----------------------------------------------------------------------------
    def _where(self) -> str:
        start = self.start
        name, namespace = shown(start.name, 80), shown(start.namespace, 80)
        return f"{name} in namespace {namespace} · version {version_of(self.seen)}"

    def _primary_choice(self) -> str | NoSelection:
        """The stored primary cluster if the choice offers it (a name the rules refuse is
        not offered: the Select would raise), else no choice (marked as a problem)."""
        primary = self.start.primary_cluster
        return primary if (primary, primary) in self._offered else Select.NULL

    def _mark_stored_problems(self) -> None:
        """A stored set may break a rule (another tool wrote it): its fields are marked at
        once, and saving needs them fixed."""
        self.touched.update(self.problems())
        self.show_problems()

    def compose_fields(self) -> ComposeResult:
        yield Static(self._where(), id="edit-target", markup=False)
        yield Label("Cluster · endpoints · exposed", classes="form-section")
        with Vertical(id="cluster-rows"):
            for entry in self.start.clusters:
                yield ClusterRow(entry)
        yield Button("+ Add cluster", id="add-cluster")
        yield FormField(
            "Primary cluster",
            Select(
                self._offered,
                value=self._primary_choice(),
                prompt="choose among the clusters",
                id="primary_cluster",
            ),
            "primary_cluster",
        )
        yield FormField(
            "Selector",
            _input(self.start.selector, id="selector", placeholder="app=web,tier=frontend"),
            "selector",
            hint="KEY=VALUE pairs, comma-separated",
        )

    def on_mount(self) -> None:
        self._renumber()
        self._find_primary_row()
        self._mark_stored_problems()

    async def load(self, obj: Object) -> None:
        """Show `obj` in the form built for an earlier set: every value, problem and note of
        the last opening goes."""
        self.seen, self.start = obj, EndpointsEdit.of(obj)
        self.touched.clear()
        self.submitting = False
        self.query_one("#edit-target", Static).update(self._where())
        entries, rows = self.start.clusters, self.rows
        for row, entry in zip(rows, entries, strict=False):
            row.show(entry)
        if len(rows) > len(entries):
            await self.remove_children(rows[len(entries) :])
        if len(entries) > len(rows):
            await self.query_one("#cluster-rows").mount_all(
                ClusterRow(entry) for entry in entries[len(rows) :]
            )
        self._renumber()
        self._find_primary_row()
        select: Select[str] = self.query_one("#primary_cluster", Select)
        names = [entry.cluster for entry in entries]
        self._set_options(select, self._options(names))
        select.value = self._primary_choice()
        self.query_one("#selector", Input).value = self.start.selector
        self.show_form_error(None)
        self._mark_stored_problems()
        self.set_focus(None)
        self.focus_first()

    def focus_first(self) -> None:
        """The first cluster's name, focused now rather than deferred: with the app awaiting
        this screen's mount, the keys typed right after `e` land here, in order."""
        if self.rows:
            first = self.rows[0].name_input
            first.cursor_position = len(first.value)
            self.set_focus(first)
        else:
            self.set_focus(self.query_one("#add-cluster"))

    @property
    def rows(self) -> list[ClusterRow]:
        return list(self.query(ClusterRow))

    @staticmethod
    def _options(names: Iterable[str]) -> list[tuple[str, str]]:
        unique = dict.fromkeys(name.strip() for name in names)
        return [(name, name) for name in unique if _valid_cluster(name)]

    def _set_options(self, select: Select[str], options: list[tuple[str, str]]) -> None:
        """Rebuilding the choice's list costs ~7 ms: only when the names changed."""
        if options != self._offered:
            self._offered = options
            select.set_options(options)

    def _renumber(self) -> None:
        for index, row in enumerate(self.rows):
            row.field = f"cluster-{index}"

    def _sync_primary(self) -> None:
        """The primary-cluster choice offers the rows' (valid) names; a renamed row that was
        the primary stays the primary."""
        select: Select[str] = self.query_one("#primary_cluster", Select)
        rows = self.rows
        for row in rows:
            row.shown_name = row.name_input.value.strip()
        options = self._options(row.shown_name for row in rows)
        self._set_options(select, options)
        primary = self.primary_row
        # While its name is being typed (`eu-` on the way to `eu-2`) the row may not be a
        # valid choice; it is the primary again as soon as it is.
        if primary in rows and (primary.shown_name, primary.shown_name) in options:
            select.value = primary.shown_name

    def _find_primary_row(self) -> None:
        self.primary_row = next(
            (row for row in self.rows if row.shown_name == self.start.primary_cluster), None
        )

    # -- values -----------------------------------------------------------------------------
    def edit(self) -> EndpointsEdit:
        """What the form holds now."""
        rows = self.rows
        select = self.query_one("#primary_cluster", Select)
        chosen = select.value if isinstance(select.value, str) else ""
        if self.primary_row in rows:  # its name as typed, even before the choice caught up
            chosen = self.primary_row.name_input.value.strip()
        return EndpointsEdit(
            name=self.start.name,
            namespace=self.start.namespace,
            clusters=[row.entry for row in rows],
            primary_cluster=chosen,
            selector=self.query_one("#selector", Input).value,
            labels=self.start.labels,
            annotations=self.start.annotations,
        )

    def problems(self) -> dict[str, str]:
        """The model's problems, each on a field the form has: a row's count problem beside
        its row, "no cluster" beside the primary cluster."""
        shown: dict[str, str] = {}
        for key, message in self.edit().errors().items():
            kind, _, index = key.partition("-")
            target = {"count": f"cluster-{index}", "clusters": "primary_cluster"}.get(kind, key)
            shown[target] = f"{shown[target]}; {message}" if target in shown else message
        return shown

    def writer(self) -> Callable[[], Object]:
        endpoints = self.edit().to_endpoints()
        return partial(self._save, endpoints, self.seen)

    def _save(self, endpoints: Endpoints, seen: Object) -> Object:
        try:
            return self.save(endpoints, seen)
        except ConflictError as error:
            hint = "\nctrl+l starts again from the set as it is now." if self.latest else ""
            raise ConflictError(f"{error}{hint}") from None

    async def action_load_latest(self) -> None:
        """Throw away what was typed and edit the set as it is now (after a conflict)."""
        current = self.latest(object_key(self.seen)) if self.latest else None
        if current is None:
            self.show_form_error("The set no longer exists; escape closes the form.")
        elif version_of(current) == version_of(self.seen):
            self.show_form_error("This is the latest version already; ctrl+s saves it.")
        else:
            await self.load(current)

    def action_submit(self) -> None:
        """ctrl+s is a priority key: the app runs it as it reads it, before the keys typed
        just ahead of it have reached the focused input. Submit once that input has them."""
        focused = self.focused
        target = focused if focused is not None and focused.is_running else self
        target.call_later(super().action_submit)  # (a field not started yet drops callbacks)

    # -- rows -------------------------------------------------------------------------------
    async def action_add_cluster(self) -> None:
        """A new row, focused, for a cluster the set does not use yet. Awaiting its mount
        before focusing it matters: an input not yet in the screen has no bindings above it,
        so a `ctrl+s` typed right after would be lost."""
        row = ClusterRow(ClusterEntry())
        await self.query_one("#cluster-rows").mount(row)
        self._renumber()
        self.touched.discard(row.field)
        self.set_focus(row.name_input)

    def action_remove_cluster(self, row: ClusterRow | None = None) -> None:
        """Remove the row holding the focus (or `row`); the focus moves to a neighbour."""
        rows = self.rows
        if row is None:
            row = next((r for r in rows if self.focused in list(r.query("*"))), None)
        if row is None:
            self.notify("Move to a cluster row first, then ctrl+r removes it.")
            return
        index = rows.index(row)
        row.remove()
        rest = [r for r in rows if r is not row]
        self.touched.update(f"cluster-{i}" for i in range(len(rest)))
        self.call_after_refresh(self._after_rows_changed)
        target = rest[min(index, len(rest) - 1)].name_input if rest else None
        self.set_focus(target or self.query_one("#add-cluster"))

    def _after_rows_changed(self) -> None:
        self._renumber()
        self._sync_primary()
        self.show_problems()

    @on(Button.Pressed, "#add-cluster")
    async def _add_pressed(self) -> None:
        await self.action_add_cluster()

    @on(Button.Pressed, ".cluster-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        row = next(r for r in self.rows if event.button in r.query(Button))
        self.action_remove_cluster(row)

    @on(Input.Changed, ".cluster-name")
    def _cluster_renamed(self) -> None:
        self._sync_primary()

    @on(Select.Changed)
    def _primary_chosen(self, event: Select.Changed) -> None:
        """A choice (the user's, or ours after a rename) names the primary row; a cleared
        choice (the list rebuilt) does not forget it."""
        if isinstance(event.value, str):
            chosen = [row for row in self.rows if row.shown_name == event.value]
            self.primary_row = chosen[0] if chosen else self.primary_row
        self.touched.add("primary_cluster")
        self.show_form_error(None)
        self.show_problems()

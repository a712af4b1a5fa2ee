"""The endpoints table: a virtual table on Textual's Line API that draws only what is on screen.

Why not the stock DataTable: measured with Textual 8.2.8, it needs 2.2 s to fill 10k rows (it
measures every cell), and any add_row/update_cell/remove_row makes its next frame O(N): ~100 ms
at 10k rows, ~330 ms at 100k. textual-fastdatatable fills fast (0.32 s) but still spends
110-150 ms per changed row, has no row keys, and brings pyarrow (170 MB). Here a frame formats
only the ~40 visible rows (~1 ms whatever N is), and a change to one set is a bisect in
`TableModel`: the cursor is a key, so it stays on the same set however rows move.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from skyshift_tui.live.catalog import AGE_COLUMN, Row
from skyshift_tui.live.table_model import TableModel
from skyshift_tui.render import formatting
from skyshift_tui.render.formatting import (
    ENDPOINTS_COLUMNS,
    ENDPOINTS_WIDE_COLUMNS,
    human_duration,
)

GAP = "  "
MARK = "▌"
"""Drawn in the first cell of a marked row (`space`)."""
FLASH_SECONDS = 1.5
"""How long a row changed by another process stays highlighted."""
ARROWS = {False: " ▲", True: " ▼"}
PRIORITY = (
    "NAME",
    "NAMESPACE",
    "ENDPOINTS",
    "EXPOSED",
    "AGE",
    "PRIMARY CLUSTER",
    "SELECTOR",
    "LABELS",
    "RESOURCE VERSION",
    "CREATED",
)
"""Which columns are on screen first as the table narrows: the first MUST_SHOW always
(NAMESPACE is one of them while all namespaces are shown, so two sets of one name in two
namespaces never look alike), the rest while there is room. They are shown in the CLI's
order; the columns of `get endpoints` that do not fit follow them, reachable by scrolling
right (and with `ctrl+w`, every `-o wide` column, in the CLI's order)."""
MUST_SHOW = 4
AGE_WIDTH = 5
"""`5m10s`, `3h20m`: ages are drawn anew each second, so their column does not follow them."""
NAME_MIN_WIDTH = 12
"""NAME gets room first: the other columns are narrowed to SQUEEZE_MIN before it is cut,
and it is never cut below this."""
SQUEEZE_MIN = 10
NAME_SHARED_WIDTH = 30
"""A name cut anyway (longer than this) is cut down to here to bring one more column on
screen, no further."""
MAX_WIDTH = 40
"""Longer cells are cut with an ellipsis; the detail pane shows them whole."""
SCROLLED = "◂"
MORE = "▸"
"""Drawn in the heading where columns are scrolled out of sight, left and right."""
_INDEX = {name: i for i, name in enumerate(ENDPOINTS_WIDE_COLUMNS)}
SORT_KEYS = {
    "N": "NAME",
    "P": "PRIMARY CLUSTER",
    "number_sign": "ENDPOINTS",
    "X": "EXPOSED",
    "A": "AGE",
    "L": "LABELS",
    "R": "RESOURCE VERSION",
    "C": "CREATED",
}
"""k9s-style: shift and the column's initial (`#` for the counts: E edits a set, and NAME has
N first). NAMESPACE and SELECTOR sort with `s` or the command palette."""
_NAME, _NAMESPACE = _INDEX["NAME"], _INDEX["NAMESPACE"]


MOVE_AND_SORT_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False),
    Binding("down,j", "cursor_down", "Down", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("home,g", "first", "First", show=False),
    Binding("end,G", "last", "Last", show=False),
    Binding("s", "sort_next", "Sort", tooltip="Sort by the next column (or click a heading)"),
    Binding("S", "sort_reverse", "Reverse", show=False, tooltip="Reverse the sort order"),
]
"""The keys every table of the app moves and sorts with (this one, and the namespaces and
clusters views')."""


class SortedRows(Protocol):
    """What CursorMoves needs of a table's model."""

    sort_column: int
    reverse: bool

    def __len__(self) -> int: ...
    def index_of(self, key: str) -> int | None: ...


class CursorMoves(ScrollView):
    """The keys of MOVE_AND_SORT_BINDINGS for a table that draws rows below one heading line,
    puts its cursor on a row with `_move_to(index)` and sorts with `sort_by`."""

    model: SortedRows
    column_count: int
    _cursor_index: int | None

    def _move_to(self, index: int) -> None:
        raise NotImplementedError

    def sort_by(self, column: int, reverse: bool | None = None) -> None:
        raise NotImplementedError

    def select(self, key: str) -> bool:
        """Put the cursor on `key` if the table shows it."""
        index = self.model.index_of(key)
        if index is None:
            return False
        self._move_to(index)
        return True

    def action_sort_next(self) -> None:
        """Sort by the column right of the current one (wrapping round)."""
        self.sort_by((self.model.sort_column + 1) % self.column_count, reverse=False)

    def action_sort_reverse(self) -> None:
        self.sort_by(self.model.sort_column, reverse=not self.model.reverse)

    def action_cursor_up(self) -> None:
        self._move_by(-1)

    def action_cursor_down(self) -> None:
        self._move_by(1)

    def action_page_up(self) -> None:
        self._move_by(-self._page_rows())

    def action_page_down(self) -> None:
        self._move_by(self._page_rows())

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.model) - 1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def _move_by(self, delta: int) -> None:
        self._move_to(0 if self._cursor_index is None else self._cursor_index + delta)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if self._cursor_index is None:
            return
        rows = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        index = self._cursor_index
        if center:
            target = max(0, index - rows // 2)
        elif index < top:
            target = index
        elif index >= top + rows:
            target = index - rows + 1
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)


def _squeeze(widths: dict[int, int], columns: list[int], excess: int, floor: int = 0) -> int:
    """Narrow the widest of `columns` a cell at a time (never below their heading, nor below
    `floor`) until `excess` cells are saved, so a set spanning several clusters still leaves
    AGE on screen; returns how many cells were saved."""
    saved = 0
    while saved < excess:
        roomy = [i for i in columns if widths[i] > max(len(ENDPOINTS_WIDE_COLUMNS[i]) + 1, floor)]
        if not roomy:
            break
        widest = max(roomy, key=lambda i: widths[i])
        widths[widest] -= 1
        saved += 1
    return saved


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with an ellipsis) to exactly `width` cells."""
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.ljust(width)


class EndpointsTable(CursorMoves, can_focus=True):
    """Endpoints in the columns of `skyctl get endpoints -o wide`, addressed by `namespace/name`.

    | Key | Action |
    | --- | --- |
    | up, k / down, j | move the cursor |
    | pageup / pagedown | move a screen |
    | home, g / end, G | first / last set |
    | s / S | sort by the next column / reverse the order (or click a heading) |
    """

    BINDINGS = [
        *MOVE_AND_SORT_BINDINGS,
        *(
            Binding(
                key,
                f"sort_by({ENDPOINTS_WIDE_COLUMNS.index(column)})",
                f"Sort by {column}",
                show=False,
                tooltip=f"Sort by {column} (again: reverse)",
            )
            for key, column in SORT_KEYS.items()
        ),
        # -- sideways (issue 15): one column at a time, or to either end; ctrl+w: -o wide --
        Binding("left", "column_left", "Scroll left", show=False),
        Binding("right,l", "column_right", "Scroll right", show=False),
        Binding("shift+left", "column_first", "Scroll to the start", show=False),
        Binding("shift+right", "column_last", "Scroll to the end", show=False),
        Binding("ctrl+w", "toggle_wide", "Wide", show=False, tooltip="Every -o wide column / fit"),
    ]

    COMPONENT_CLASSES = {
        "endpoints-table--header",
        "endpoints-table--cursor",
        "endpoints-table--hint",
        "endpoints-table--marked",
        "endpoints-table--changed",
        "endpoints-table--invalid",
    }

    DEFAULT_CSS = """
    EndpointsTable {
        background: $surface;
        overflow-x: hidden;  /* sideways by columns, NAME kept: no scrollbar row */
        & > .endpoints-table--header { text-style: bold; color: $text-muted; }
        & > .endpoints-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .endpoints-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .endpoints-table--hint { color: $text-muted; }
        & > .endpoints-table--marked { color: $text-warning; }
        & > .endpoints-table--changed { background: $warning 25%; }
        & > .endpoints-table--invalid { color: $text-error; }
    }
    """

    class Sorted(Message):
        """The sort column or order changed."""

    class Highlighted(Message):
        """The cursor is on another set (`key` None: the table shows nothing)."""

        def __init__(self, table: EndpointsTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> EndpointsTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.model: TableModel = TableModel()
        self.column_count = len(ENDPOINTS_WIDE_COLUMNS)
        self._shown: list[tuple[int, int]] = []
        """(column index, width) of the columns laid out, left to right: NAME, then those
        that fit, then those reached by scrolling right (see `_relayout`)."""
        self._first = 1
        """The column of `_shown` drawn right of NAME (NAME stays put when scrolling)."""
        self.wide = False
        """`ctrl+w`: every `-o wide` column, reached by scrolling right."""
        self.cursor_key: str | None = None
        self.loaded = False
        self._cursor_index: int | None = None
        self._ages_drawn: list[str] = []
        self._styles: dict[str, Style] = {}
        self.marked: set[str] = set()
        self.invalid: Collection[str] = ()
        """Keys of the rows of keys that hold no valid object (drawn in the error colour)."""
        """Keys of the marked sets (the app's set: `space` marks, `d` deletes them all)."""
        self._flashing: dict[str, float] = {}

    # -- what the app tells the table ------------------------------------------------------
    def show_rows(self, rows: dict[str, Row]) -> None:
        """Show a full load; the cursor stays on its set, or on the row where it was."""
        was_at = self._cursor_index or 0
        self.loaded = True
        self.model.load(rows)
        self._after_change(fallback_index=was_at)

    def rows_changed(self, upserted: Iterable[str], removed: Iterable[str]) -> str | None:
        """Re-place the sets that changed. Returns the cursor's key if its set was removed
        (the cursor then moves to the neighbour that took its place)."""
        removed = list(removed)
        lost = self.cursor_key if self.cursor_key in removed else None
        before, screen_row = self._cursor_index, self._cursor_screen_row()
        self.model.update(upserted, removed)
        self._after_change(fallback_index=before or 0, keep_screen_row=screen_row, choose=False)
        return lost

    def set_filter(self, namespace: str | None, text: str) -> None:
        """Show one namespace (None: all) and the sets matching `text`."""
        self.model.set_filter(namespace, text)
        self._after_change(fallback_index=0)

    def set_cluster(self, cluster: str | None) -> None:
        """Show only the sets with endpoints on `cluster` (None: on any)."""
        if cluster != self.model.cluster:
            self.model.set_cluster(cluster)
            self._after_change(fallback_index=0)

    def sort_by(self, column: int, reverse: bool | None = None) -> None:
        """Sort by a column; by default a second sort on the same column reverses it."""
        if reverse is None:
            reverse = column == self.model.sort_column and not self.model.reverse
        self.model.set_sort(column, reverse)
        self._after_change(fallback_index=0)
        self._scroll_to_cursor(center=True)
        self.post_message(self.Sorted())

    # -- actions ----------------------------------------------------------------------------
    def action_sort_by(self, column: int) -> None:
        self.sort_by(column)

    # -- mouse ------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        """A heading sorts by its column; a row gets the cursor."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.sort_by(column)
        else:
            index = self.scroll_offset.y + offset.y - 1
            if index < len(self.model):
                self._move_to(index)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing ----------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """Work out the styles once per frame: `rich_style` costs ~0.15 ms a call."""
        base = self.rich_style
        component = self.get_component_rich_style
        self._styles = {
            "row": base,
            "header": base + component("endpoints-table--header"),
            "hint": base + component("endpoints-table--hint"),
            "cursor": base + component("endpoints-table--cursor"),
            "marked": base + component("endpoints-table--marked"),
            "changed": base + component("endpoints-table--changed"),
            "invalid": base + component("endpoints-table--invalid"),
        }
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        """Line 0 is the heading; below it the rows from the scroll position down."""
        scroll_y = self.scroll_offset.y
        width = self.size.width
        styles = self._styles
        if y == 0:
            text, style = self._heading(), styles["header"]
        elif not self.model:
            text, style = self._hint(y), styles["hint"]
        else:
            index = scroll_y + y - 1
            if index >= len(self.model):
                return Strip.blank(width, styles["row"])
            key = self.model.key_at(index)
            text = self._line(self.model.rows[key])
            style = styles["cursor"] if index == self._cursor_index else self._row_style(key)
            if key in self.marked:
                text = MARK + text[1:]
                if index != self._cursor_index:
                    style += styles["marked"]
        return Strip([Segment(text, style)]).crop_extend(0, width, style)

    def _row_style(self, key: str) -> Style:
        style = self._styles["invalid" if key in self.invalid else "row"]
        if self._flashing and self._flashing.get(key, 0.0) > time.monotonic():
            return style + self._styles["changed"]
        return style

    def flash(self, keys: Iterable[str]) -> None:
        """Highlight these rows for FLASH_SECONDS (they were just changed)."""
        until = time.monotonic() + FLASH_SECONDS
        keys = list(keys)
        if not keys:
            return
        self._flashing.update(dict.fromkeys(keys, until))
        self.refresh()
        self.set_timer(FLASH_SECONDS, self._end_flash)

    def _end_flash(self) -> None:
        now = time.monotonic()
        self._flashing = {key: t for key, t in self._flashing.items() if t > now}
        self.refresh()

    def is_flashing(self, key: str) -> bool:
        return self._flashing.get(key, 0.0) > time.monotonic()

    def _drawn(self) -> list[tuple[int, int]]:
        """The columns drawn: NAME, then the rest from the scroll position on."""
        return self._shown[:1] + self._shown[self._first :]

    def _heading(self) -> str:
        arrow = ARROWS[self.model.reverse]
        labels = [
            fit(ENDPOINTS_WIDE_COLUMNS[i] + (arrow if i == self.model.sort_column else ""), width)
            for i, width in self._drawn()
        ]
        text = " " + GAP.join(labels)
        if self._first > 1 and len(labels) > 1:  # columns scrolled out on the left
            cut = 1 + len(labels[0])
            text = text[:cut] + " " + SCROLLED + text[cut + 2 :]
        if self._hidden_right():
            room = self.scrollable_content_region.width
            text = text[: room - 1].ljust(room - 1) + MORE
        return text

    def _line(self, row: Row) -> str:
        cells = row.cells
        return " " + GAP.join(
            fit(self._age(row) if i == AGE_COLUMN else cells[i], width)
            for i, width in self._drawn()
        )

    @property
    def shown_columns(self) -> list[str]:
        """The headings on screen, left to right (whole or cut at the right edge)."""
        room, columns, x = self.scrollable_content_region.width, [], 1
        for i, width in self._drawn():
            if x >= room:
                break
            columns.append(ENDPOINTS_WIDE_COLUMNS[i])
            x += width + len(GAP)
        return columns

    @property
    def layout_columns(self) -> list[str]:
        """Every column laid out, on screen or reached by scrolling right."""
        return [ENDPOINTS_WIDE_COLUMNS[i] for i, _ in self._shown]

    def _hidden_right(self) -> bool:
        """Whether a column lies (partly) beyond the right edge."""
        used = 1 + sum(width for _, width in self._drawn()) + len(GAP) * (len(self._drawn()) - 1)
        return used > self.scrollable_content_region.width

    # -- sideways ---------------------------------------------------------------------------
    def action_column_right(self) -> None:
        if self._hidden_right():
            self._scroll_columns(self._first + 1)

    def action_column_left(self) -> None:
        self._scroll_columns(self._first - 1)

    def action_column_first(self) -> None:
        self._scroll_columns(1)

    def action_column_last(self) -> None:
        """As far right as leaves the last column whole on screen."""
        first = self._first
        while self._hidden_right() and self._first < len(self._shown) - 1:
            self._first += 1
        target, self._first = self._first, first
        self._scroll_columns(target)

    def _scroll_columns(self, first: int) -> None:
        first = max(1, min(first, len(self._shown) - 1))
        if first != self._first:
            self._first = first
            self.refresh()

    def action_toggle_wide(self) -> None:
        """Every `-o wide` column (scroll right to reach them) / the columns that fit."""
        self.wide = not self.wide
        self._relayout()

    def _relayout(self, choose: bool = True) -> None:
        """Choose the columns and their widths from every row of the view
        (TableModel.cell_widths): scrolling never changes them, a long cell is cut at
        MAX_WIDTH. NAME gets room first; the columns that matter most come next, in the
        CLI's order, then the other columns of `get endpoints` (or, wide, of `-o wide`),
        reached by scrolling right. `choose=False` (rows changed): the same columns, only
        widened where a cell grew, so the set never changes under the user."""
        arrow = len(ARROWS[False])
        cells = self.model.cell_widths()

        def natural(i: int) -> int:
            heading = len(ENDPOINTS_WIDE_COLUMNS[i]) + (arrow if i == self.model.sort_column else 0)
            shortest = AGE_WIDTH if i == AGE_COLUMN else 0  # an age grows as it is redrawn
            return max(heading, shortest, min(MAX_WIDTH, cells[i]))

        if not choose and self._shown:
            shown = [(i, max(width, natural(i))) for i, width in self._shown]
            self._set_layout(shown)
            return
        all_namespaces = self.model.namespace is None
        candidates = [_INDEX[name] for name in PRIORITY if all_namespaces or name != "NAMESPACE"]
        widths = {i: natural(i) for i in candidates}
        if not self.display or not self.size.width:
            return  # hidden behind another view: laid out when shown (shown_again)
        if self.wide:
            self._set_layout([(i, widths[i]) for i in sorted(candidates)])
            return
        room = self.scrollable_content_region.width - 1 - 1  # the leading and trailing space
        must = candidates[: MUST_SHOW + all_namespaces]
        used = sum(widths[i] for i in must) + len(GAP) * (len(must) - 1)
        others = [i for i in must if i not in (_NAME, AGE_COLUMN)]
        used -= _squeeze(widths, others, used - room, floor=SQUEEZE_MIN)
        if used > room:  # then the name, down to NAME_MIN_WIDTH
            cut = max(0, min(used - room, widths[_NAME] - NAME_MIN_WIDTH))
            widths[_NAME] -= cut
            used -= cut
        used -= _squeeze(widths, others, used - room)
        chosen = list(must)
        for i in candidates[len(must) :]:
            over = used + len(GAP) + widths[i] - room
            if 0 < over <= widths[_NAME] - NAME_SHARED_WIDTH:
                widths[_NAME] -= over
                used -= over
                over = 0
            if over > 0:
                break  # the next ones in order of use are reached by scrolling right
            chosen.append(i)
            used += len(GAP) + widths[i]
        normal = {_INDEX[name] for name in ENDPOINTS_COLUMNS}
        beyond = [i for i in sorted(candidates) if i not in chosen and i in normal]
        self._set_layout([(i, widths[i]) for i in sorted(chosen) + beyond])

    def _set_layout(self, shown: list[tuple[int, int]]) -> None:
        if shown != self._shown:
            if [i for i, _ in shown] != [i for i, _ in self._shown]:
                self._first = 1
            self._shown = shown
            self._first = max(1, min(self._first, len(shown) - 1))
            self.virtual_size = Size(self.scrollable_content_region.width, len(self.model) + 1)
            self.refresh()

    def on_resize(self) -> None:
        """Lay out for the new width; the selected row stays in view."""
        self._relayout()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.model) + 1)
        self.call_after_refresh(self._scroll_to_cursor)

    def shown_again(self) -> None:
        """Back from another view: laid out while hidden (no width), lay out again once the
        screen has its size. (Not on every Show event: those come after each dialog too, and
        relaying out there held the redraw after `e`'s form closed at 10k sets.)"""
        self.call_after_refresh(self._relayout)

    def _age(self, row: Row) -> str:
        """Ages are drawn, not stored, so they stay current."""
        if row.created is None:
            return row.cells[AGE_COLUMN]
        return human_duration((formatting.utc_now() - row.created).total_seconds())

    def refresh_ages(self) -> None:
        """Repaint if an age on screen has changed (called every second; most seconds none
        has, and the terminal then gets nothing to redraw)."""
        top = round(self.scroll_offset.y)
        keys = self.model.keys(top, top + self.scrollable_content_region.height)
        ages = [self._age(self.model.rows[key]) for key in keys]
        if ages != self._ages_drawn:
            self._ages_drawn = ages
            self.refresh()

    def _hint(self, y: int) -> str:
        """What an empty table says instead of rows, on lines 2 and 3."""
        model = self.model
        if not self.loaded:
            lines = ["Loading…", ""]
        elif model.text:
            lines = [f'No endpoints match "{model.text}".', "Press escape to clear the filter."]
        elif model.namespace is not None:
            lines = [
                f'No endpoints in namespace "{model.namespace}" yet.',
                "Press c to create the first set.",
            ]
        else:
            lines = ["No endpoints yet.", "Press c to create the first set."]
        return "  " + lines[y - 2] if y in (2, 3) else ""

    def _column_at(self, x: int) -> int | None:
        start = 1
        for i, width in self._drawn():
            if start <= x < start + width:
                return i
            start += width + len(GAP)
        return None

    # -- cursor and scrolling ---------------------------------------------------------------
    def _cursor_screen_row(self) -> int | None:
        if self._cursor_index is None:
            return None
        return self._cursor_index - round(self.scroll_offset.y)

    def _move_to(self, index: int) -> None:
        if not self.model:
            return
        index = max(0, min(index, len(self.model) - 1))
        self._set_cursor(self.model.key_at(index), index)
        self._scroll_to_cursor()
        self.refresh()

    def _set_cursor(self, key: str | None, index: int | None) -> None:
        changed = key != self.cursor_key
        self.cursor_key, self._cursor_index = key, index
        if changed:
            self.post_message(self.Highlighted(self, key))

    def _after_change(
        self, fallback_index: int, keep_screen_row: int | None = None, choose: bool = True
    ) -> None:
        """Keep the cursor on its set (else on the row now at its place), resize, repaint."""
        model = self.model
        index = model.index_of(self.cursor_key) if self.cursor_key is not None else None
        if index is None and model:
            index = max(0, min(fallback_index, len(model) - 1))
        self._set_cursor(model.key_at(index) if index is not None else None, index)
        self.virtual_size = Size(self.virtual_size.width, len(model) + 1)
        if index is not None and keep_screen_row is not None:
            # Rows added or removed above: scroll with them so the cursor stays put on screen.
            self.scroll_to(y=max(0, index - keep_screen_row), animate=False, immediate=True)
        self._scroll_to_cursor()
        self._relayout(choose)
        self.refresh()

"""The table of the namespaces and clusters views: a small virtual table over a ResourceModel
(resource_views.py), drawn a line at a time like the endpoints table. Its cursor is a key, so
it stays on the same namespace or cluster when the store changes and the rows are rebuilt."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from skyshift_tui.live.resource_views import ResourceModel, ResourceRow
from skyshift_tui.render import formatting
from skyshift_tui.render.formatting import human_duration
from skyshift_tui.widgets.endpoints_table import (
    ARROWS,
    GAP,
    MOVE_AND_SORT_BINDINGS,
    CursorMoves,
    fit,
)


class ResourceTable(CursorMoves, can_focus=True):
    """A sortable, filterable table of namespaces or clusters; moves and sorts with the keys
    of the endpoints table (MOVE_AND_SORT_BINDINGS)."""

    BINDINGS = MOVE_AND_SORT_BINDINGS

    COMPONENT_CLASSES = {"resource-table--header", "resource-table--cursor", "resource-table--hint"}

    DEFAULT_CSS = """
    ResourceTable {
        background: $surface;
        & > .resource-table--header { text-style: bold; color: $text-muted; }
        & > .resource-table--hint { color: $text-muted; }
        & > .resource-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .resource-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Sorted(Message):
        """The sort column or order changed (the border title says by what)."""

    def __init__(self, model: ResourceModel, empty: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model: ResourceModel = model
        self.column_count = len(model.columns)
        self.empty = empty
        """What the table says when it has no row."""
        self.cursor_key: str | None = None
        self._cursor_index: int | None = None
        self._widths: list[int] = []
        self._styles: dict[str, Style] = {}

    # -- what the screen tells the table ----------------------------------------------------
    def show(self, rows: list[ResourceRow]) -> None:
        """Show these rows; the cursor stays on its key, else at its place."""
        self.model.load(rows)
        self._after_change()

    def set_filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._after_change()

    # -- actions ----------------------------------------------------------------------------
    def sort_by(self, column: int, reverse: bool | None = None) -> None:
        """Sort by a column; a second sort on the same column reverses it."""
        model = self.model
        if reverse is None:
            reverse = column == model.sort_column and not model.reverse
        model.set_sort(column, reverse)
        self._after_change()
        self.post_message(self.Sorted())

    def on_click(self, event: events.Click) -> None:
        """A heading sorts by its column; a row gets the cursor."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x, start = offset.x + self.scroll_offset.x, 1
            for i, width in enumerate(self._widths):
                if start <= x < start + width:
                    self.sort_by(i)
                    return
                start += width + len(GAP)
        elif self.scroll_offset.y + offset.y - 1 < len(self.model):
            self._move_to(self.scroll_offset.y + offset.y - 1)

    # -- drawing ----------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        base, component = self.rich_style, self.get_component_rich_style
        self._styles = {
            "row": base,
            "header": base + component("resource-table--header"),
            "hint": base + component("resource-table--hint"),
            "cursor": base + component("resource-table--cursor"),
        }
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width, styles, model = self.size.width, self._styles, self.model
        if y == 0:
            arrow = ARROWS[model.reverse]
            cells = [
                h + (arrow if i == model.sort_column else "") for i, h in enumerate(model.columns)
            ]
            text, style = self._line(cells), styles["header"]
        elif not model:
            hint = self.empty if not model.text else f'Nothing matches "{model.text}".'
            text, style = ("  " + hint if y == 2 else ""), styles["hint"]
        elif scroll_y + y - 1 >= len(model):
            return Strip.blank(width, styles["row"])
        else:
            index = scroll_y + y - 1
            text = self._line(self._cells(model.row_at(index)))
            style = styles["cursor"] if index == self._cursor_index else styles["row"]
        return Strip([Segment(text, style)]).crop_extend(scroll_x, scroll_x + width, style)

    def _line(self, cells: list[str]) -> str:
        return " " + GAP.join(
            fit(cell, width) for cell, width in zip(cells, self._widths, strict=True)
        )

    def _cells(self, row: ResourceRow) -> list[str]:
        cells = list(row.cells)
        age = self.model.age_column
        if age is not None and row.created is not None:
            cells[age] = human_duration((formatting.utc_now() - row.created).total_seconds())
        return cells

    def _ages(self) -> list[str]:
        age = self.model.age_column
        if age is None:
            return []
        return [self._cells(self.model.row_at(i))[age] for i in range(len(self.model))]

    def refresh_ages(self) -> None:
        if self.display and self.model.age_column is not None:
            self.refresh()

    # -- cursor -----------------------------------------------------------------------------
    def _move_to(self, index: int) -> None:
        if not self.model:
            return
        self._cursor_index = max(0, min(index, len(self.model) - 1))
        self.cursor_key = self.model.row_at(self._cursor_index).key
        self._scroll_to_cursor()
        self.refresh()

    def _after_change(self) -> None:
        """Widths from every row shown; the cursor kept on its key (else at its place)."""
        model = self.model
        self._widths = model.widths(self._ages())
        width = 2 + sum(self._widths) + len(GAP) * (len(self._widths) - 1)
        self.virtual_size = Size(width, len(model) + 1)
        index = model.index_of(self.cursor_key) if self.cursor_key is not None else None
        self._move_to((self._cursor_index or 0) if index is None else index)
        if not model:
            self.cursor_key = None
        self.refresh()

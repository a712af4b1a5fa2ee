"""The namespace tree: "all namespaces" at the root, each namespace below with its set count.

Its width follows its labels, up to a cap that grows with the screen (`fit_to`); a count is
never cut (`1618`, `12k`), a long name ends with `…` and two long names stay told apart
(render/short_labels.py).
"""

from __future__ import annotations

from bisect import bisect_right

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from skyshift_tui.core.terminal_text import escape_control
from skyshift_tui.render.short_labels import short_count, short_names
from skyshift_tui.widgets.safe_text import safe_text

ALL_NAMESPACES = "all namespaces"
CHROME = 5
"""Cells around a label: the border (2), the node's guide or arrow (2), a scrollbar (1)."""
MIN_CAP = 24
"""The tree's widest at 80 and 120 columns: `all namespaces 1618` fits."""
MAX_CAP = 40


def width_cap(screen_width: int) -> int:
    """How wide the tree may grow on a screen this wide: a fifth of it, within bounds."""
    return max(MIN_CAP, min(MAX_CAP, screen_width // 5))


def node_label(name: str, count: str, name_width: int, count_width: int) -> Text:
    """`name   12`: the name padded so the counts line up on the right, dimmed."""
    return Text.assemble(safe_text(name.ljust(name_width)), (" " + count.rjust(count_width), "dim"))


class NamespaceTree(Tree[str | None]):
    """Namespaces kept in step with the store by `sync`; moving the cursor chooses one.

    | Key | Action |
    | --- | --- |
    | up, k / down, j | choose the namespace above / below |
    | home, g / end, G | all namespaces / the last namespace |
    | enter | on to the table, showing the namespace chosen |
    """

    BINDINGS = [
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("home,g", "scroll_home", "First", show=False, tooltip="All namespaces"),
        Binding("end,G", "scroll_end", "Last", show=False, tooltip="The last namespace"),
        Binding("enter", "done", "To the table", show=False, tooltip="On to the table"),
    ]

    class Done(Message):
        """`enter`: the user has chosen; the focus goes on to the table."""

    def action_done(self) -> None:
        self.post_message(self.Done())

    class Chosen(Message):
        """The table should show this namespace (None: all namespaces)."""

        def __init__(self, choice: str | None) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(node_label(ALL_NAMESPACES, "0", 0, 1), data=None, id=id)
        self.show_root = True
        self.guide_depth = 2
        self.root.expand()
        self.chosen: str | None = None
        self._ns_nodes: dict[str, TreeNode[str | None]] = {}
        self._counts: dict[str, int] = {}
        self._cap = MIN_CAP

    def fit_to(self, screen_width: int) -> None:
        """The screen is this wide now: the tree may take up to `width_cap` of it."""
        cap = width_cap(screen_width)
        if cap != self._cap:
            self._cap = cap
            self._relabel()

    def _labels(self) -> dict[str | None, Text]:
        """Every node's label (None: the root's), cut to fit the cap; sets the width."""
        counts = self._counts
        numbers = {name: short_count(count) for name, count in counts.items()}
        total = short_count(sum(counts.values()))
        count_width = max(map(len, [total, *numbers.values()]))
        room = self._cap - CHROME - 1 - count_width
        names = short_names([escape_control(name) for name in counts], room)
        name_width = max(map(len, [ALL_NAMESPACES, *names.values()]))
        name_width = min(name_width, max(room, len(ALL_NAMESPACES)))
        self.styles.width = min(self._cap, CHROME + name_width + 1 + count_width)
        labels: dict[str | None, Text] = {
            None: node_label(ALL_NAMESPACES, total, name_width, count_width)
        }
        for name in counts:
            label = names[escape_control(name)]
            labels[name] = node_label(label, numbers[name], name_width, count_width)
        return labels

    def _relabel(self) -> None:
        labels = self._labels()
        self.root.set_label(labels[None])
        for name, node in self._ns_nodes.items():
            if node.label != labels[name]:
                node.set_label(labels[name])

    @property
    def names(self) -> list[str]:
        """The namespaces shown, in order."""
        return list(self._ns_nodes)

    def sync(self, counts: dict[str, int]) -> str | None:
        """Show exactly these namespaces (sorted) and counts, touching only what changed.

        Returns the chosen namespace if it is gone (the tree then chooses all namespaces).
        """
        lost = self.chosen if self.chosen is not None and self.chosen not in counts else None
        self._counts = dict(counts)
        labels = self._labels()
        self.root.set_label(labels[None])
        for name in [name for name in self._ns_nodes if name not in counts]:
            self._ns_nodes.pop(name).remove()
        existing = list(self._ns_nodes)  # sorted, as the tree shows them
        for name in sorted(counts):
            label = labels[name]
            node = self._ns_nodes.get(name)
            if node is None:
                place = bisect_right(existing, name)
                before = self._ns_nodes[existing[place]] if place < len(existing) else None
                self._ns_nodes[name] = self.root.add_leaf(label, data=name, before=before)
            elif node.label != label:
                node.set_label(label)
        self._ns_nodes = {name: self._ns_nodes[name] for name in sorted(self._ns_nodes)}
        self.choose(None if lost else self.chosen)
        return lost

    def choose(self, namespace: str | None) -> bool:
        """Put the cursor on `namespace` (None: the root); False if it is not shown."""
        node = self.root if namespace is None else self._ns_nodes.get(namespace)
        if node is None:
            return False
        _ = self.last_line  # rebuilds the tree's lines, so node.line is current
        self.cursor_line = node.line
        self._announce(namespace)
        return True

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str | None]) -> None:
        event.stop()
        self._announce(event.node.data)

    def _announce(self, namespace: str | None) -> None:
        if namespace != self.chosen:
            self.chosen = namespace
            self.post_message(self.Chosen(namespace))

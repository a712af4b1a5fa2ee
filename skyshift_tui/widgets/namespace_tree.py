"""The namespace tree: "all namespaces" at the root, each namespace below with its set count."""

from __future__ import annotations

from bisect import bisect_right

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from skyshift_tui.widgets.safe_text import safe_text

ALL_NAMESPACES = "all namespaces"


def node_label(name: str, count: int) -> Text:
    """`name  12`, the count dimmed so names stay easy to scan."""
    return Text.assemble(safe_text(name), ("  " + str(count), "dim"))


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
        super().__init__(node_label(ALL_NAMESPACES, 0), data=None, id=id)
        self.show_root = True
        self.guide_depth = 2
        self.root.expand()
        self.chosen: str | None = None
        self._ns_nodes: dict[str, TreeNode[str | None]] = {}

    @property
    def names(self) -> list[str]:
        """The namespaces shown, in order."""
        return list(self._ns_nodes)

    def sync(self, counts: dict[str, int]) -> str | None:
        """Show exactly these namespaces (sorted) and counts, touching only what changed.

        Returns the chosen namespace if it is gone (the tree then chooses all namespaces).
        """
        self.root.set_label(node_label(ALL_NAMESPACES, sum(counts.values())))
        lost = self.chosen if self.chosen is not None and self.chosen not in counts else None
        for name in [name for name in self._ns_nodes if name not in counts]:
            self._ns_nodes.pop(name).remove()
        existing = list(self._ns_nodes)  # sorted, as the tree shows them
        for name in sorted(counts):
            label = node_label(name, counts[name])
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

"""The help screen: every key, read from the bindings themselves so it cannot go stale."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "plus": "+",
    "minus": "-",
    "number_sign": "#",
    "left": "←",
    "right": "→",
    "colon": ":",
}


HelpSection = tuple[str, Iterable[BindingType]]
"""A heading and its rows: bindings, or (what to type, what it does) pairs."""


def key_text(keys: str) -> str:
    """`up,k` -> `up k`, with Textual's key names turned into what is on the keyboard."""
    return " ".join(KEY_NAMES.get(key, key) for key in keys.split(","))


def bindings_table(sections: Iterable[HelpSection]) -> Table:
    """One row per binding, grouped under a heading per place where the keys work."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", min_width=10)
    table.add_column()
    for heading, bindings in sections:
        table.add_row("", Text(heading, style="bold"))
        for binding in bindings:
            if isinstance(binding, Binding):
                table.add_row(key_text(binding.key), binding.tooltip or binding.description)
            elif isinstance(binding, tuple) and len(binding) == 2:
                table.add_row(*binding)
        table.add_row("", "")
    return table


def help_sections(app_bindings: Iterable[BindingType]) -> list[HelpSection]:
    """The keys of every part of the app, from each part's own BINDINGS."""
    from skyshift_tui.screens.confirm_delete import ConfirmScreen
    from skyshift_tui.screens.edit_endpoints import EditEndpointsScreen
    from skyshift_tui.screens.form import FormScreen
    from skyshift_tui.screens.history_view import HistoryScreen
    from skyshift_tui.widgets.command_bar import CommandBar, CommandInput
    from skyshift_tui.widgets.endpoints_table import EndpointsTable
    from skyshift_tui.widgets.filter_bar import FilterBar
    from skyshift_tui.widgets.namespace_tree import NamespaceTree
    from skyshift_tui.widgets.resource_table import ResourceTable

    return [
        (
            "Everywhere",
            [
                *app_bindings,
                Binding("tab,shift+tab", "", "Move between the tree, the table and the detail"),
                Binding("ctrl+p", "", "Command palette"),
            ],
        ),
        ("Namespace tree", NamespaceTree.BINDINGS),
        (
            "Filter bar",
            [Binding("enter", "", "Keep the filter, back to the table"), *FilterBar.BINDINGS],
        ),
        ("Endpoints table", EndpointsTable.BINDINGS),
        ("Commands (type : first)", command_rows()),
        (
            "Command prompt",
            [
                *CommandInput.BINDINGS,
                Binding("enter", "", "Run the command"),
                *CommandBar.BINDINGS,
            ],
        ),
        (
            "Namespaces and clusters views",
            [
                Binding("enter", "", "The sets in it"),
                Binding("n,D", "", "Namespaces: create / delete the one under the cursor"),
                Binding("escape", "", "Back one step"),
                *[b for b in ResourceTable.BINDINGS if isinstance(b, Binding) and b.tooltip],
            ],
        ),
        (
            "Detail",
            [
                Binding("up,down,pageup,pagedown", "", "Scroll"),
                Binding("home,end", "", "Top / bottom"),
                Binding("escape", "", "Back to the table"),
                Binding("v", "", "The full YAML / the description"),
            ],
        ),
        ("Forms", [Binding("tab,shift+tab", "", "Next / previous field"), *FormScreen.BINDINGS]),
        ("Edit form", EditEndpointsScreen.BINDINGS),
        ("Confirmations", ConfirmScreen.BINDINGS),
        ("History view (h, :history)", HistoryScreen.BINDINGS),
    ]


def command_rows() -> list[tuple[str, str]]:
    """One row per command of command mode, with its short names and argument."""
    from skyshift_tui.live.commands import COMMANDS

    rows = []
    for command in COMMANDS:
        names = " ".join(f":{name}" for name in command.names)
        argument = f" [{command.argument}]" if command.argument else ""
        rows.append((names + argument, command.summary))
    return rows


class HelpScreen(ModalScreen[None]):
    """Lists the keys of each part of the app; any of escape, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close help")]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        half = (len(self.sections) + 1) // 2
        with VerticalScroll(classes="dialog"):
            yield Label("Keys", classes="dialog-title")
            with Horizontal(id="help-keys"):
                yield Static(bindings_table(self.sections[:half]))
                yield Static(bindings_table(self.sections[half:]))
            yield Static(
                "Every action is also in the command palette (ctrl+p). The mouse works too: "
                "click a row, a namespace, or a column heading to sort.",
                classes="dialog-keys",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

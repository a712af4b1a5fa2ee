"""A yes/no confirmation for deletions, with Cancel focused: the safe answer is the easy one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from skyshift_tui.widgets.safe_text import safe_message, safe_text


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True only when the user confirms.

    | Key | Action |
    | --- | --- |
    | y | confirm |
    | n, escape | cancel |
    """

    BINDINGS = [
        Binding("y", "confirm", "Yes, delete"),
        Binding("n,escape", "cancel", "No"),
    ]
    AUTO_FOCUS = "#cancel"

    def __init__(self, title: str, message: str, confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -danger"):
            yield Label(safe_text(self.title_text), classes="dialog-title")
            yield Static(safe_message(self.message), classes="dialog-message", markup=False)
            yield from self.compose_check()
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error")
            yield Label(self.keys_hint, classes="dialog-keys", markup=False)
        yield Footer()

    keys_hint = "y confirm · n or escape cancel"

    def compose_check(self) -> ComposeResult:
        """Anything the user must do before confirming (subclasses); nothing by default."""
        yield from ()

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirm_pressed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class ConfirmDeleteEndpoints(ConfirmScreen):
    """Names the set and its namespace, and says how to bring it back (`u`, this session)."""

    def __init__(self, name: str, namespace: str) -> None:
        super().__init__(
            "Delete endpoints?",
            f'Delete endpoints "{name}" in namespace "{namespace}"?\n'
            "u brings it back while this TUI stays open.",
            "Delete",
        )

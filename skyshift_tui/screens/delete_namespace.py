"""The namespace deletion confirmation. A namespace with sets goes only once its name has been
typed (as GitHub asks before deleting a repository): one `y` must never delete hundreds."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Static

from skyshift_tui.screens.confirm_delete import ConfirmScreen
from skyshift_tui.widgets.safe_text import safe_text


def _sets(count: int) -> str:
    return f"{count} endpoint set" + ("" if count == 1 else "s")


class DeleteNamespaceScreen(ConfirmScreen):
    """Says how many sets go with the namespace; with sets, confirming (which deletes them
    too, `--cascade`) needs the namespace's name typed exactly."""

    AUTO_FOCUS = "#confirm-name, #cancel"
    """The name to type when there is one (first in the dialog), else Cancel."""

    def __init__(self, name: str, count: int) -> None:
        self.namespace = name
        self.count = count
        if count:
            message = (
                f'Namespace "{name}" holds {_sets(count)}.\n'
                "Deleting it deletes the namespace and "
                f"{'the endpoint set' if count == 1 else f'all {_sets(count)}'} in it.\n"
                "u brings the sets back while this TUI stays open."
            )
            label = f"Delete namespace and {_sets(count)}"
        else:
            message = f'Delete the empty namespace "{name}"?\nThis cannot be undone.'
            label = "Delete namespace"
        super().__init__("Delete namespace?", message, label)
        if count:
            self.keys_hint = "type the name, then enter · escape cancel"

    @property
    def cascade(self) -> bool:
        """Whether confirming also deletes the sets in it."""
        return self.count > 0

    def compose_check(self) -> ComposeResult:
        if not self.cascade:
            return
        yield Static(safe_text(f"Type {self.namespace} to confirm:"), classes="dialog-prompt")
        yield Input(placeholder=self.namespace, id="confirm-name", select_on_focus=False)

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).disabled = self.cascade

    @property
    def name_matches(self) -> bool:
        """The typed name is the namespace's, exactly (trailing spaces are not forgiven)."""
        return not self.cascade or self.query_one("#confirm-name", Input).value == self.namespace

    @on(Input.Changed, "#confirm-name")
    def _typed(self) -> None:
        self.query_one("#confirm", Button).disabled = not self.name_matches

    @on(Input.Submitted, "#confirm-name")
    def _entered(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        """Delete only once the name matches; otherwise say what is missing."""
        if self.name_matches:
            super().action_confirm()
        else:
            self.notify(
                f'Type "{self.namespace}" exactly to delete it with its sets.',
                severity="warning",
                markup=False,
            )

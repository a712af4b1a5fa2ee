"""One row of a form: a label, its control, and the problem with what was typed under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    """`field` is the model's name for it (`EndpointsForm.errors()` keys), so errors find it."""

    def __init__(self, label: str, control: Widget, field: str, hint: str = "") -> None:
        super().__init__(classes="form-field")
        self.label = label
        self.control = control
        self.field = field
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(self.label, classes="form-label", markup=False)
            yield self.control
        yield Static(self.hint, classes="form-message -hint", markup=False)  # text is data

    def owns(self, widget: Widget) -> bool:
        """Whether `widget` is this field's input (a field may hold several)."""
        return widget is self.control

    def show_error(self, message: str | None) -> None:
        """Show `message` under the control (None: the hint, or nothing)."""
        note = self.query_one(".form-message", Static)
        note.update(message or self.hint)
        note.set_class(bool(message), "-error")
        note.set_class(not message, "-hint")
        note.display = bool(message or self.hint)
        self.control.set_class(bool(message), "-invalid")

    def on_mount(self) -> None:
        self.show_error(None)

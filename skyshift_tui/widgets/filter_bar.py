"""The filter bar: `/` opens it, typing filters the table, enter keeps the filter, escape clears."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from skyshift_tui.widgets.ordered_keys import hold_keys_until_left


class FilterInput(Input):
    """The filter's text field: `enter` holds the keys typed after it for the table at once,
    before the Submitted message has gone round."""

    async def action_submit(self) -> None:
        parent = self.parent
        if isinstance(parent, FilterBar):
            parent.hold_keys()
        await super().action_submit()


class FilterBar(Horizontal):
    """An input that reports each keystroke; hidden while no filter is set.

    | Key | Action |
    | --- | --- |
    | enter | back to the table, keeping the filter |
    | escape | clear the filter and go back to the table |
    """

    BINDINGS = [Binding("escape", "clear", "Clear filter")]

    class Changed(Message):
        """The filter text is now `text` (empty: no filter)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """The user is done typing; focus goes back to the table."""

    def compose(self) -> ComposeResult:
        yield Label("Filter", id="filter-label")
        yield FilterInput(placeholder="name, cluster or selector", id="filter-input")

    @property
    def text(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        """Show the bar and put the cursor in it."""
        self.display = True
        self.query_one(Input).focus()

    def set_text(self, text: str) -> None:
        """Filter by `text` (a command's argument), shown in the bar, the focus left where it is."""
        field = self.query_one(Input)
        field.value = text
        self.display = bool(text)

    def action_clear(self) -> None:
        """Empty the filter, hide the bar and hand focus back."""
        self.query_one(Input).value = ""
        self.display = False
        self.hold_keys()
        self.post_message(self.Done())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = bool(event.value)
        self.post_message(self.Done())

    def hold_keys(self) -> None:
        """Keys typed after enter or escape are for the table, not the filter."""
        hold_keys_until_left(self.query_one(Input))

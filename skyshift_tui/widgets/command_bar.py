"""The command prompt (`:`, as in k9s): one line at the top; `tab` completes, `up`/`down` walk
the session's commands, `enter` runs, `escape` leaves. What a line means is commands.py's."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label

from skyshift_tui.live.commands import History, complete, completions
from skyshift_tui.widgets.ordered_keys import hold_keys_until_left

Arguments = Callable[[], dict[str, Iterable[str]]]
"""What each command's argument may be right now (namespace names for `ns`...)."""


class CommandSuggester(Suggester):
    """The first completion, shown greyed after the cursor (`→` takes it, as `tab` does)."""

    def __init__(self, arguments: Arguments) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.arguments = arguments

    async def get_suggestion(self, value: str) -> str | None:
        options = completions(value, self.arguments() if " " in value else {})
        return options[0] if options else None


class CommandInput(Input):
    """The prompt's text field.

    | Key | Action |
    | --- | --- |
    | tab | complete the command (or the namespace / cluster name) |
    | up / down | the previous / next command of this session |
    | enter | run the command |
    | escape | leave command mode |
    """

    BINDINGS = [
        Binding("tab", "complete", "Complete", show=False, tooltip="Complete the command"),
        Binding("up", "history(-1)", "Previous", show=False, tooltip="The previous command"),
        Binding("down", "history(1)", "Next", show=False, tooltip="The next command"),
    ]

    def __init__(self, arguments: Arguments, history: History) -> None:
        super().__init__(
            placeholder="endpoints, ns [NAME], clusters [NAME], help, q  (tab completes)",
            suggester=CommandSuggester(arguments),
            select_on_focus=False,
            id="command-input",
        )
        self.arguments = arguments
        self.history = history

    def action_complete(self) -> None:
        self.value = complete(self.value, self.arguments() if " " in self.value else {})
        self.cursor_position = len(self.value)

    def action_history(self, step: int) -> None:
        line = self.history.older() if step < 0 else self.history.newer()
        if line is not None:
            self.value = line
            self.cursor_position = len(line)

    async def action_submit(self) -> None:
        hold_keys_until_left(self)  # the keys after enter are for the view it opens
        await super().action_submit()


class CommandBar(Horizontal):
    """The prompt, hidden until `:`; says `Run(line)` on enter and `Closed` on escape."""

    BINDINGS = [Binding("escape", "close", "Leave command mode")]

    class Run(Message):
        """Run this line (without the `:`)."""

        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    class Closed(Message):
        """The prompt closed without running anything."""

    def __init__(self, arguments: Arguments, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history = History()
        self.arguments = arguments

    def compose(self) -> ComposeResult:
        yield Label(":", id="command-label")
        yield CommandInput(self.arguments, self.history)

    @property
    def input(self) -> CommandInput:
        return self.query_one(CommandInput)

    @property
    def is_open(self) -> bool:
        return bool(self.display)

    def open(self) -> None:
        """Show the prompt, empty, with the cursor in it."""
        self.input.value = ""
        self.history.reset()
        self.display = True
        self.input.focus()

    def action_close(self) -> None:
        hold_keys_until_left(self.input)
        self.display = False
        self.post_message(self.Closed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.display = False
        line = event.value.strip()
        if line:
            self.history.add(line)
        self.post_message(self.Run(line))

"""What the two create forms share: live validation, and a submit that keeps the form open
until the store has accepted the object.

The write runs in a thread worker owned by the form (the caller hands in the store call), so a
refusal from the store, such as a name that already exists, comes back into the form beside
the field instead of as a notification after the form is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static, Switch
from textual.worker import Worker, WorkerState

from skyshift_tui.core.errors import AlreadyExistsError, SkyShiftError
from skyshift_tui.widgets.form_field import FormField

ResultT = TypeVar("ResultT")


class FormScreen(ModalScreen[ResultT | None], Generic[ResultT]):
    """A modal form. Subclasses compose FormFields and say how to validate and write.

    | Key | Action |
    | --- | --- |
    | tab / shift+tab | next / previous field |
    | ctrl+s | submit, from any field |
    | enter | submit, from a text field |
    | escape | cancel: nothing is written |
    """

    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    AUTO_FOCUS = ".form-row > *"
    """The first field's control: the first thing focused, so keys typed ahead wait for it
    (not for the scrolling dialog around it)."""

    heading = "Form"
    """The dialog's title."""
    submit_label = "Create"
    """The submit button's label."""
    keys_hint = "ctrl+s create · escape cancel"
    """The keys line under the buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set[str] = set()
        self.submitting = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.heading, classes="dialog-title", markup=False)
            yield from self.compose_fields()
            yield Static("", id="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.submit_label, id="submit", variant="primary")
            yield Label(self.keys_hint, classes="dialog-keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """The focus starts in the first field (AUTO_FOCUS): a name alone is often enough. (A
        deferred `focus()` here would pull it back from where keys typed ahead moved it.)"""
        self.show_form_error(None)

    def focus_first(self) -> None:
        """Where typing starts: the first field (for forms that reset themselves)."""
        next(iter(self.fields.values())).control.focus()

    # -- for subclasses ---------------------------------------------------------------------
    def compose_fields(self) -> ComposeResult:
        """The form's FormFields, in tab order."""
        raise NotImplementedError

    def problems(self) -> dict[str, str]:
        """Field -> what is wrong with it, by the shared model's rules."""
        raise NotImplementedError

    def writer(self) -> Callable[[], ResultT]:
        """The store write for the current (valid) values; runs in a worker thread."""
        raise NotImplementedError

    # -- validation -------------------------------------------------------------------------
    @property
    def fields(self) -> dict[str, FormField]:
        return {field.field: field for field in self.query(FormField)}

    def show_problems(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """Show each touched field's problem beside it, and a problem of no one field (a
        stored set's label, say) below them all; returns all problems."""
        problems = {**self.problems(), **(extra or {})}
        fields = self.fields
        for name, field in fields.items():
            field.show_error(problems.get(name) if name in self.touched else None)
        fieldless = [problem for name, problem in problems.items() if name not in fields]
        if fieldless:
            self.show_form_error("; ".join(fieldless))
        return problems

    @on(Input.Changed)
    @on(Switch.Changed)
    def _edited(self, event: Input.Changed | Switch.Changed) -> None:
        for name, field in self.fields.items():
            if field.owns(event.control):
                self.touched.add(name)
        self.show_form_error(None)
        self.show_problems()

    def show_form_error(self, message: str | None) -> None:
        """A problem that belongs to no one field (the store is locked, say)."""
        note = self.query_one("#form-error", Static)
        note.update(message or "")
        note.display = bool(message)
        if message:  # below the fields: off an 80x24 screen unless scrolled to
            self.call_after_refresh(note.scroll_visible, animate=False)

    # -- actions ----------------------------------------------------------------------------
    def action_submit(self) -> None:
        """Validate everything; write only when all is well, keep every value either way."""
        if self.submitting:
            return
        self.touched.update(self.fields)
        problems = self.show_problems()
        if problems:
            first = next((f for name, f in self.fields.items() if name in problems), None)
            if first is not None:
                first.control.focus()
            return
        self.submitting = True
        self.show_form_error(None)
        self._write(self.writer())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter_pressed(self) -> None:
        """`enter` in a text field submits, as people expect of a form."""
        self.action_submit()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- the write --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="form-write", exit_on_error=False)
    def _write(self, write: Callable[[], ResultT]) -> ResultT:
        return write()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Dismiss with the stored object on success; otherwise say why, in the form."""
        worker: Worker[Any] = event.worker
        if worker.group != "form-write" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        self.submitting = False
        if event.state == WorkerState.SUCCESS:
            self.dismiss(worker.result)
            return
        error = worker.error
        if isinstance(error, AlreadyExistsError):
            self.show_problems({"name": str(error)})
            self.fields["name"].control.focus()
        elif isinstance(error, SkyShiftError):
            self.show_form_error(str(error))
        else:
            self.show_form_error(f"unexpected error: {error!r}")

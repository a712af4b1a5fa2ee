"""The new-namespace form: one name, checked by the same rule as `skyctl create namespace`."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.models import Namespace, new_namespace
from skyshift_tui.screens.form import FormScreen
from skyshift_tui.store.base import Object
from skyshift_tui.widgets.form_field import FormField


class CreateNamespaceScreen(FormScreen[Object]):
    """Dismisses with the stored namespace; an existing name is shown in the form."""

    heading = "New namespace"

    def __init__(self, create: Callable[[Namespace], Object]) -> None:
        super().__init__()
        self.create = create

    def compose_fields(self) -> ComposeResult:
        yield FormField("Name", Input(id="name", placeholder="required"), "name")

    def problems(self) -> dict[str, str]:
        try:
            new_namespace(self.query_one("#name", Input).value)
        except InvalidInputError as error:
            return {"name": str(error)}
        return {}

    def writer(self) -> Callable[[], Object]:
        namespace = new_namespace(self.query_one("#name", Input).value)
        return lambda: self.create(namespace)

"""The create-endpoints form: `skyctl create endpoints` with its defaults, as a modal."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Switch

from skyshift_tui.core.defaults import DEFAULT_PRIMARY_CLUSTER
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import Endpoints
from skyshift_tui.screens.form import FormScreen
from skyshift_tui.store.base import CreateResult
from skyshift_tui.widgets.form_field import FormField


class CreateEndpointsScreen(FormScreen[CreateResult]):
    """Name, namespace, count, exposed, primary cluster and selector, starting from the CLI's
    defaults (0, not exposed, `auto`), so a name alone is enough.

    Dismisses with what the store created; the caller only announces it.
    """

    heading = "Create endpoints"

    def __init__(self, namespace: str, create: Callable[[Endpoints], CreateResult]) -> None:
        super().__init__()
        self.namespace = namespace
        self.create = create

    def compose_fields(self) -> ComposeResult:
        yield FormField("Name", Input(id="name", placeholder="required"), "name")
        yield FormField("Namespace", Input(self.namespace, id="namespace"), "namespace")
        yield FormField("Number of endpoints", Input("0", id="num_endpoints"), "num_endpoints")
        yield FormField("Exposed", Switch(False, id="exposed"), "exposed")
        yield FormField(
            "Primary cluster",
            Input(DEFAULT_PRIMARY_CLUSTER, id="primary_cluster"),
            "primary_cluster",
        )
        yield FormField(
            "Selector",
            Input(id="selector", placeholder="app=web,tier=frontend"),
            "selector",
            hint="KEY=VALUE pairs, comma-separated",
        )

    def form(self) -> EndpointsForm:
        """The typed values, as the CLI would receive them."""
        texts = ("name", "namespace", "num_endpoints", "primary_cluster", "selector")
        value = {name: self.query_one(f"#{name}", Input).value for name in texts}
        return EndpointsForm(
            name=value["name"],
            namespace=value["namespace"],
            num_endpoints=value["num_endpoints"],
            exposed=self.query_one("#exposed", Switch).value,
            primary_cluster=value["primary_cluster"],
            selector=value["selector"],
        )

    def problems(self) -> dict[str, str]:
        return self.form().errors()

    def writer(self) -> Callable[[], CreateResult]:
        endpoints = self.form().to_endpoints()
        return lambda: self.create(endpoints)

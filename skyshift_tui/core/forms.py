"""The fields a person types to create endpoints, checked without pydantic (~150 ms), so
`skyctl create` stays fast; the TUI form and `create` share it. The models (pydantic) are
imported only by `to_endpoints`: this module is below them, they never import it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE, DEFAULT_PRIMARY_CLUSTER
from skyshift_tui.core.documents import ValidDocument, validate_document
from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.rules import check_name, check_num_endpoints, parse_selector

if TYPE_CHECKING:
    from skyshift_tui.core.models import Endpoints


@dataclass
class EndpointsForm:
    """The fields a person types to create endpoints, as text, from the CLI or the TUI form.

    `validate()` maps each problem to the field that caused it, so a form can show the error
    beside that field while the CLI reports the first one.
    """

    name: str = ""
    namespace: str = DEFAULT_NAMESPACE
    num_endpoints: str | int = 0
    exposed: bool = False
    primary_cluster: str = DEFAULT_PRIMARY_CLUSTER
    selector: list[str] | str = field(default_factory=list)

    def errors(self) -> dict[str, str]:
        """Field name -> what is wrong with it; empty when the form is valid."""
        return self._build()[1]

    def to_document(self) -> ValidDocument:
        """The validated object as a plain dict (no pydantic), or InvalidInputError naming the
        first problem."""
        document, problems = self._build()
        if document is None:
            raise InvalidInputError(next(iter(problems.values())))
        return document

    def to_endpoints(self) -> Endpoints:
        """The validated object as the model, or InvalidInputError naming the first problem."""
        from skyshift_tui.core.models import Endpoints

        return Endpoints.model_validate(self.to_document())

    def _build(self) -> tuple[ValidDocument | None, dict[str, str]]:
        problems: dict[str, str] = {}
        checks: tuple[tuple[str, Callable[[], object]], ...] = (
            ("name", lambda: check_name(self.name.strip(" "))),
            ("namespace", lambda: check_name(self.namespace.strip(" "), "namespace")),
            (
                "primary_cluster",
                lambda: check_name(self.primary_cluster.strip(" "), "primary cluster"),
            ),
        )
        for field_name, check in checks:
            try:
                check()
            except ValueError as error:
                problems[field_name] = str(error)
        count = 0
        try:
            count = _parse_count(self.num_endpoints)
        except ValueError as error:
            problems["num_endpoints"] = str(error)
        selector: dict[str, str] = {}
        try:
            selector = parse_selector(self.selector)
        except ValueError as error:
            problems["selector"] = str(error)
        if problems:
            return None, problems
        cluster = self.primary_cluster.strip(" ")
        endpoints = {
            "kind": "Endpoints",
            "metadata": {"name": self.name.strip(" "), "namespace": self.namespace.strip(" ")},
            "spec": {
                "selector": selector,
                "endpoints": {
                    cluster: {"num_endpoints": count, "exposed_to_cluster": self.exposed}
                },
                "primary_cluster": cluster,
            },
        }
        return validate_document(endpoints), {}


def _parse_count(value: str | int) -> int:
    if isinstance(value, int):
        count = value
    else:
        text = value.strip(" ")
        if not text:
            return 0
        try:
            count = int(text)
        except ValueError:
            raise ValueError(f"number of endpoints must be a whole number (got {text!r})") from None
    return check_num_endpoints(count)

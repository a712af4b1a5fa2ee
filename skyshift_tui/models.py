"""The SkyShift object model: Endpoints and Namespace, validated by pydantic v2.

Every model checks its fields with the rules of `rules.py` (names, counts, label selectors), so
`skyctl create`, `skyctl apply` and the TUI forms accept and refuse exactly the same input. The
shape matches SkyShift's own (`kind`, `metadata`, `spec`, `status`), so what we store and print
is interchangeable with it.

Importing pydantic costs ~150 ms, so only write paths import this module; reads work on the
plain dicts the store returns (validated when they were written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from skyshift_tui.defaults import DEFAULT_NAMESPACE, DEFAULT_PRIMARY_CLUSTER
from skyshift_tui.errors import InvalidInputError

# The rules live in rules.py, which imports no pydantic, so fast paths (`get -l`) check exactly
# what the models check without paying ~150 ms; callers may import them from here as before.
from skyshift_tui.rules import (  # noqa: F401
    NAME_MAX_LENGTH,
    NAME_RULE,
    check_label_key,
    check_label_value,
    check_labels,
    check_name,
    format_selector,
    parse_count,
    parse_selector,
)


class _Model(BaseModel):
    """Unknown fields are refused: a typo in an applied file must not vanish silently."""

    model_config = ConfigDict(extra="forbid")


class _MetaRules(_Model):
    """Validators shared by both metadata shapes."""

    @field_validator("name", check_fields=False)
    @classmethod
    def _valid_name(cls, value: str) -> str:
        return check_name(value)

    @field_validator("namespace", check_fields=False)
    @classmethod
    def _valid_namespace(cls, value: str) -> str:
        return check_name(value, "namespace")

    @field_validator("labels", check_fields=False)
    @classmethod
    def _valid_labels(cls, value: dict[str, str]) -> dict[str, str]:
        return check_labels(value)


class ObjectMeta(_MetaRules):
    """Metadata every object has; timestamps and versions are the store's to set."""

    name: str
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    creation_timestamp: str | None = None
    resource_version: int | None = None


class NamespacedObjectMeta(_MetaRules):
    """Metadata of an object that lives in a namespace (fields in SkyShift's order)."""

    name: str
    namespace: str = DEFAULT_NAMESPACE
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    creation_timestamp: str | None = None
    resource_version: int | None = None


class EndpointObject(_Model):
    """The endpoints one cluster holds."""

    num_endpoints: Annotated[int, Field(strict=False)] = 0
    exposed_to_cluster: bool = False

    @field_validator("num_endpoints")
    @classmethod
    def _non_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError(f"number of endpoints must be non-negative (got {value})")
        return value


class EndpointsSpec(_Model):
    """What the endpoints target (selector) and where they live (cluster -> endpoints)."""

    selector: dict[str, str] = Field(default_factory=dict)
    endpoints: dict[str, EndpointObject] = Field(default_factory=dict)
    primary_cluster: str = DEFAULT_PRIMARY_CLUSTER

    @field_validator("selector")
    @classmethod
    def _valid_selector(cls, value: dict[str, str]) -> dict[str, str]:
        return check_labels(value)

    @field_validator("primary_cluster")
    @classmethod
    def _valid_primary_cluster(cls, value: str) -> str:
        return check_name(value, "primary cluster")

    @field_validator("endpoints")
    @classmethod
    def _valid_cluster_names(cls, value: dict[str, EndpointObject]) -> dict[str, EndpointObject]:
        for cluster in value:
            check_name(cluster, "cluster name")
        return value


class EndpointsStatus(_Model):
    """Conditions reported by controllers; empty until one reports."""

    conditions: list[dict[str, Any]] = Field(default_factory=list)


class Endpoints(_Model):
    """A named set of endpoints in a namespace."""

    kind: Literal["Endpoints"] = "Endpoints"
    metadata: NamespacedObjectMeta
    spec: EndpointsSpec = Field(default_factory=EndpointsSpec)
    status: EndpointsStatus = Field(default_factory=EndpointsStatus)


class NamespaceStatus(_Model):
    """A namespace is ACTIVE while it exists."""

    status: str = "ACTIVE"


class Namespace(_Model):
    """A namespace groups endpoints; `default` always exists."""

    kind: Literal["Namespace"] = "Namespace"
    metadata: ObjectMeta
    status: NamespaceStatus = Field(default_factory=NamespaceStatus)


SkyObject = Endpoints | Namespace
KINDS: dict[str, type[Endpoints] | type[Namespace]] = {
    "Endpoints": Endpoints,
    "Namespace": Namespace,
}


def describe_validation_error(error: ValidationError) -> str:
    """The first problem of a pydantic error as one line a user can act on."""
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "is not a known field; remove it"
    elif first["type"] == "missing":
        message = "is required"
    if location and not message.startswith(("name ", "namespace ", "selector", "number ")):
        return f"{location}: {message}"
    return message


def parse_object(data: Any) -> SkyObject:
    """Validate one dict of any known kind (as `apply -f` reads it) into its model."""
    if not isinstance(data, dict):
        raise InvalidInputError(f"expected an object (a mapping), got {type(data).__name__}")
    kind = data.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        known = ", ".join(KINDS)
        raise InvalidInputError(f"kind {kind!r} is not supported; use one of: {known}")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(describe_validation_error(error)) from None


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

    def to_endpoints(self) -> Endpoints:
        """The validated object, or InvalidInputError naming the first problem."""
        endpoints, problems = self._build()
        if endpoints is None:
            raise InvalidInputError(next(iter(problems.values())))
        return endpoints

    def _build(self) -> tuple[Endpoints | None, dict[str, str]]:
        problems: dict[str, str] = {}
        checks = (
            ("name", lambda: check_name(self.name.strip())),
            ("namespace", lambda: check_name(self.namespace.strip(), "namespace")),
            (
                "primary_cluster",
                lambda: check_name(self.primary_cluster.strip(), "primary cluster"),
            ),
        )
        for field_name, check in checks:
            try:
                check()
            except ValueError as error:
                problems[field_name] = str(error)
        count = 0
        try:
            count = parse_count(self.num_endpoints)
        except ValueError as error:
            problems["num_endpoints"] = str(error)
        selector: dict[str, str] = {}
        try:
            selector = parse_selector(self.selector)
        except ValueError as error:
            problems["selector"] = str(error)
        if problems:
            return None, problems
        cluster = self.primary_cluster.strip()
        endpoints = Endpoints(
            metadata=NamespacedObjectMeta(name=self.name.strip(), namespace=self.namespace.strip()),
            spec=EndpointsSpec(
                selector=selector,
                endpoints={
                    cluster: EndpointObject(num_endpoints=count, exposed_to_cluster=self.exposed)
                },
                primary_cluster=cluster,
            ),
        )
        return endpoints, {}


def new_namespace(name: str) -> Namespace:
    """A Namespace object for `name`, or InvalidInputError saying what is wrong with it."""
    try:
        return Namespace(metadata=ObjectMeta(name=check_name(name.strip(), "namespace")))
    except ValueError as error:
        raise InvalidInputError(str(error)) from None

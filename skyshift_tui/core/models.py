"""The SkyShift object model: Endpoints and Namespace, validated by pydantic v2.

One place holds every rule (names, counts, label selectors) so that `skyctl create`, `skyctl apply`
and the TUI forms accept and refuse exactly the same input. The shape matches SkyShift's own
(`kind`, `metadata`, `spec`, `status`), so what we store and print is interchangeable with it.

Importing pydantic costs ~150 ms, so only write paths import this module; reads work on the
plain dicts the store returns (validated when they were written).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE, DEFAULT_PRIMARY_CLUSTER
from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.rules import (
    MAX_CONDITIONS,
    MAX_OBJECT_BYTES,
    NAME_MAX_LENGTH,
    NAME_RULE,
    TreeLimitError,
    check_annotations,
    check_label_key,
    check_label_value,
    check_labels,
    check_name,
    check_num_endpoints,
    check_tree,
    format_selector,
    parse_selector,
)
from skyshift_tui.core.terminal_text import shown

__all__ = [  # the rules live in rules.py (no pydantic); importable here
    "NAME_MAX_LENGTH",
    "NAME_RULE",
    "check_label_key",
    "check_label_value",
    "check_name",
    "format_selector",
    "parse_selector",
]


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
        return check_labels(value, "label")

    @field_validator("annotations", check_fields=False)
    @classmethod
    def _valid_annotations(cls, value: dict[str, str]) -> dict[str, str]:
        return check_annotations(value)


class ObjectMeta(_MetaRules):
    """Metadata every object has; timestamps and versions are the store's to set."""

    name: str
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    creation_timestamp: str | None = None
    resource_version: StrictInt | None = None


class NamespacedObjectMeta(_MetaRules):
    """Metadata of an object that lives in a namespace (fields in SkyShift's order)."""

    name: str
    namespace: str = DEFAULT_NAMESPACE
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    creation_timestamp: str | None = None
    resource_version: StrictInt | None = None


class EndpointObject(_Model):
    """The endpoints one cluster holds. Strict types, as kubectl's strict decoding: `"3"` or
    `3.0` for a count, `"yes"` for a flag, is a mistake to name, not to guess at."""

    num_endpoints: StrictInt = 0
    exposed_to_cluster: StrictBool = False

    @field_validator("num_endpoints")
    @classmethod
    def _valid_count(cls, value: int) -> int:
        return check_num_endpoints(value)


class EndpointsSpec(_Model):
    """What the endpoints target (selector) and where they live (cluster -> endpoints)."""

    selector: dict[str, str] = Field(default_factory=dict)
    endpoints: dict[str, EndpointObject] = Field(default_factory=dict)
    primary_cluster: str | None = DEFAULT_PRIMARY_CLUSTER
    """None in objects made through SkyShift's REST API without one."""

    @field_validator("selector")
    @classmethod
    def _valid_selector(cls, value: dict[str, str]) -> dict[str, str]:
        return check_labels(value)

    @field_validator("primary_cluster")
    @classmethod
    def _valid_primary_cluster(cls, value: str | None) -> str | None:
        return None if value is None else check_name(value, "primary cluster")

    @field_validator("endpoints")
    @classmethod
    def _valid_cluster_names(cls, value: dict[str, EndpointObject]) -> dict[str, EndpointObject]:
        for cluster in value:
            check_name(cluster, "cluster name")
        return value


class EndpointsStatus(_Model):
    """Conditions reported by controllers; empty until one reports."""

    conditions: list[dict[str, Any]] = Field(default_factory=list)

    @field_validator("conditions")
    @classmethod
    def _bounded(cls, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > MAX_CONDITIONS:
            raise ValueError(
                f"there are {len(value)} conditions; at most {MAX_CONDITIONS} are allowed"
            )
        try:  # depth, 64-bit integers, JSON values only: what the store writes back exactly
            check_tree(value, json_only=True)
        except TreeLimitError as error:
            raise ValueError(f"conditions{error}") from None
        return value


class _SizeBound(_Model):
    """An object of a kind (Endpoints, Namespace): at most MAX_OBJECT_BYTES as JSON, so one
    object cannot swamp the store, and refused in our words, never pydantic's.

    Every way to build one (`Endpoints(...)`, `model_validate`) raises InvalidInputError
    (describe_validation_error's one line), never a ValidationError: its text, with its
    errors.pydantic.dev link, is not for people, and a stored set that breaks a rule (written
    by SkyShift's API server or by hand) reaches the TUI's keys, whose every notification
    says `str(error)`. The parts (metadata, spec) are built only inside an object.
    """

    @model_validator(mode="wrap")
    @classmethod
    def _worded(cls, data: Any, handler: ModelWrapValidatorHandler[_SizeBound]) -> _SizeBound:
        """The object's validation, its size checked last (here: an `after` validator runs
        outside this one, so its refusal would come out as pydantic's)."""
        try:
            built = handler(data)
        except ValidationError as error:
            raise InvalidInputError(describe_validation_error(error)) from None
        built._bounded_size()
        return built

    def _bounded_size(self) -> None:
        if self._surely_small():
            return  # serialising every object to measure it doubled apply's validation
        size = len(self.model_dump_json())
        if size > MAX_OBJECT_BYTES:
            raise InvalidInputError(
                f"the object is {size} bytes as JSON; at most {MAX_OBJECT_BYTES} (1 MiB) "
                "are allowed"
            )

    def _surely_small(self) -> bool:
        """Names are 63 characters and label pairs ~400 bytes at most, so an object with no
        free-form text and few entries is far below the limit without measuring it."""
        meta = getattr(self, "metadata", None)
        spec = getattr(self, "spec", None)
        status = getattr(self, "status", None)
        if meta is None or meta.annotations or getattr(status, "conditions", None):
            return False
        if isinstance(status, NamespaceStatus) and len(status.status) > 1024:
            return False
        entries = len(meta.labels)
        if isinstance(spec, EndpointsSpec):
            entries += len(spec.selector) + len(spec.endpoints)
        return entries <= 64


class Endpoints(_SizeBound):
    """A named set of endpoints in a namespace."""

    kind: Literal["Endpoints"] = "Endpoints"
    metadata: NamespacedObjectMeta
    spec: EndpointsSpec = Field(default_factory=EndpointsSpec)
    status: EndpointsStatus = Field(default_factory=EndpointsStatus)


class NamespaceStatus(_Model):
    """A namespace is ACTIVE while it exists (SkyShift: DELETING while it goes)."""

    conditions: list[dict[str, Any]] = Field(default_factory=list)
    status: str = "ACTIVE"


class Namespace(_SizeBound):
    """A namespace groups endpoints; `default` always exists."""

    kind: Literal["Namespace"] = "Namespace"
    metadata: ObjectMeta
    spec: dict[str, Any] = Field(default_factory=dict)
    """Empty: SkyShift's namespaces carry `spec: {}`, so theirs load as they are."""
    status: NamespaceStatus = Field(default_factory=NamespaceStatus)


SkyObject = Endpoints | Namespace
KINDS: dict[str, type[Endpoints] | type[Namespace]] = {
    "Endpoints": Endpoints,
    "Namespace": Namespace,
}


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "literal_error": "the kind's name",
}
"""What a field must be, by pydantic's error type: said in our words, not its `Input should
be a valid ...`."""


def _json_type(value: Any) -> str:
    names = {str: "text", bool: "a boolean", int: "a number", float: "a number"}
    names.update({dict: "a mapping", list: "a list", type(None): "null"})
    return names.get(type(value), type(value).__name__)


def _given(value: Any) -> str:
    """What was given instead: a scalar as written (`"3"`, `3.0`: nothing is converted, so the
    user sees which), escaped and cut; a mapping or list by its type alone."""
    if isinstance(value, (str, int, float, bool)):
        return f"{shown(json.dumps(value), 60)} ({_json_type(value)})"
    return _json_type(value)


def describe_validation_error(error: ValidationError) -> str:
    """The first problem of a pydantic error as one line a user can act on. Stored keys in
    the field's path are data: escaped and cut (no control character, no 1 MiB key)."""
    first = error.errors()[0]
    location = ".".join(shown(str(part), 80) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "is not a known field; remove it"
    elif first["type"] == "missing":
        message = "is required"
    elif first["type"] in _EXPECTED:
        message = f"must be {_EXPECTED[first['type']]}, not {_given(first['input'])}"
    named = ("name ", "namespace ", "selector", "number ", "label ", "annotation", "cluster ")
    if location and not message.startswith((*named, "primary cluster ")):
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
    return model.model_validate(data)  # InvalidInputError in our words (_SizeBound)


def new_namespace(name: str) -> Namespace:
    """A Namespace object for `name`, or InvalidInputError saying what is wrong with it."""
    try:
        return Namespace(metadata=ObjectMeta(name=check_name(name.strip(" "), "namespace")))
    except ValueError as error:
        raise InvalidInputError(str(error)) from None

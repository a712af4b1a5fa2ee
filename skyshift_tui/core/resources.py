"""The types of object and the words that name them (`endpoints`, `edp`, `ns`...), as kubectl
resolves them: shared by the CLI's verbs and the services that change objects."""

from __future__ import annotations

from typing import NamedTuple


class Resource(NamedTuple):
    """A type of object as the command line names it (a NamedTuple: a frozen dataclass costs
    ~0.7 ms to define, on every command)."""

    name: str
    """The canonical (plural) command name: `endpoints`, `namespaces`."""
    kind: str
    """The object's `kind` field: `Endpoints`, `Namespace`."""
    prefix: str
    """What stands before the slash in `endpoints/NAME`, `namespace/NAME` (kubectl's form)."""
    aliases: tuple[str, ...]

    @property
    def list_kind(self) -> str:
        """`EndpointsList`, `NamespaceList`: the wrapper of several objects in JSON and YAML."""
        return f"{self.kind}List"

    def ref(self, name: str) -> str:
        """`endpoints/NAME`, as `-o name` and the `created`/`deleted` lines print it."""
        return f"{self.prefix}/{name}"


ENDPOINTS = Resource("endpoints", "Endpoints", "endpoints", ("endpoint", "edp", "edps"))
NAMESPACES = Resource("namespaces", "Namespace", "namespace", ("namespace", "ns"))
RESOURCES = (ENDPOINTS, NAMESPACES)
BY_KIND = {resource.kind: resource for resource in RESOURCES}
_BY_WORD = {word: r for r in RESOURCES for word in (r.name, *r.aliases)}


def resolve(word: str) -> Resource | None:
    """The resource a word names (case-insensitive, like kubectl), or None."""
    return _BY_WORD.get(word.lower())


def known_types() -> str:
    """`endpoints (endpoint, edp, edps), namespaces (namespace, ns)` for error messages."""
    return ", ".join(f"{r.name} ({', '.join(r.aliases)})" for r in RESOURCES)

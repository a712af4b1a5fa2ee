"""Resource types and their aliases (`endpoints`, `edp`, `ns`...), resolved the kubectl way.

Each verb (`create`, `get`, `delete`) is a click group whose subcommands are resource types;
`ResourceGroup` lets any alias reach the one command, and turns an unknown type into a usage
error that lists the known ones instead of click's generic "No such command".
"""

from __future__ import annotations

from typing import NamedTuple

import click

from skyshift_tui.cli.lazy import LazyGroup


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


class ResourceGroup(LazyGroup):
    """A verb whose subcommands are resource types, reachable by any of their aliases."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        resource = resolve(cmd_name)
        return super().get_command(ctx, resource.name if resource else cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        word = args[0]
        if resolve(word) is None and not ctx.resilient_parsing and not word.startswith("-"):
            raise click.UsageError(
                f'unknown resource type "{word}"; use one of: {known_types()}', ctx
            )
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            raise click.UsageError(
                f"name a resource type: {known_types()}; e.g. 'skyctl {ctx.info_name} endpoints'",
                ctx,
            )
        return super().parse_args(ctx, args)

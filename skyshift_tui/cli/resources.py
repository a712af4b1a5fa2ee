"""Each verb (`create`, `get`, `delete`) is a click group whose subcommands are resource types;
`ResourceGroup` lets any alias reach the one command, and turns an unknown type into a usage
error that lists the known ones instead of click's generic "No such command".
"""

from __future__ import annotations

import click

from skyshift_tui.cli.lazy import LazyGroup
from skyshift_tui.core.resources import known_types, resolve


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

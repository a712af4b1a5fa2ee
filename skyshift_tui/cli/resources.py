"""Each verb (`create`, `get`, `delete`) is a click group whose subcommands are resource types;
`ResourceGroup` lets any alias reach the one command, and turns an unknown type into a usage
error that lists the known ones instead of click's generic "No such command".

It is also the one parser of resource arguments in kubectl's grammar (`arrange`): the type may
follow options (`get -n prod edp`), and objects may be named `TYPE/NAME` (`endpoints/web`,
`edp/web`, `namespace/prod`, as `-o name` prints them), several at once, of several types.
"""

from __future__ import annotations

import click

from skyshift_tui.cli.lazy import LazyGroup
from skyshift_tui.core.resources import Resource, known_types, resolve


def split_ref(word: str) -> tuple[Resource, str] | None:
    """`endpoints/web` as (ENDPOINTS, "web"); None for a word that is no TYPE/NAME (a label
    change `example.com/team=web` has an `=`; `other/x` names no type)."""
    kind, slash, name = word.partition("/")
    if not slash or "=" in word:
        return None
    resource = resolve(kind)
    if resource is None:
        return None
    if not name:
        raise click.UsageError(
            f"'{word}' names no object; write TYPE/NAME, e.g. {resource.ref('web')}"
        )
    return resource, name


def _positionals(args: list[str], takes_value: set[str]) -> list[int]:
    """The indices of the words in `args` that are no option nor an option's value."""
    found: list[int] = []
    index = 0
    while index < len(args):
        word = args[index]
        if word == "--":
            return found + list(range(index + 1, len(args)))
        if word.startswith("-") and word != "-":
            if word in takes_value:
                index += 1  # `-n prod`: the next word is the option's
        else:
            found.append(index)
        index += 1
    return found


def arrange(args: list[str], takes_value: set[str]) -> list[list[str]]:
    """kubectl's resource arguments as our commands take them: one argument list per type,
    each starting with the type's word, every option kept in place.

    `-n prod edp web` -> `edp -n prod web`; `-n prod endpoints/a endpoints/b` ->
    `endpoints -n prod a b`; `endpoints/web namespace/prod -o name` -> `endpoints web -o name`
    then `namespaces prod -o name`. Only the leading positional words are read as TYPE/NAME,
    so `label endpoints/web example.com/team-` keeps its label change. `takes_value`: the
    options whose value is the next word.
    """
    positions = _positionals(args, takes_value)
    if not positions:
        return [args]  # `get -o yaml` alone: the verb asks for a type
    first = positions[0]
    refs: dict[int, tuple[Resource, str]] = {}
    for index in positions:
        ref = split_ref(args[index])
        if ref is None:
            break
        refs[index] = ref
    if not refs:  # a type word (or an unknown one, which the verb reports) after options
        return [[args[first], *args[:first], *args[first + 1 :]]]
    order = dict.fromkeys(resource for resource, _ in refs.values())
    return [
        [
            resource.name,
            *(
                word if index not in refs else refs[index][1]
                for index, word in enumerate(args)
                if index not in refs or refs[index][0] is resource
            ),
        ]
        for resource in order
    ]


class ResourceGroup(LazyGroup):
    """A verb whose subcommands are resource types, reachable by any of their aliases, in
    kubectl's grammar (`arrange`): with several types, each one's command runs in turn."""

    _MORE = "skyctl.more_types"

    def value_options(self, ctx: click.Context) -> set[str]:
        """The options of this verb's commands that take a value (`-n`, `-o`, `--store`...).
        Imports every type's command: only for arguments that do not start with the type."""
        found: set[str] = set()
        for kind in self.lazy:
            command = self.get_command(ctx, kind)
            for param in command.get_params(ctx) if command else ():
                if isinstance(param, click.Option) and not param.is_flag and not param.count:
                    found.update(param.opts)
        return found

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        resource = resolve(cmd_name)
        return super().get_command(ctx, resource.name if resource else cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        word = args[0]
        resource = resolve(word)
        if resource is None and not ctx.resilient_parsing and not word.startswith("-"):
            raise click.UsageError(
                f'unknown resource type "{word}"; use one of: {known_types()}', ctx
            )
        if resource is not None and resource.name not in self.lazy:
            raise click.UsageError(
                f"'{ctx.info_name}' does not apply to {resource.name}; "
                f"it takes: {', '.join(self.lazy)}",
                ctx,
            )
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            raise click.UsageError(
                f"name a resource type: {known_types()}; e.g. 'skyctl {ctx.info_name} endpoints'",
                ctx,
            )
        if args and resolve(args[0]) is None and args[0] not in ("-h", "--help"):
            try:
                first, *more = arrange(args, self.value_options(ctx))
            except click.UsageError as error:
                error.ctx = ctx
                raise
            args = first
            ctx.meta[self._MORE] = more
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """The command of each type named, in the order first named (`get endpoints/a
        namespace/b`); the first failure stops the rest."""
        more: list[list[str]] = ctx.meta.pop(self._MORE, [])
        result = super().invoke(ctx)
        for args in more:
            name, command, rest = self.resolve_command(ctx, args)
            assert command is not None
            with command.make_context(name, rest, parent=ctx) as sub_ctx:
                result = sub_ctx.command.invoke(sub_ctx)
        return result

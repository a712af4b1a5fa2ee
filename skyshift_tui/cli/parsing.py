"""click's command, with its option parser taking a short option (`-n`, `-A`) the short way.

click tries every option as a long one first (so `-foo` can be a long option) and, when that
fails, builds a NoSuchOption error with "did you mean" suggestions before trying it as a short
one: that imports difflib (~3 ms) on every `get -A` or `create -n NS`. Our commands have no
single-dash long options, so an exact short option is taken as one at once; anything else
(`-Ao`, `-nvalue`, an unknown option) goes through click's own path, errors included.

Every command also takes the global options (`--store`, `--etcd-*`, `-n`) wherever they stand,
as kubectl does: `skyctl -n prod get edp` and `skyctl get edp --store X` both work.
"""

from __future__ import annotations

import click
from click.core import ParameterSource
from click.parser import _OptionParser, _ParsingState

from skyshift_tui.cli.context import CliState, global_options


class _ShortOptionsFirst(_OptionParser):
    def _process_opts(self, arg: str, state: _ParsingState) -> None:
        if arg in self._short_opt:
            self._match_short_opt(arg, state)
            return
        super()._process_opts(arg, state)


class Command(click.Command):
    """A click command parsed by `_ShortOptionsFirst` (pass as `cls=` to `click.command`),
    taking the global options too."""

    cluster_scoped = False
    """A command on namespaces, which live in no namespace: `-n` is accepted and ignored there
    (as kubectl does); elsewhere a command without `-n` refuses it."""

    _globals: list[click.Parameter] | None = None

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        # Added here, not in __init__: an option decorator may add `-n` to a built command.
        if self._globals is None:
            taken = {opt for param in self.params for opt in getattr(param, "opts", ())}
            self._globals = [
                opt for opt in global_options(on_command=True) if not taken & {*opt.opts}
            ]
        return [*super().get_params(ctx), *self._globals]

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        state = ctx.find_object(CliState)
        namespace = state.namespace if state else None
        if namespace is None:
            return rest
        own = any(param.name == "namespace" and param.expose_value for param in self.params)
        if own and ctx.get_parameter_source("namespace") in (ParameterSource.DEFAULT, None):
            ctx.params["namespace"] = namespace  # `skyctl -n prod get edp`
        elif not own and not self.cluster_scoped and not ctx.resilient_parsing:
            raise click.UsageError(
                f"-n/--namespace does not apply to '{ctx.command_path}'; drop it", ctx
            )
        return rest

    def make_parser(self, ctx: click.Context) -> _OptionParser:
        parser = _ShortOptionsFirst(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser


class ClusterScopedCommand(Command):
    """A command on namespaces: a global `-n` is accepted and ignored."""

    cluster_scoped = True

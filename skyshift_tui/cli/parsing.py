"""click's command, with its option parser taking a short option (`-n`, `-A`) the short way.

click tries every option as a long one first (so `-foo` can be a long option) and, when that
fails, builds a NoSuchOption error with "did you mean" suggestions before trying it as a short
one: that imports difflib (~3 ms) on every `get -A` or `create -n NS`. Our commands have no
single-dash long options, so an exact short option is taken as one at once; anything else
(`-Ao`, `-nvalue`, an unknown option) goes through click's own path, errors included.
"""

from __future__ import annotations

import click
from click.parser import _OptionParser, _ParsingState


class _ShortOptionsFirst(_OptionParser):
    def _process_opts(self, arg: str, state: _ParsingState) -> None:
        if arg in self._short_opt:
            self._match_short_opt(arg, state)
            return
        super()._process_opts(arg, state)


class Command(click.Command):
    """A click command parsed by `_ShortOptionsFirst` (pass as `cls=` to `click.command`)."""

    def make_parser(self, ctx: click.Context) -> _OptionParser:
        parser = _ShortOptionsFirst(ctx)
        for param in self.get_params(ctx):
            param.add_to_parser(parser, ctx)
        return parser

"""`edit endpoints NAME`: change a set in $VISUAL / $EDITOR (else vi), as `kubectl edit` does.

The loop itself is `services/edit_loop.py`, shared with the TUI's `E`; this command reports its
result the CLI's way: `endpoints/NAME edited` on stdout, a cancel on stderr (exit 0), a failure
as one `error:` line (exit 1; 2 when the editor cannot start), after what changed meanwhile if
that was the cause. Without a terminal (a script) an invalid edit fails at once, its file kept.
"""

from __future__ import annotations

import sys

import click

from skyshift_tui.cli.context import complete_endpoints, namespace_option, open_cli_store
from skyshift_tui.cli.output import emit, note
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.resources import ENDPOINTS
from skyshift_tui.services.changes import read_object


@click.command("endpoints", cls=Command)
@click.argument("name", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")
@click.pass_context
def edit_endpoints(ctx: click.Context, name: str, namespace: str) -> None:
    """Edit the set NAME in $VISUAL or $EDITOR (else vi), then save it with a version check.

    \b
    Example:
      EDITOR=nano skyctl edit endpoints web -n prod
    """
    from skyshift_tui.services.edit_loop import EditFailed, edit_loop

    store = open_cli_store(ctx)
    current = read_object(store, ENDPOINTS, name, namespace)
    try:
        done = edit_loop(store, current, interactive=sys.stdin.isatty())
    except EditFailed as failed:
        for line in failed.details:
            note(line)
        raise
    if done.object is None:
        note(done.message)
    else:
        emit(done.message)

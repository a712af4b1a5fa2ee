"""`history endpoints NAME` lists a set's revisions (REVISION, AGE, CHANGE), `rollback endpoints
NAME --to-revision REV` writes one back: the CLI's face of `services/history.py`, as the TUI's
`h` is the other. `--deleted` reaches a set deleted since, so it can be brought back.
"""

from __future__ import annotations

import click

from skyshift_tui.cli.context import (
    complete_endpoints,
    dry_run_option,
    namespace_option,
    open_cli_store,
)
from skyshift_tui.cli.output import emit, note
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.services.history import (
    HISTORY_COLUMNS,
    history_document,
    history_rows,
    read_history,
    restore,
)


@click.command("endpoints", cls=Command)
@click.argument("name", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")
@click.option(
    "-o",
    "--output",
    type=click.Choice(["table", "json", "yaml"]),
    default="table",
    show_default=True,
    help="A table of REVISION, AGE and CHANGE, or every revision's object as json or yaml.",
)
@click.option(
    "--deleted", is_flag=True, help="Also a set deleted now: its revisions up to its deletion."
)
@click.pass_context
def history_endpoints(
    ctx: click.Context, name: str, namespace: str, output: str, deleted: bool
) -> None:
    """List the revisions of the set NAME, newest first, with what each one changed.

    The file store keeps the last 20 revisions of each set (and of the last 1,000 sets
    deleted); etcd keeps every revision until it is compacted.

    \b
    Examples:
      skyctl history endpoints web -n prod
      skyctl history endpoints/web -n prod -o yaml
      skyctl history endpoints web --deleted        # a set deleted by mistake
      skyctl rollback endpoints web --to-revision 12
    """
    history = read_history(open_cli_store(ctx), namespace, name, deleted)
    if output != "table":
        from skyshift_tui.render.formatting import to_json, to_yaml

        document = history_document(history)
        emit(to_json(document) if output == "json" else to_yaml(document))
        return
    from skyshift_tui.render.formatting import render_table

    emit(render_table(HISTORY_COLUMNS, [row.cells() for row in history_rows(history)]))
    if history.missing:
        note(f"note: {history.missing}")


@click.command("endpoints", cls=Command)
@click.argument("name", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")
@click.option(
    "--to-revision",
    "revision",
    type=click.IntRange(min=1),
    required=True,
    metavar="REV",
    help="The revision to go back to (`skyctl history endpoints NAME` lists them).",
)
@dry_run_option
@click.pass_context
def rollback_endpoints(
    ctx: click.Context, name: str, namespace: str, revision: int, dry_run: bool
) -> None:
    """Write revision REV of the set NAME back: its spec, labels and annotations.

    The write is checked against the set as the history read it, so a change made in between
    is refused, never overwritten. A deleted set is created again, if its name is still free.

    \b
    Examples:
      skyctl rollback endpoints web --to-revision 12 -n prod
      skyctl rollback endpoints/web --to-revision 12 --dry-run
    """
    store = open_cli_store(ctx)
    history = read_history(store, namespace, name, deleted=True)
    done = restore(store, history, revision, dry_run)
    emit(done.message)

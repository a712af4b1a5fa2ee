"""`skyctl tui`: opens the Textual app, the one command that imports Textual (~330 ms)."""

from __future__ import annotations

import gc

import click

from skyshift_tui.cli.context import CliState, complete_namespaces, open_cli_store
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.errors import SkyShiftError


@click.command("tui", cls=Command)
@click.option(
    "--store",
    "store_path",
    metavar="PATH|URL",
    help="Store file or etcd:// URL (the same as the global --store).",
)
@click.option(
    "-n",
    "--namespace",
    metavar="NAMESPACE",
    shell_complete=complete_namespaces,
    help="Namespace to show first.",
)
@click.option(
    "--readonly",
    is_flag=True,
    help="Hide and refuse every write: watch a shared store safely.",
)
@click.pass_context
def tui(ctx: click.Context, store_path: str | None, namespace: str | None, readonly: bool) -> None:
    """Open the interactive terminal UI on the store."""
    if store_path:
        ctx.ensure_object(CliState).store_path = store_path
    store = open_cli_store(ctx, warn=False)
    try:
        from skyshift_tui.tui.app import run_tui
    except ImportError as error:
        raise SkyShiftError(f"the TUI is not available in this installation ({error})") from None
    gc.enable()  # a long-lived process: the start-up pause of the GC ends here
    run_tui(store, namespace, readonly=readonly)

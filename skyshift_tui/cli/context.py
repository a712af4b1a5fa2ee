"""What every command shares: the store chosen by the global `--store`, and common options.

The store module (and TinyDB behind it, 10-30 ms) is imported only when a command opens the
store, so `skyctl --version` and `--help` never pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from skyshift_tui.store import Store

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "wide", "json", "yaml", "name")


@dataclass
class CliState:
    """The root group's options, handed to every command through `ctx.obj`."""

    store_path: str | None = None


def open_cli_store(ctx: click.Context) -> Store:
    """The store `--store` (or $SKYSHIFT_STORE, or the per-user default) names; no I/O yet."""
    from skyshift_tui.store import open_store

    state = ctx.find_object(CliState)
    # Shell completion parses without running the root callback, so read its option directly.
    path = state.store_path if state else ctx.find_root().params.get("store")
    store = open_store(path)
    if not ctx.resilient_parsing:  # not while completing a command line
        from skyshift_tui.cli.output import note

        store.notify = note  # "created the folder ... for the new store", on stderr
    return store


def _complete_names(kind: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion of object names read from the store; silent when anything fails."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        try:
            store = open_cli_store(ctx)
            if kind == "Namespace":
                objects = store.list_namespaces()
            else:
                objects = store.list_endpoints(ctx.params.get("namespace") or None)
            names = {obj["metadata"]["name"] for obj in objects}
        except Exception:  # a half-typed command line must never print a traceback
            return []
        return sorted(name for name in names if name.startswith(incomplete))

    return complete


complete_endpoints = _complete_names("Endpoints")
complete_namespaces = _complete_names("Namespace")


def namespace_option(default: str | None, help_text: str) -> Callable[[F], F]:
    """`-n/--namespace`, completed from the namespaces in the store."""
    return click.option(
        "-n",
        "--namespace",
        default=default,
        metavar="NAMESPACE",
        show_default=default is not None,
        shell_complete=complete_namespaces,
        help=help_text,
    )


def output_option(func: F) -> F:
    """`-o/--output table|wide|json|yaml|name`."""
    return click.option(
        "-o",
        "--output",
        type=click.Choice(OUTPUT_FORMATS),
        default="table",
        show_default=True,
        help="Output format: a table (wide adds columns), json, yaml, or TYPE/NAME lines.",
    )(func)


def watch_option(func: F) -> F:
    """`-w/--watch`: print the current state, then every change, until Ctrl-C."""
    return click.option(
        "-w",
        "--watch",
        is_flag=True,
        help="After the current state, print one line per change (ADDED, MODIFIED, DELETED) "
        "until Ctrl-C.",
    )(func)

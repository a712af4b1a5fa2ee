"""`delete endpoints`: one set, several NAMEs, `-l SELECTOR` or `--all`, in one store write.

A bulk delete passes the version each set was read at, so a set changed meanwhile (perhaps
relabelled out of the selector) is not deleted behind the user's back: the command is refused
whole (exit 1) and can be run again. A NAME is never guessed from another namespace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from skyshift_tui.cli.bulk import check_targets, choose, report, target_options
from skyshift_tui.cli.context import (
    complete_endpoints,
    dry_run_option,
    namespace_option,
    open_cli_store,
    resource_version_option,
)
from skyshift_tui.cli.endpoints import namespaces_of
from skyshift_tui.cli.output import Object, emit
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.core.resources import ENDPOINTS
from skyshift_tui.store.base import EndpointsRef, check_expected_version

if TYPE_CHECKING:
    from skyshift_tui.store import Store


@click.command("endpoints", cls=Command)
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints (never guessed).")
@target_options("Delete")
@resource_version_option
@dry_run_option
@click.pass_context
def delete_endpoints(
    ctx: click.Context,
    names: tuple[str, ...],
    namespace: str,
    all_namespaces: bool,
    label_selector: str | None,
    select_all: bool,
    resource_version: int | None,
    dry_run: bool,
) -> None:
    """Delete sets of endpoints (irreversible): NAMEs, those matching -l, or --all.

    \b
    Examples:
      skyctl delete endpoints web -n prod
      skyctl delete endpoints web api
      skyctl delete endpoints -l 'app in (web,api)' -A
      skyctl delete endpoints --all -n staging --dry-run
      skyctl get endpoints -n prod -o name | xargs skyctl delete -n prod
    """
    check_targets(
        ctx, "delete", names, all_namespaces, label_selector, select_all, resource_version
    )
    store = open_cli_store(ctx)
    suffix = " (dry run)" if dry_run else ""
    if len(names) == 1:
        _delete_one(store, names[0], namespace, resource_version, dry_run)
        emit(f"{ENDPOINTS.ref(names[0])} deleted{suffix}")
        return
    chosen = choose(store, ENDPOINTS, names, namespace, all_namespaces, label_selector)
    if chosen and not dry_run:
        store.delete_endpoints_many([_ref(obj) for obj in chosen])
    emit(report(ENDPOINTS, chosen, f"deleted{suffix}"))


def _ref(obj: Object) -> EndpointsRef:
    """The set, with the version it was read at: deleted only if still unchanged."""
    meta = obj["metadata"]
    return EndpointsRef(meta["name"], meta["namespace"], meta.get("resource_version"))


def _delete_one(
    store: Store, name: str, namespace: str, expected_version: int | None, dry_run: bool
) -> None:
    """Delete (or, dry, check) one set; a NotFoundError says where a namesake lives."""
    try:
        if dry_run:
            current = store.get_endpoints(name, namespace)
            check_expected_version("endpoints", name, current, expected_version)
        else:
            store.delete_endpoints(name, namespace, expected_version)
    except NotFoundError as error:
        elsewhere = [ns for ns in namespaces_of(store.find_endpoints(name)) if ns != namespace]
        if not elsewhere:
            raise
        commands = " or ".join(
            f"'skyctl delete endpoints {name} --namespace {ns}'" for ns in elsewhere
        )
        raise NotFoundError(f"{error}; it exists elsewhere: run {commands}") from None

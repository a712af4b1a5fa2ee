"""`create`, `get` and `delete namespace`: the folders endpoints live in.

`default` always exists and cannot be deleted; a namespace that still holds endpoints goes only
with `--cascade`, which deletes them in the same write and prints a line per object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from skyshift_tui.cli import tables
from skyshift_tui.cli.context import (
    complete_namespaces,
    dry_run_option,
    listing_options,
    open_cli_store,
    output_option,
    selector_option,
    watch_option,
)
from skyshift_tui.cli.listing import Listing, check_watch, print_objects
from skyshift_tui.cli.output import Object, emit, no_resources, sort_key
from skyshift_tui.cli.parsing import ClusterScopedCommand
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import (
    AlreadyExistsError,
    NamespaceNotEmptyError,
    NotFoundError,
    ProtectedNamespaceError,
)
from skyshift_tui.core.resources import ENDPOINTS, NAMESPACES
from skyshift_tui.core.selectors import selector_matcher

if TYPE_CHECKING:
    from skyshift_tui.store import Store


@click.command("namespaces", cls=ClusterScopedCommand)
@click.argument("name")
@dry_run_option
@click.pass_context
def create_namespaces(ctx: click.Context, name: str, dry_run: bool) -> None:
    """Create the namespace NAME."""
    from skyshift_tui.core.models import new_namespace  # deferred: pydantic, write paths only

    namespace = new_namespace(name)
    store = open_cli_store(ctx)
    if dry_run:
        store.check_storable([namespace.model_dump(mode="json")])
        if any(ns["metadata"]["name"] == name for ns in store.list_namespaces()):
            raise AlreadyExistsError(f'namespace "{name}" already exists')
        emit(f"{NAMESPACES.ref(name)} created (dry run)")
        return
    created = store.create_namespace(namespace)
    emit(f"{NAMESPACES.ref(created['metadata']['name'])} created")


@click.command("namespaces", cls=ClusterScopedCommand)
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=complete_namespaces)
@click.option("-A", "--all-namespaces", is_flag=True, hidden=True)  # accepted, as kubectl does
@selector_option
@output_option
@listing_options
@watch_option
@click.pass_context
def get_namespaces(
    ctx: click.Context,
    names: tuple[str, ...],
    all_namespaces: bool,
    label_selector: str | None,
    output: str,
    sort_by: str | None,
    no_headers: bool,
    show_labels: bool,
    watch: bool,
) -> None:
    """Show namespaces, or the namespaces NAME....

    The table counts the sets of endpoints each namespace holds.

    \b
    Examples:
      skyctl get namespaces
      skyctl get namespace/prod namespace/staging -o yaml
    """
    listing = Listing(output, sort_by, no_headers, show_labels)
    matches = selector_matcher(label_selector)
    store = open_cli_store(ctx, warn=not watch)  # a watch says only its scope's (watch.py)
    if watch:
        from skyshift_tui.cli.watch import Watcher

        check_watch(listing)
        if len(names) > 1:
            raise click.UsageError("--watch follows one NAME, or every namespace", ctx)
        selector = matches if label_selector is not None else None
        name = names[0] if names else None
        Watcher(store, NAMESPACES, listing, name=name, selector=selector).run()
        return
    snapshot = store.snapshot()
    namespaces = [ns for ns in snapshot.namespaces if matches(ns)]
    missing: NotFoundError | None = None
    if names:
        by_name = {ns["metadata"]["name"]: ns for ns in namespaces}
        absent = [name for name in dict.fromkeys(names) if name not in by_name]
        if absent:
            missing = NotFoundError(f'namespace "{absent[0]}" does not exist')
            if len(names) == 1:
                raise missing
        namespaces = [by_name[name] for name in dict.fromkeys(names) if name in by_name]
    elif not namespaces and listing.is_table:
        no_resources(None)
        return
    counts = tables.count_by_namespace(snapshot.endpoints)
    single = len(names) == 1
    text = print_objects(NAMESPACES, namespaces, listing, single=single, counts=counts)
    emit(text, exact=listing.exact)
    if missing is not None:  # what was found is printed first, as kubectl does
        raise missing


@click.command("namespaces", cls=ClusterScopedCommand)
@click.argument(
    "names", nargs=-1, required=True, metavar="NAME...", shell_complete=complete_namespaces
)
@click.option(
    "--cascade", is_flag=True, help="Also delete the endpoints the namespace still holds."
)
@dry_run_option
@click.pass_context
def delete_namespaces(
    ctx: click.Context, names: tuple[str, ...], cascade: bool, dry_run: bool
) -> None:
    """Delete the namespaces NAME....

    `default` always exists. A namespace that still holds endpoints goes only with --cascade,
    which deletes them too. With several NAMEs every one is checked before any is deleted.

    \b
    Examples:
      skyctl delete namespace scratch
      skyctl delete namespace/a namespace/b --cascade
    """
    store = open_cli_store(ctx)
    unique = list(dict.fromkeys(names))
    checked = [_check_delete(store, name, cascade) for name in unique]
    suffix = " (dry run)" if dry_run else ""
    lines: list[str] = []
    for name, members in zip(unique, checked, strict=True):
        if not dry_run:
            members = store.delete_namespace(name, cascade=cascade)
        members.sort(key=sort_key)
        lines += [f"{ENDPOINTS.ref(obj['metadata']['name'])} deleted" for obj in members]
        lines.append(f"{NAMESPACES.ref(name)} deleted")
    emit("\n".join(f"{line}{suffix}" for line in lines))


def _check_delete(store: Store, name: str, cascade: bool) -> list[Object]:
    """What `delete_namespace` would remove, or the error it would raise (for --dry-run)."""
    if name == DEFAULT_NAMESPACE:
        raise ProtectedNamespaceError('namespace "default" always exists and cannot be deleted')
    store.get_namespace(name)
    members = store.list_endpoints(name)
    if members and not cascade:
        raise NamespaceNotEmptyError(
            f'namespace "{name}" still holds {len(members)} set(s) of endpoints; delete them '
            "first, or add --cascade to delete them with it"
        )
    return members

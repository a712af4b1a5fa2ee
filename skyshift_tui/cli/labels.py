"""`label` and `annotate`: add, change (`--overwrite`) or remove (`KEY-`) metadata pairs.

kubectl's exact rules: an existing key changes only with --overwrite (even to the same value),
`KEY-` removes a key (a missing one is said on stderr), and one command may not both set and
remove the same key. `label` prints `labeled`, or `not labeled` when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from skyshift_tui.cli.changes import change_stored
from skyshift_tui.cli.context import (
    complete_endpoints,
    complete_namespaces,
    dry_run_option,
    namespace_option,
    open_cli_store,
    resource_version_option,
)
from skyshift_tui.cli.merging import Object
from skyshift_tui.cli.output import emit, note
from skyshift_tui.cli.parsing import ClusterScopedCommand, Command
from skyshift_tui.cli.resources import ENDPOINTS, NAMESPACES, Resource
from skyshift_tui.defaults import DEFAULT_NAMESPACE
from skyshift_tui.errors import InvalidInputError


def parse_changes(specs: tuple[str, ...], what: str) -> tuple[dict[str, str], list[str]]:
    """`k=v` and `k-` arguments as (keys to set, keys to remove); InvalidInputError if bad."""
    if not specs:
        raise InvalidInputError(f"give at least one {what} change: KEY=VALUE or KEY-")
    to_set: dict[str, str] = {}
    to_remove: list[str] = []
    for spec in specs:
        if "=" in spec:
            parts = spec.split("=")
            if len(parts) != 2 or not parts[0]:
                raise InvalidInputError(f"invalid {what} spec: {spec!r}; write KEY=VALUE")
            to_set[parts[0]] = parts[1]
        elif spec.endswith("-") and len(spec) > 1:
            to_remove.append(spec[:-1])
        else:
            raise InvalidInputError(
                f"unknown {what} spec: {spec!r}; write KEY=VALUE to set, KEY- to remove"
            )
    if any(key in to_set for key in to_remove):
        raise InvalidInputError(f"can not both modify and remove a {what} in the same command")
    return to_set, to_remove


def _updater(
    field: str, to_set: dict[str, str], to_remove: list[str], overwrite: bool
) -> Callable[[Object], Object]:
    what = field[:-1]

    def update(obj: Object) -> Object:
        pairs = obj["metadata"].get(field) or {}
        if not overwrite:
            taken = [
                f"'{key}' already has a value ({pairs[key]})" for key in to_set if key in pairs
            ]
            if taken and field == "labels":
                raise InvalidInputError(f"{'; '.join(taken)}, and --overwrite is false")
            if taken:
                raise InvalidInputError(
                    "--overwrite is false but found the following declared annotation(s): "
                    + "; ".join(taken)
                )
        for key in to_remove:
            if key not in pairs:
                note(f'{what} "{key}" not found.')
            pairs.pop(key, None)
        pairs.update(to_set)
        obj["metadata"][field] = pairs
        return obj

    return update


def _run(
    ctx: click.Context,
    resource: Resource,
    field: str,
    name: str,
    namespace: str,
    specs: tuple[str, ...],
    overwrite: bool,
    resource_version: int | None,
    dry_run: bool,
) -> None:
    to_set, to_remove = parse_changes(specs, field[:-1])
    store = open_cli_store(ctx)
    update = _updater(field, to_set, to_remove, overwrite)
    outcome = change_stored(store, resource, name, namespace, update, resource_version, dry_run)
    if field == "labels":
        verb = "labeled" if outcome.changed else "not labeled"
    else:
        verb = "annotated"
    emit(f"{resource.ref(name)} {verb}{' (dry run)' if dry_run else ''}")


def _command(resource: Resource, field: str) -> click.Command:
    """`label|annotate endpoints|namespaces NAME KEY=VALUE... KEY-...`."""
    what = field[:-1]
    complete = complete_namespaces if resource is NAMESPACES else complete_endpoints

    @click.command(resource.name, cls=ClusterScopedCommand if resource is NAMESPACES else Command)
    @click.argument("name", shell_complete=complete)
    @click.argument("changes", nargs=-1, metavar="KEY=VALUE... KEY-...")
    @click.option("--overwrite", is_flag=True, help=f"Allow changing a {what} that is set.")
    @resource_version_option
    @dry_run_option
    @click.pass_context
    def command(
        ctx: click.Context,
        name: str,
        changes: tuple[str, ...],
        overwrite: bool,
        resource_version: int | None,
        dry_run: bool,
        namespace: str = "",
    ) -> None:
        _run(ctx, resource, field, name, namespace, changes, overwrite, resource_version, dry_run)

    verb = "label" if field == "labels" else "annotate"
    command.help = (
        f"Set (KEY=VALUE) or remove (KEY-) {field} of the {resource.kind} NAME.\n\n"
        f"An existing {what} changes only with --overwrite.\n\n"
        f"\b\nExample:\n  skyctl {verb} {resource.name} NAME team=web env-"
    )
    if resource is ENDPOINTS:
        command = namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")(command)
    return command


label_endpoints = _command(ENDPOINTS, "labels")
label_namespaces = _command(NAMESPACES, "labels")
annotate_endpoints = _command(ENDPOINTS, "annotations")
annotate_namespaces = _command(NAMESPACES, "annotations")

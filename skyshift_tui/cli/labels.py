"""`label` and `annotate`: add, change (`--overwrite`) or remove (`KEY-`) metadata pairs.

kubectl's exact rules: an existing key changes only with --overwrite (even to the same value),
`KEY-` removes a key (a missing one is said on stderr), and one command may not both set and
remove the same key. `label` prints `labeled`, or `not labeled` when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import click

from skyshift_tui.cli.bulk import change_all, check_targets, choose, target_options
from skyshift_tui.cli.context import (
    complete_endpoints,
    complete_namespaces,
    dry_run_option,
    namespace_option,
    open_cli_store,
    resource_version_option,
)
from skyshift_tui.cli.output import emit, note
from skyshift_tui.cli.parsing import ClusterScopedCommand, Command
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.resources import ENDPOINTS, NAMESPACES, Resource
from skyshift_tui.services.apply_plan import Object
from skyshift_tui.services.changes import change_stored


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


class Targets(NamedTuple):
    """-A, -l and --all, as given."""

    all_namespaces: bool
    label_selector: str | None
    select_all: bool


def split_arguments(args: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`web api team=a tier-` as the NAMEs and the changes: a change has `=` or ends in `-`
    (a name never does), and the changes come after the names, as in kubectl."""
    for index, arg in enumerate(args):
        if "=" in arg or arg.endswith("-"):
            return args[:index], args[index:]
    return args, ()


def _run(
    ctx: click.Context,
    resource: Resource,
    field: str,
    args: tuple[str, ...],
    namespace: str,
    targets: Targets,
    overwrite: bool,
    resource_version: int | None,
    dry_run: bool,
) -> None:
    verb = "label" if field == "labels" else "annotate"
    names, specs = split_arguments(args)
    all_namespaces, label_selector, select_all = targets
    namespaced = resource is ENDPOINTS
    check_targets(
        ctx, verb, names, all_namespaces, label_selector, select_all, resource_version, namespaced
    )
    to_set, to_remove = parse_changes(specs, field[:-1])
    store = open_cli_store(ctx)
    update = _updater(field, to_set, to_remove, overwrite)
    if len(names) == 1:  # one object: the one-read path
        outcomes = [
            change_stored(store, resource, names[0], namespace, update, resource_version, dry_run)
        ]
    else:
        chosen = choose(store, resource, names, namespace, all_namespaces, label_selector)
        outcomes = change_all(store, chosen, update, dry_run) if chosen else []
    suffix = " (dry run)" if dry_run else ""
    lines = []
    for outcome in outcomes:
        done = "annotated" if field != "labels" else "labeled" if outcome.changed else "not labeled"
        lines.append(f"{resource.ref(outcome.object['metadata']['name'])} {done}{suffix}")
    emit("\n".join(lines))


def _command(resource: Resource, field: str) -> click.Command:
    """`label|annotate endpoints|namespaces NAME... KEY=VALUE... KEY-...` (or -l, --all)."""
    what = field[:-1]
    complete = complete_namespaces if resource is NAMESPACES else complete_endpoints
    verb = "label" if field == "labels" else "annotate"
    cls = ClusterScopedCommand if resource is NAMESPACES else Command

    @click.command(resource.name, cls=cls)
    @click.argument(
        "args", nargs=-1, metavar="NAME... KEY=VALUE... KEY-...", shell_complete=complete
    )
    @click.option("--overwrite", is_flag=True, help=f"Allow changing a {what} that is set.")
    @target_options(verb.capitalize(), namespaced=resource is ENDPOINTS)
    @resource_version_option
    @dry_run_option
    @click.pass_context
    def command(
        ctx: click.Context,
        args: tuple[str, ...],
        overwrite: bool,
        all_namespaces: bool,
        label_selector: str | None,
        select_all: bool,
        resource_version: int | None,
        dry_run: bool,
        namespace: str = "",
    ) -> None:
        targets = Targets(all_namespaces, label_selector, select_all)
        _run(ctx, resource, field, args, namespace, targets, overwrite, resource_version, dry_run)

    many = "sets" if resource is ENDPOINTS else "namespaces"
    command.help = (
        f"Set (KEY=VALUE) or remove (KEY-) {field} of the {many} NAME..., of those matching "
        f"-l, or of --all, in one write (all or nothing).\n\n"
        f"An existing {what} changes only with --overwrite.\n\n"
        f"\b\nExamples:\n  skyctl {verb} {resource.name} NAME team=web env-\n"
        f"  skyctl {verb} {resource.prefix}/a {resource.prefix}/b team=web\n"
        f"  skyctl {verb} {resource.name} -l app=web{' -A' if resource is ENDPOINTS else ''} "
        "team=web --overwrite"
    )
    if resource is ENDPOINTS:
        command = namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")(command)
    return command


label_endpoints = _command(ENDPOINTS, "labels")
label_namespaces = _command(NAMESPACES, "labels")
annotate_endpoints = _command(ENDPOINTS, "annotations")
annotate_namespaces = _command(NAMESPACES, "annotations")

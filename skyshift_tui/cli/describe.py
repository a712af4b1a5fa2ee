"""`describe endpoints|namespaces`: the TUI's describe text (describe.py), one object after
another, as `kubectl describe` prints them. The objects are chosen as `get` chooses them."""

from __future__ import annotations

import click

from skyshift_tui.cli.context import (
    complete_namespaces,
    open_cli_store,
    selector_option,
)
from skyshift_tui.cli.endpoints import (
    check_names_or_selector,
    select_endpoints,
    selection_options,
    target_namespace,
)
from skyshift_tui.cli.output import emit, no_resources, sort_key
from skyshift_tui.cli.parsing import ClusterScopedCommand, Command
from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.core.selectors import selector_matcher

SEPARATOR = "\n\n"
"""A blank line between two objects, as kubectl's describe."""


@click.command("endpoints", cls=Command)
@selection_options("Describe")
@click.pass_context
def describe_endpoints(
    ctx: click.Context,
    names: tuple[str, ...],
    namespace: str | None,
    all_namespaces: bool,
    label_selector: str | None,
) -> None:
    """Describe sets of endpoints: NAMEs, those matching -l, or all of a namespace (-A: all).

    The text the TUI's detail pane shows: each cluster with its count and exposure, the
    primary cluster, the selector, labels, annotations, creation time, version, conditions.

    \b
    Examples:
      skyctl describe endpoints web -n prod
      skyctl describe endpoints/web endpoints/api
      skyctl describe endpoints -l app=web -A
    """
    from skyshift_tui.render.describe import describe

    check_names_or_selector(ctx, names, label_selector)
    matches = selector_matcher(label_selector) if label_selector is not None else None
    store = open_cli_store(ctx)
    namespace = target_namespace(names, namespace, all_namespaces)
    objects, missing = select_endpoints(store, names, namespace, all_namespaces, matches)
    if not objects and not names:
        no_resources(namespace)
        return
    ordered = objects if names else sorted(objects, key=sort_key)
    emit(SEPARATOR.join(describe(obj) for obj in ordered))
    if missing is not None:
        raise missing


@click.command("namespaces", cls=ClusterScopedCommand)
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=complete_namespaces)
@click.option("-A", "--all-namespaces", is_flag=True, hidden=True)  # accepted, as kubectl does
@selector_option
@click.pass_context
def describe_namespaces(
    ctx: click.Context, names: tuple[str, ...], all_namespaces: bool, label_selector: str | None
) -> None:
    """Describe namespaces: NAMEs, those matching -l, or every one; each with its sets.

    \b
    Examples:
      skyctl describe namespace prod
      skyctl describe namespaces -l team=web
    """
    from skyshift_tui.render.describe import describe_namespace

    check_names_or_selector(ctx, names, label_selector)
    matches = selector_matcher(label_selector)
    snapshot = open_cli_store(ctx).snapshot()
    by_name = {ns["metadata"]["name"]: ns for ns in snapshot.namespaces if matches(ns)}
    missing = [name for name in dict.fromkeys(names) if name not in by_name]
    chosen = [by_name[name] for name in dict.fromkeys(names) if name in by_name]
    if not names:
        chosen = [by_name[name] for name in sorted(by_name)]
        if not chosen:
            no_resources(None)
            return
    sets: dict[str, list[dict[str, object]]] = {name: [] for name in by_name}
    for obj in snapshot.endpoints:
        sets.setdefault(obj["metadata"]["namespace"], []).append(obj)
    text = SEPARATOR.join(describe_namespace(ns, sets[ns["metadata"]["name"]]) for ns in chosen)
    emit(text)
    if missing:
        raise NotFoundError(f'namespace "{missing[0]}" does not exist')

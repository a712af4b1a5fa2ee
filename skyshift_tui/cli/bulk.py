"""Which objects a bulk command (`delete`, `label`, `annotate`, `scale`) works on: NAMEs, `-l
SELECTOR` or `--all`, in one namespace or every one (`-A`); and the one write that changes
them all (`change_all`: all or nothing).

A NAME is never guessed from another namespace, and a missing one fails the whole command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click

from skyshift_tui.cli.context import F, selector_option
from skyshift_tui.cli.output import Object, no_resources, sort_key
from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.core.resources import NAMESPACES, Resource
from skyshift_tui.core.selectors import selector_matcher

if TYPE_CHECKING:
    from skyshift_tui.services.changes import Change, Outcome
    from skyshift_tui.store import Store


def target_options(verb: str, namespaced: bool = True) -> Callable[[F], F]:
    """`-A`, `-l SELECTOR`, `--all` of a bulk command (`-A` hidden on namespaces, which live
    in none)."""

    def decorate(func: F) -> F:
        func = click.option(
            "--all", "select_all", is_flag=True, help=f"{verb} every object in the namespace."
        )(func)
        func = selector_option(func)
        return click.option(
            "-A",
            "--all-namespaces",
            is_flag=True,
            hidden=not namespaced,
            help="With -l or --all: every namespace.",
        )(func)

    return decorate


def check_targets(
    ctx: click.Context,
    verb: str,
    names: Sequence[str],
    all_namespaces: bool,
    label_selector: str | None,
    select_all: bool,
    resource_version: int | None,
    namespaced: bool = True,
) -> None:
    """Usage errors (exit 2): NAMEs with -l/--all, nothing named, -A with NAMEs, a version
    for more than one NAME."""
    if names and (select_all or label_selector is not None):
        raise click.UsageError("give NAMEs, or -l/--all, not both", ctx)
    if not names and not select_all and label_selector is None:
        raise click.UsageError(
            f"name the {'sets' if namespaced else 'namespaces'} to {verb}: NAME..., "
            f"-l SELECTOR, or --all{' (add -A for every namespace)' if namespaced else ''}",
            ctx,
        )
    if all_namespaces and names and namespaced:
        raise click.UsageError(f"-A {verb}s by -l or --all only; give NAMEs with --namespace", ctx)
    if resource_version is not None and len(names) != 1:
        raise click.UsageError("--resource-version needs exactly one NAME", ctx)


def choose(
    store: Store,
    resource: Resource,
    names: Sequence[str],
    namespace: str | None,
    all_namespaces: bool,
    label_selector: str | None,
) -> list[Object]:
    """The objects named (in `namespace`; NotFoundError naming the first missing one), or
    those of `namespace` (every one with `all_namespaces`) matching `label_selector` (None:
    all), sorted; when none match, "No resources found" is said on stderr."""
    matches = selector_matcher(label_selector)  # a bad selector: exit 2 before any read
    where = None if all_namespaces or resource is NAMESPACES else namespace
    if resource is NAMESPACES:
        objects = store.list_namespaces()
    else:
        objects = store.list_endpoints(where)
    if names:  # never with -A (check_targets): the names are one namespace's
        present = {obj["metadata"]["name"]: obj for obj in objects}
        for name in names:
            if name not in present:
                where_text = "" if resource is NAMESPACES else f' in namespace "{namespace}"'
                word = "namespace" if resource is NAMESPACES else resource.name
                raise NotFoundError(f'{word} "{name}" does not exist{where_text}')
        return [present[name] for name in dict.fromkeys(names)]
    chosen = sorted(filter(matches, objects), key=sort_key)
    if not chosen:
        no_resources(where)
    return chosen


def report(resource: Resource, objects: Sequence[Object], done: str) -> str:
    """`endpoints/NAME DONE` per object, one line each."""
    return "\n".join(f"{resource.ref(obj['metadata']['name'])} {done}" for obj in objects)


def change_all(
    store: Store, objects: Sequence[Object], change: Change, dry_run: bool = False
) -> list[Outcome]:
    """`change` applied to each of `objects` and written in ONE store write, each checked
    against the version read: all or nothing. A write landing in between is met by reading
    the objects again and changing them anew (as `change_stored` does for one)."""
    # Deferred: `delete` needs the choosing, not the changing (merging, pydantic).
    from skyshift_tui.core.models import parse_object
    from skyshift_tui.services.changes import Outcome, prepare, read_object, retry_conflicts

    unread = [list(objects)]

    def attempt() -> list[Outcome]:
        if unread:
            current = unread.pop()
        else:
            current = [
                read_object(store, resource_of(obj), obj["metadata"]["name"], namespace_of(obj))
                for obj in objects
            ]
        prepared = [prepare(obj, change, None) for obj in current]
        writes = [(document, version) for document, version in prepared if document is not None]
        if writes and not dry_run:
            store.apply([parse_object(doc) for doc, _ in writes], [v for _, v in writes])
        elif writes:
            store.check_storable(doc for doc, _ in writes)
        return [
            Outcome(document is not None, document if document is not None else obj)
            for (document, _), obj in zip(prepared, current, strict=True)
        ]

    return retry_conflicts(attempt)


def resource_of(obj: Object) -> Resource:
    from skyshift_tui.core.resources import BY_KIND

    return BY_KIND[obj["kind"]]


def namespace_of(obj: Object) -> str:
    return str(obj["metadata"].get("namespace") or "")

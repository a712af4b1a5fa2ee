"""`create`, `get` and `delete endpoints`: the commands of SkyShift's endpoints docs page.

`get` and `delete` work on the store's plain dicts and names, so they never import pydantic
(~150 ms); `create` validates through the same `EndpointsForm` the TUI form uses, without
pydantic either (`documents.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from skyshift_tui.cli.context import (
    F,
    complete_endpoints,
    dry_run_option,
    listing_options,
    namespace_option,
    open_cli_store,
    output_option,
    selector_option,
    watch_option,
)
from skyshift_tui.cli.output import Object, emit, no_resources, note
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import (
    AlreadyExistsError,
    AmbiguousNameError,
    InvalidInputError,
    NotFoundError,
)
from skyshift_tui.core.resources import ENDPOINTS, NAMESPACES

if TYPE_CHECKING:
    from skyshift_tui.store import Store


@click.command("endpoints", cls=Command)
@click.argument("name", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace to create them in; created if it does not exist.")
@click.option(
    "--num_endpoints",
    "--num-endpoints",
    "num_endpoints",
    default="0",
    show_default=True,
    metavar="N",
    help="Number of endpoints in the primary cluster (a whole number, 0 or more).",
)
@click.option("--exposed", is_flag=True, help="Expose the endpoints to the cluster.")
@click.option(
    "--primary_cluster",
    "--primary-cluster",
    "primary_cluster",
    default="auto",
    show_default=True,
    metavar="CLUSTER",
    help="Cluster where the endpoints are exposed.",
)
@click.option(
    "-s",
    "--selector",
    multiple=True,
    metavar="KEY=VALUE",
    help="Label selector of the services or jobs targeted; repeat it, or write a=b,c=d.",
)
@click.option(
    "--cluster",
    "clusters",
    multiple=True,
    metavar="C=N[:exposed]",
    help="N endpoints in cluster C (':exposed' exposes them); repeat for more clusters. "
    "The first is the primary cluster unless --primary_cluster names another.",
)
@dry_run_option
@click.pass_context
def create_endpoints(
    ctx: click.Context,
    name: str,
    namespace: str,
    num_endpoints: str,
    exposed: bool,
    primary_cluster: str,
    selector: tuple[str, ...],
    clusters: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Create a set of endpoints NAME.

    \b
    Examples:
      skyctl create endpoints myEndpoints --namespace myNamespace --num_endpoints 3 \\
        --exposed --primary_cluster myCluster -s key1=value1
      skyctl create endpoints web --cluster us-east=3:exposed --cluster eu-west=2
    """
    from skyshift_tui.cli.clusters import parse_clusters, with_clusters
    from skyshift_tui.core.forms import (
        EndpointsForm,  # no pydantic: the models' rules, checked plainly
    )

    extra = parse_clusters(clusters)
    explicit = ctx.get_parameter_source("primary_cluster") is not ParameterSource.DEFAULT
    if extra and not explicit:
        primary_cluster = next(iter(extra))
    form = EndpointsForm(
        name=name,
        namespace=namespace,
        num_endpoints=num_endpoints,
        exposed=exposed,
        primary_cluster=primary_cluster,
        selector=list(selector),
    )
    endpoints = form.to_document()
    if extra:
        counted = ctx.get_parameter_source("num_endpoints") is not ParameterSource.DEFAULT
        if form.primary_cluster.strip() in extra and (counted or exposed):
            raise InvalidInputError(
                f"--cluster already sets the primary cluster {primary_cluster!r}; "
                "drop --num_endpoints/--exposed or that --cluster"
            )
        endpoints = with_clusters(endpoints, extra)
    store = open_cli_store(ctx)
    if dry_run:
        store.check_storable([endpoints])
        where = endpoints["metadata"]["namespace"]
        exists = any(obj["metadata"]["namespace"] == where for obj in store.find_endpoints(name))
        if exists:
            raise AlreadyExistsError(f'endpoints "{name}" already exists in namespace "{where}"')
        known = {ns["metadata"]["name"] for ns in store.list_namespaces()}
        lines = [] if where in known else [f"{NAMESPACES.ref(where)} created"]
        lines.append(f"{ENDPOINTS.ref(name)} created")
        emit("\n".join(f"{line} (dry run)" for line in lines))
        return
    result = store.create_endpoints_document(endpoints)
    meta_dict = result.object["metadata"]
    lines = (
        [f"{NAMESPACES.ref(meta_dict['namespace'])} created"] if result.namespace_created else []
    )
    emit("\n".join([*lines, f"{ENDPOINTS.ref(meta_dict['name'])} created"]))


def find_by_name(store: Store, name: str) -> list[Object]:
    """The sets called `name` for a command given no namespace: `default`'s if it has one,
    else the only one elsewhere (said on stderr); several or none is an error naming them."""
    found = store.find_endpoints(name)
    in_default = [obj for obj in found if obj["metadata"]["namespace"] == DEFAULT_NAMESPACE]
    if in_default:
        return in_default
    if len(found) == 1:
        where = found[0]["metadata"]["namespace"]
        note(f'endpoints "{name}" is not in namespace "default"; showing it from "{where}"')
        return found
    if found:
        holders = ", ".join(f'"{ns}"' for ns in namespaces_of(found))
        raise AmbiguousNameError(
            f'endpoints "{name}" exists in several namespaces ({holders}); '
            "choose one with --namespace, or list them all with -A"
        )
    raise NotFoundError(f'endpoints "{name}" does not exist in any namespace')


def namespaces_of(objects: Sequence[Object]) -> list[str]:
    """The sorted namespaces the objects live in."""
    return sorted({obj["metadata"]["namespace"] for obj in objects})


def _select(store: Store, name: str, namespace: str | None, all_namespaces: bool) -> list[Object]:
    if all_namespaces:
        found = store.find_endpoints(name)
        if not found:
            raise NotFoundError(f'endpoints "{name}" does not exist in any namespace')
        return found
    if namespace is not None:
        return [store.get_endpoints(name, namespace)]
    return find_by_name(store, name)


def select_endpoints(
    store: Store,
    names: Sequence[str],
    namespace: str | None,
    all_namespaces: bool,
    matches: Callable[[Object], bool] | None = None,
) -> tuple[list[Object], NotFoundError | None]:
    """The sets `get` and `describe` show: NAMEs (in `namespace`, in any with -A, else found
    by name), or every set of `namespace` (None: all) that `matches`. With several NAMEs, a
    missing one is returned to be raised after the others are printed, as kubectl does."""
    if not names:
        objects = store.list_endpoints(namespace)
        return (objects if matches is None else [obj for obj in objects if matches(obj)]), None
    found: list[Object] = []
    missing: NotFoundError | None = None
    for name in dict.fromkeys(names):
        try:
            found.extend(_select(store, name, namespace, all_namespaces))
        except NotFoundError as error:
            if len(names) == 1:
                raise
            missing = missing or error
    return found, missing


def check_names_or_selector(ctx: click.Context, names: Sequence[str], selector: str | None) -> None:
    """NAMEs and -l do not go together (as kubectl says)."""
    if names and selector is not None:
        raise click.UsageError("give NAMEs or -l SELECTOR, not both", ctx)


def target_namespace(
    names: Sequence[str], namespace: str | None, all_namespaces: bool
) -> str | None:
    """Where `get`/`describe` look: None for every namespace (-A) or for NAMEs without -n
    (found by name), else -n or `default`."""
    if all_namespaces:
        return None
    if not names:
        return namespace or DEFAULT_NAMESPACE
    return namespace


def selection_options(verb: str) -> Callable[[F], F]:
    """`[NAME]... [-n NS] [-A] [-l SELECTOR]`, as `get` and `describe` (`verb`) take them."""

    def decorate(func: F) -> F:
        func = selector_option(func)
        func = click.option(
            "-A", "--all-namespaces", is_flag=True, help=f"{verb} every namespace's sets."
        )(func)
        func = namespace_option(
            None,
            f"Namespace to {verb.lower()} [default: default]; a NAME not there is looked for "
            "elsewhere.",
        )(func)
        return click.argument(
            "names", nargs=-1, metavar="[NAME]...", shell_complete=complete_endpoints
        )(func)

    return decorate


@click.command("endpoints", cls=Command)
@selection_options("List")
@output_option
@listing_options
@watch_option
@click.pass_context
def get_endpoints(
    ctx: click.Context,
    names: tuple[str, ...],
    namespace: str | None,
    all_namespaces: bool,
    label_selector: str | None,
    output: str,
    sort_by: str | None,
    no_headers: bool,
    show_labels: bool,
    watch: bool,
) -> None:
    """Show endpoints: all of a namespace (or of every one, -A), those matching -l, or NAMEs.

    \b
    Examples:
      skyctl get endpoints myEndpoints
      skyctl get endpoints -A -o wide --sort-by .metadata.creation_timestamp
      skyctl get endpoints -l 'app in (web,api),env!=prod'
      skyctl get endpoints -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'
      skyctl get endpoints -o custom-columns=NAME:.metadata.name,PRIMARY:.spec.primary_cluster
      skyctl get endpoints -n myNamespace --watch -o json
    """
    # Imported here: `create` and `delete` do not need them (~2 ms of a 10k-set create).
    from skyshift_tui.cli.listing import Listing, check_watch, print_objects

    listing = Listing(output, sort_by, no_headers, show_labels)
    check_names_or_selector(ctx, names, label_selector)
    matches = None
    if label_selector is not None:  # its parser and rules.py: ~1.5 ms, only for -l
        from skyshift_tui.core.selectors import selector_matcher

        matches = selector_matcher(label_selector)
    store = open_cli_store(ctx, warn=not watch)  # a watch says only its scope's (watch.py)
    namespace = target_namespace(names, namespace, all_namespaces)
    if watch:
        from skyshift_tui.cli.watch import Watcher

        check_watch(listing)
        if len(names) > 1:
            raise click.UsageError("--watch follows one NAME, or a whole namespace", ctx)
        name = names[0] if names else None
        if name is not None and namespace is None and not all_namespaces:
            namespace = _watch_namespace(store, name)
        Watcher(store, ENDPOINTS, listing, namespace=namespace, name=name, selector=matches).run()
        return
    objects, missing = select_endpoints(store, names, namespace, all_namespaces, matches)
    if not names and not objects and listing.is_table:  # json, yaml, jsonpath: an empty list
        no_resources(namespace)
        return
    single = len(names) == 1 and not all_namespaces
    emit(print_objects(ENDPOINTS, objects, listing, single=single), exact=listing.exact)
    if missing is not None:  # what was found is printed first, as kubectl does
        raise missing


def _watch_namespace(store: Store, name: str) -> str:
    """Where `get endpoints NAME -w` (no -n) follows NAME: as `get` finds it, else `default`,
    so one can watch for a set that does not exist yet."""
    try:
        return str(find_by_name(store, name)[0]["metadata"]["namespace"])
    except NotFoundError:
        note(f'endpoints "{name}" does not exist yet; watching for it in namespace "default"')
        return DEFAULT_NAMESPACE

"""`scale endpoints NAME... --num_endpoints N` (or -l, --all): set how many endpoints a
cluster holds; several sets in one write, all or nothing."""

from __future__ import annotations

import click

from skyshift_tui.cli.bulk import change_all, check_targets, choose, report, target_options
from skyshift_tui.cli.context import (
    complete_endpoints,
    dry_run_option,
    namespace_option,
    open_cli_store,
    resource_version_option,
)
from skyshift_tui.cli.output import emit
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.resources import ENDPOINTS
from skyshift_tui.services.apply_plan import Object
from skyshift_tui.services.changes import change_stored


@click.command("endpoints", cls=Command)
@click.argument("names", nargs=-1, metavar="[NAME]...", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints (never guessed).")
@click.option(
    "--num_endpoints",
    "--num-endpoints",
    "--replicas",
    "num_endpoints",
    required=True,
    type=int,
    metavar="N",
    help="The number of endpoints (0 or more).",
)
@click.option(
    "--cluster",
    default=None,
    metavar="CLUSTER",
    help="The cluster to scale [default: the primary cluster]; added if the set lacks it.",
)
@click.option(
    "--exposed/--no-exposed",
    default=None,
    help="Also expose (or stop exposing) the endpoints in that cluster [default: unchanged].",
)
@target_options("Scale")
@resource_version_option
@dry_run_option
@click.pass_context
def scale_endpoints(
    ctx: click.Context,
    names: tuple[str, ...],
    namespace: str,
    num_endpoints: int,
    cluster: str | None,
    exposed: bool | None,
    all_namespaces: bool,
    label_selector: str | None,
    select_all: bool,
    resource_version: int | None,
    dry_run: bool,
) -> None:
    """Set the number of endpoints of the sets NAME... (or those matching -l, or --all) in
    their primary cluster, or in --cluster; several in one write, all or nothing.

    \b
    Examples:
      skyctl scale endpoints web --num_endpoints 5
      skyctl scale endpoints web -n prod --num_endpoints 2 --cluster eu-west --exposed
      skyctl scale endpoints web api --replicas 3
      skyctl scale endpoints -l tier=front -A --replicas 0
    """
    check_targets(ctx, "scale", names, all_namespaces, label_selector, select_all, resource_version)

    def scale(obj: Object) -> Object:
        spec = obj.setdefault("spec", {})
        clusters = spec.setdefault("endpoints", {})
        target = cluster if cluster is not None else spec.get("primary_cluster")
        if target is None:  # sets made through SkyShift's own API may have no primary cluster
            name = obj["metadata"]["name"]
            raise InvalidInputError(
                f'endpoints "{name}" has no primary cluster; name the one to scale with --cluster'
            )
        entry = clusters.get(target) or {}
        clusters[target] = {
            **entry,
            "num_endpoints": num_endpoints,
            "exposed_to_cluster": bool(entry.get("exposed_to_cluster"))
            if exposed is None
            else exposed,
        }
        return obj

    store = open_cli_store(ctx)
    suffix = " (dry run)" if dry_run else ""
    if len(names) == 1:  # one set: the one-read path
        change_stored(store, ENDPOINTS, names[0], namespace, scale, resource_version, dry_run)
        emit(f"{ENDPOINTS.ref(names[0])} scaled{suffix}")
        return
    chosen = choose(store, ENDPOINTS, names, namespace, all_namespaces, label_selector)
    outcomes = change_all(store, chosen, scale, dry_run) if chosen else []
    emit(report(ENDPOINTS, [outcome.object for outcome in outcomes], f"scaled{suffix}"))

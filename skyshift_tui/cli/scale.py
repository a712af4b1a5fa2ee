"""`scale endpoints NAME --num_endpoints N`: set how many endpoints a cluster holds."""

from __future__ import annotations

import click

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
@click.argument("name", shell_complete=complete_endpoints)
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
@resource_version_option
@dry_run_option
@click.pass_context
def scale_endpoints(
    ctx: click.Context,
    name: str,
    namespace: str,
    num_endpoints: int,
    cluster: str | None,
    exposed: bool | None,
    resource_version: int | None,
    dry_run: bool,
) -> None:
    """Set the number of endpoints of the set NAME in its primary cluster, or in --cluster.

    \b
    Examples:
      skyctl scale endpoints web --num_endpoints 5
      skyctl scale endpoints web -n prod --num_endpoints 2 --cluster eu-west --exposed
    """

    def scale(obj: Object) -> Object:
        spec = obj.setdefault("spec", {})
        clusters = spec.setdefault("endpoints", {})
        target = cluster if cluster is not None else spec.get("primary_cluster")
        if target is None:  # sets made through SkyShift's own API may have no primary cluster
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
    change_stored(store, ENDPOINTS, name, namespace, scale, resource_version, dry_run)
    emit(f"{ENDPOINTS.ref(name)} scaled{' (dry run)' if dry_run else ''}")

"""`migrate --from STORE --to STORE`: copy every namespace and set from one store to another.

Either side may be a store file or an `etcd://` URL. It reads the source in one snapshot and
writes through the target's `apply`, so running it again changes nothing (`unchanged`), and a
set that differs is brought in line (`configured`). Nothing is deleted from the target.
Everything is validated before the first write: one object the target cannot take (say a name
SkyShift cannot read, going to etcd) stops it with nothing written.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import click

from skyshift_tui.cli.context import CliState
from skyshift_tui.cli.output import emit, note
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.errors import InvalidInputError, NotFoundError
from skyshift_tui.core.redaction import store_address
from skyshift_tui.store.base import ApplyResult, Object

if TYPE_CHECKING:
    from skyshift_tui.core.models import SkyObject

STORE_FIELDS = ("creation_timestamp", "resource_version")


@click.command("migrate", cls=Command)
@click.option("--from", "source", required=True, metavar="STORE", help="File or etcd:// URL.")
@click.option("--to", "target", required=True, metavar="STORE", help="File or etcd:// URL.")
@click.pass_context
def migrate(ctx: click.Context, source: str, target: str) -> None:
    """Copy the namespaces and endpoints of one store into another (idempotent).

    Creation times and resource versions are the target's own. On etcd the writes go in
    transactions of up to 128 objects.

    \b
    Example:
      skyctl migrate --from ~/.local/share/skyshift/store.json --to etcd://127.0.0.1:2379
      skyctl migrate --from etcd://127.0.0.1:2379 --to backup.json
    """
    from skyshift_tui.core.models import parse_object  # deferred: pydantic, write paths only
    from skyshift_tui.store import is_etcd_location, open_store, resolve_store_path

    if source == target:
        raise InvalidInputError("--from and --to name the same store; nothing to do")
    state = ctx.find_object(CliState) or CliState()
    cacert, cert, key = state.etcd_tls
    tls = {"etcd_cacert": cacert, "etcd_cert": cert, "etcd_key": key}
    reading, writing = (open_store(where, warn=note, **tls) for where in (source, target))
    # (No I/O yet: a malformed --from or --to is a usage error before anything is read.)
    if not is_etcd_location(source) and not resolve_store_path(source).exists():
        # Read as empty (as `get` does), a typo would "migrate" only `default` and succeed.
        raise NotFoundError(f"no store at {store_address(source)} (--from); check the path")
    snapshot = reading.snapshot()
    objects = []
    for obj in [*snapshot.namespaces, *snapshot.endpoints]:
        try:
            objects.append(parse_object(_without_store_fields(obj)))
        except InvalidInputError as error:
            raise InvalidInputError(
                f"{obj.get('kind')} {_name(obj)} in {store_address(source)} is invalid: {error}; "
                "nothing was migrated"
            ) from None
    results = writing.apply(objects)
    emit(_summary(objects, results, target))


def _summary(objects: list[SkyObject], results: list[ApplyResult], target: str) -> str:
    """`migrated N objects to T: a created, b configured, c unchanged` with a + b + c = N.

    `apply` also reports each namespace it had to create for endpoints whose namespace the
    source did not hold; those are not source objects, so they are counted apart."""
    copied = {(obj.kind, obj.metadata.name) for obj in objects}
    implicit = [result for result in results if (result.kind, result.name) not in copied]
    counts = Counter(result.action for result in results) - Counter("created" for _ in implicit)
    summary = ", ".join(
        f"{counts[action]} {action}" for action in ("created", "configured", "unchanged")
    )
    line = f"migrated {len(objects)} objects to {store_address(target)}: {summary}"
    if implicit:
        line += (
            f"; and created {len(implicit)} namespace(s) the source's endpoints are in "
            "but the source did not hold"
        )
    return line


def _without_store_fields(obj: Object) -> Object:
    meta = {k: v for k, v in obj["metadata"].items() if k not in STORE_FIELDS}
    return {**obj, "metadata": meta}


def _name(obj: Object) -> str:
    meta = obj.get("metadata", {})
    namespace = meta.get("namespace")
    return f'"{namespace}/{meta.get("name")}"' if namespace else f'"{meta.get("name")}"'

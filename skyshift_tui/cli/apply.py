"""`apply -f FILE`: create what is new and update what differs, from YAML or JSON, in one write.

The bulk path: 10k sets go through one `store.apply` (one lock, one file write). The input is
read whole, every object is validated before anything is written, and one invalid object
rejects the file, naming its position and name. JSON goes through orjson (10k objects: ~30 ms;
PyYAML's C loader: ~1.3 s), so YAML is imported only for YAML input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from skyshift_tui.cli.context import open_cli_store
from skyshift_tui.cli.output import emit
from skyshift_tui.cli.resources import BY_KIND
from skyshift_tui.errors import InvalidInputError
from skyshift_tui.input_limits import describe, flatten, load_documents, read_input

if TYPE_CHECKING:
    from skyshift_tui.models import SkyObject
    from skyshift_tui.store import ApplyResult

STORE_FIELDS = ("creation_timestamp", "resource_version")
"""Set by the store, never by a file: taken out of the input before validation."""


@click.command("apply")
@click.option(
    "-f",
    "--filename",
    "files",
    multiple=True,
    required=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="YAML or JSON file of objects ('-' reads stdin); repeat for several files.",
)
@click.pass_context
def apply(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Create or update the objects in FILE: Endpoints and Namespaces.

    A file holds one object, several YAML documents, a list, or {"kind": "EndpointsList",
    "objects": [...]}. Left-out fields take their defaults. Prints one line per object:
    created, configured or unchanged.

    \b
    Example:
      skyctl apply -f endpoints.yaml
      skyctl get endpoints -A -o json | skyctl apply -f -
    """
    items = [item for source in files for item in flatten(load(read(source), source))]
    if not items:
        raise InvalidInputError(f"no objects found in {', '.join(files)}; nothing was applied")
    objects = validate(items)
    store = open_cli_store(ctx)
    emit("\n".join(report(store.apply(objects))))


# Reading and parsing within bounds lives in input_limits.py (64 MiB, YAML aliases, depth).
read = read_input
load = load_documents


def validate(items: list[Any]) -> list[SkyObject]:
    """Every item as a model, or InvalidInputError naming the first bad one (1-based)."""
    from skyshift_tui.models import parse_object  # deferred: pydantic, write paths only

    objects = []
    for index, item in enumerate(items, 1):
        try:
            objects.append(parse_object(_without_store_fields(item)))
        except InvalidInputError as error:
            raise InvalidInputError(
                f"object {index} of {len(items)} ({describe(item)}) is invalid: {error}; "
                "nothing was applied"
            ) from None
    return objects


def _without_store_fields(item: Any) -> Any:
    meta = item.get("metadata") if isinstance(item, dict) else None
    if not isinstance(meta, dict) or not any(field in meta for field in STORE_FIELDS):
        return item
    return {**item, "metadata": {k: v for k, v in meta.items() if k not in STORE_FIELDS}}


def report(results: list[ApplyResult]) -> list[str]:
    """`endpoints/NAME created` per object, and per namespace created for them."""
    return [f"{BY_KIND[result.kind].ref(result.name)} {result.action}" for result in results]

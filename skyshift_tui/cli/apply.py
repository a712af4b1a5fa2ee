"""`apply -f FILE`: create what is new and update what differs, from YAML or JSON, in one write.

The bulk path: 10k sets go through one `store.apply` (one lock, one file write). The input is
read whole, every object is validated before anything is written, and one invalid object
rejects the file, naming its position and name. JSON goes through orjson (10k objects: ~30 ms;
PyYAML's C loader: ~1.3 s), so YAML is imported only for YAML input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from skyshift_tui.cli.context import F, dry_run_option, open_cli_store
from skyshift_tui.cli.output import emit
from skyshift_tui.cli.parsing import Command
from skyshift_tui.core.errors import ExitCode, InvalidInputError, SkyShiftError
from skyshift_tui.core.resources import BY_KIND
from skyshift_tui.services.apply_plan import Write, plan
from skyshift_tui.services.changes import ATTEMPTS, retry_conflicts
from skyshift_tui.services.input_limits import flatten, load_documents, read_input

if TYPE_CHECKING:
    from skyshift_tui.store import ApplyResult, Store


SUFFIXES = (".yaml", ".yml", ".json")
"""The files `-f DIR` reads, as kubectl's."""


def files_option(func: F) -> F:
    """`-f FILE|DIR|-` (repeatable) and `-R`: the files of objects to read."""
    func = click.option(
        "-R",
        "--recursive",
        is_flag=True,
        help="With -f DIR: also the files in its folders, at any depth.",
    )(func)
    return click.option(
        "-f",
        "--filename",
        "files",
        multiple=True,
        required=True,
        metavar="FILE|DIR",
        type=click.Path(allow_dash=True),
        help="YAML or JSON file of objects ('-' reads stdin), or a folder: every .yaml, .yml "
        "and .json file in it, in name order; repeat for several.",
    )(func)


@click.command("apply", cls=Command)
@files_option
@dry_run_option
@click.pass_context
def apply(ctx: click.Context, files: tuple[str, ...], recursive: bool, dry_run: bool) -> None:
    """Create or update the objects in FILE: Endpoints and Namespaces.

    A file holds one object, several YAML documents, a list, or {"kind": "EndpointsList",
    "objects": [...]}. Each object is merged into the stored one: fields the file leaves out
    keep their values, a field set to null is removed (its default applies). A file that
    carries metadata.resource_version is refused when the object changed since (exit 1);
    an object this store lacks is created whatever version it carries (an export from
    SkyShift or another store). Prints one line per object: created, configured or unchanged.
    All of it is one write on the file store; on etcd it is atomic per batch of transactions
    within etcd's limits (128 operations, 1.5 MiB).

    \b
    Examples:
      skyctl apply -f endpoints.yaml
      skyctl apply -f manifests/ -R
      skyctl get endpoints -A -o json | skyctl apply -f -
    """
    store = open_cli_store(ctx)
    items = read_items(files, recursive)

    def attempt() -> list[str]:
        writes = plan(items, store.snapshot(), merge=True)  # refuses a stale carried version
        if dry_run:
            return [f"{line} (dry run)" for line in predict(writes, store)]
        return report(write_all(store, writes))

    # A write landing after the snapshot is merged onto on the next attempt; a version the
    # file carries is the user's, refused at once.
    carried = any(_carries_version(item) for item in items)
    emit("\n".join(retry_conflicts(attempt, 1 if carried else ATTEMPTS)))


@click.command("replace", cls=Command)
@files_option
@dry_run_option
@click.pass_context
def replace(ctx: click.Context, files: tuple[str, ...], recursive: bool, dry_run: bool) -> None:
    """Replace existing objects with the ones in FILE, whole.

    Fields the file leaves out take their defaults (unlike apply, which keeps them). Every
    object must exist. A file that carries metadata.resource_version is refused when the
    object changed since (exit 1). Prints `endpoints/NAME replaced` per object.

    \b
    Example:
      skyctl get endpoints web -o yaml > web.yaml   # edit it, then:
      skyctl replace -f web.yaml
      skyctl replace -f exported/
    """
    store = open_cli_store(ctx)
    writes = plan(read_items(files, recursive), store.snapshot(), merge=False, must_exist=True)
    suffix = " (dry run)" if dry_run else ""
    if dry_run:
        store.check_storable(write.document for write in writes)
    else:
        write_all(store, writes)
    emit("\n".join(f"{ref(write)} replaced{suffix}" for write in writes))


def _carries_version(item: Any) -> bool:
    meta = item.get("metadata") if isinstance(item, dict) else None
    return isinstance(meta, dict) and meta.get("resource_version") is not None


def read_items(files: tuple[str, ...], recursive: bool = False) -> list[Any]:
    """Every object in the files (a folder's in name order), in order; InvalidInputError when
    there are none."""
    sources = expand_folders(files, recursive)
    items = [
        item for source in sources for item in flatten(load_documents(read_input(source), source))
    ]
    if not items:
        raise InvalidInputError(f"no objects found in {', '.join(files)}; nothing was applied")
    return items


def expand_folders(files: tuple[str, ...], recursive: bool) -> list[str]:
    """`files` with each folder replaced by its .yaml, .yml and .json files (with
    `recursive`, its subfolders' too), sorted by path."""
    sources: list[str] = []
    for source in files:
        folder = Path(source)
        if source == "-" or not folder.is_dir():
            sources.append(source)
            continue
        found = folder.rglob("*") if recursive else folder.iterdir()
        sources += sorted(str(path) for path in found if path.suffix in SUFFIXES and path.is_file())
    return sources


def write_all(store: Store, writes: list[Write]) -> list[ApplyResult]:
    """One store write of every object, each checked against the version it was made from."""
    return store.apply(
        [write.model for write in writes], [write.expected_version for write in writes]
    )


def ref(write: Write) -> str:
    """`endpoints/NAME` of a write."""
    return BY_KIND[write.model.kind].ref(write.model.metadata.name)


def predict(writes: list[Write], store: Store) -> list[str]:
    """The lines `apply` would print, without writing (for --dry-run)."""
    store.check_storable(write.document for write in writes)
    known = {ns["metadata"]["name"] for ns in store.list_namespaces()}
    lines = []
    for write in writes:
        meta = write.model.metadata
        if write.model.kind == "Namespace":
            known.add(meta.name)
        else:
            namespace = getattr(meta, "namespace", None)
            if namespace and namespace not in known:
                known.add(namespace)
                lines.append(f"{BY_KIND['Namespace'].ref(namespace)} created")
        lines.append(f"{ref(write)} {write.action}")
    return lines


def report(results: list[ApplyResult]) -> list[str]:
    """`endpoints/NAME created` per object, and per namespace created for them."""
    return [f"{BY_KIND[result.kind].ref(result.name)} {result.action}" for result in results]


@click.command("diff", cls=Command)
@files_option
@click.pass_context
def diff(ctx: click.Context, files: tuple[str, ...], recursive: bool) -> int:
    """Show what `apply -f FILE` would change, as a unified diff of YAML.

    Exit 0 when nothing would change, 1 when something would, 2 or more on an error (as
    `kubectl diff` does).

    \b
    Examples:
      skyctl diff -f endpoints.yaml
      skyctl diff -f manifests/ -f extra.yaml
    """
    from difflib import unified_diff

    from skyshift_tui.render.formatting import to_yaml
    from skyshift_tui.services.apply_plan import without_store_fields

    try:
        store = open_cli_store(ctx)
        writes = plan(read_items(files, recursive), store.snapshot(), merge=True)
        store.check_storable(write.document for write in writes)
    except SkyShiftError as error:  # kubectl diff: 1 means "differs", so errors exit 2 or more
        error.exit_code = max(error.exit_code, ExitCode.USAGE)
        raise
    chunks: list[str] = []
    for write in writes:
        if write.action == "unchanged":
            continue
        meta = write.document["metadata"]
        resource = BY_KIND[write.model.kind]
        path = "/".join(filter(None, [resource.name, meta.get("namespace"), meta["name"]]))
        shown = without_store_fields(write.document)
        live = ordered_like(without_store_fields(write.current), shown) if write.current else None
        before = to_yaml(live) if live is not None else ""
        after = to_yaml(shown)
        chunks.extend(
            unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                f"live/{path}",
                f"applied/{path}",
            )
        )
    emit("".join(chunks))
    return 1 if chunks else 0


def ordered_like(value: Any, model: Any) -> Any:
    """`value` with its mappings' keys in `model`'s order (others after): a value SkyShift
    wrote orders metadata its own way, which is no difference for `diff` to show."""
    if not isinstance(value, dict) or not isinstance(model, dict):
        return value
    keys = [key for key in model if key in value] + [key for key in value if key not in model]
    return {key: ordered_like(value[key], model.get(key)) for key in keys}

"""`patch endpoints NAME -p PATCH`: a JSON merge patch (RFC 7386), or a JSON patch (RFC 6902).

RFC 6902 goes through `jsonpatch` (imported only for `--type json`: 13 ms); a merge patch is
`merging.merge_patch`, the same merge `apply` uses. A patch may carry
`metadata.resource_version` (or `--resource-version`) to be refused when the set changed since.
"""

from __future__ import annotations

from typing import Any

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
from skyshift_tui.services.apply_plan import Object, merge_patch
from skyshift_tui.services.changes import change_stored


def parse_patch(text: str, patch_type: str) -> Any:
    """The patch document, or InvalidInputError saying why it is not one."""
    import orjson

    try:
        patch = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InvalidInputError(f"the patch is not valid JSON: {error}") from None
    if patch_type == "merge" and not isinstance(patch, dict):
        raise InvalidInputError(
            'a merge patch must be a JSON object, e.g. \'{"spec": {"primary_cluster": "c1"}}\''
        )
    if patch_type == "json" and not (
        isinstance(patch, list) and all(isinstance(op, dict) for op in patch)
    ):
        raise InvalidInputError(
            "a JSON patch must be a list of operations, e.g. "
            '\'[{"op": "replace", "path": "/spec/primary_cluster", "value": "c1"}]\''
        )
    return patch


def json_patch(obj: Object, operations: list[Any]) -> Object:
    """RFC 6902 `operations` applied to `obj` within the bounds of `json_patch.py`;
    InvalidInputError naming the failing operation."""
    from skyshift_tui.cli.json_patch import apply_json_patch

    result = apply_json_patch(obj, operations)
    if not isinstance(result, dict):
        raise InvalidInputError("the JSON patch replaced the whole object with a non-object")
    return result


@click.command("endpoints", cls=Command)
@click.argument("name", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")
@click.option("-p", "--patch", "patch_text", required=True, metavar="PATCH", help="The patch.")
@click.option(
    "--type",
    "patch_type",
    type=click.Choice(("merge", "json")),
    default="merge",
    show_default=True,
    help="merge: a JSON merge patch (RFC 7386); json: a list of operations (RFC 6902).",
)
@resource_version_option
@dry_run_option
@click.pass_context
def patch_endpoints(
    ctx: click.Context,
    name: str,
    namespace: str,
    patch_text: str,
    patch_type: str,
    resource_version: int | None,
    dry_run: bool,
) -> None:
    """Change fields of the set NAME with a JSON merge patch or a JSON patch.

    \b
    Examples:
      skyctl patch endpoints web -p '{"spec": {"primary_cluster": "c2"}}'
      skyctl patch endpoints web -p '{"metadata": {"labels": {"old": null}}}'
      skyctl patch endpoints web --type json \\
        -p '[{"op": "replace", "path": "/spec/endpoints/c1/num_endpoints", "value": 4}]'
    """
    patch = parse_patch(patch_text, patch_type)

    def apply_patch(obj: Object) -> Object:
        return json_patch(obj, patch) if patch_type == "json" else merge_patch(obj, patch)

    store = open_cli_store(ctx)
    outcome = change_stored(
        store,
        ENDPOINTS,
        name,
        namespace,
        apply_patch,
        resource_version,
        dry_run,
        costly=patch_type == "json",
    )
    verb = "patched" if outcome.changed else "patched (no change)"
    emit(f"{ENDPOINTS.ref(name)} {verb}{' (dry run)' if dry_run else ''}")

"""The one way `edit`, `scale`, `label`, `annotate` and `patch` change a stored object.

Read it, change a copy of its plain dict, validate the result with the one model, and write it
through `Store.apply` with the version that was read (or the `--resource-version` given), so a
write made in between is refused (exit 1), never overwritten. `--dry-run` stops before the write.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skyshift_tui.cli.merging import STORE_FIELDS, Object, parse_one, word_of
from skyshift_tui.cli.resources import Resource
from skyshift_tui.errors import InvalidInputError
from skyshift_tui.store.base import check_expected_version, same_content

if TYPE_CHECKING:
    from skyshift_tui.store import Store

Change = Callable[[Object], Object]
"""Takes a deep copy of the stored object (store fields included) and returns the new one."""


@dataclass(frozen=True)
class Outcome:
    """What a change did: whether anything differed, and the object as written."""

    changed: bool
    object: Object


def read_object(store: Store, resource: Resource, name: str, namespace: str) -> Object:
    """The stored object (NotFoundError when missing)."""
    if resource.kind == "Namespace":
        return store.get_namespace(name)
    return store.get_endpoints(name, namespace)


def change_object(
    store: Store,
    current: Object,
    change: Change,
    expected_version: int | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Apply `change` to `current` and write it, checked against the version read."""
    meta = current["metadata"]
    word = word_of(current["kind"])
    read_version = int(meta.get("resource_version") or 0) or None
    check_expected_version(word, meta["name"], current, expected_version)
    changed = change(copy.deepcopy(current))
    new_meta = changed.get("metadata") if isinstance(changed, dict) else None
    if not isinstance(new_meta, dict):
        raise InvalidInputError(f"the changed {word} has no metadata mapping")
    if changed.get("kind") != current.get("kind"):
        raise InvalidInputError(f"kind cannot be changed (it is {current.get('kind')!r})")
    for field in ("name", "namespace"):
        if new_meta.get(field) != meta.get(field):
            raise InvalidInputError(
                f"metadata.{field} cannot be changed (it is {meta.get(field)!r}); "
                "create a new object instead"
            )
    carried = new_meta.get("resource_version")
    if expected_version is None and carried != meta.get("resource_version"):
        expected_version = carried if isinstance(carried, int) else None
        check_expected_version(word, meta["name"], current, expected_version)
    from skyshift_tui.models import Endpoints  # pydantic: parse_one has imported it already

    model = parse_one({**changed, "metadata": _without(new_meta)}, f'{word} "{meta["name"]}"')
    document = model.model_dump(mode="json")
    if same_content(current, document):
        return Outcome(False, current)
    if not dry_run:
        version = expected_version if expected_version is not None else read_version
        if isinstance(model, Endpoints):  # one set: cheaper than apply's bulk path at 10k
            store.update_endpoints(model, version)
        else:
            store.apply([model], [version])
    return Outcome(True, document)


def _without(meta: Object) -> Object:
    return {k: v for k, v in meta.items() if k not in STORE_FIELDS}

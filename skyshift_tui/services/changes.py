"""The one way `edit`, `scale`, `label`, `annotate` and `patch` change a stored object.

Read it, change a copy of its plain dict, validate the result (`documents.validate_document`:
the models' rules, without pydantic for the usual object), and write it with the version that
was read, so a write made in between is never overwritten (`change_stored` does the three
under the store's lock where it can: one parse of the file). Such a
conflict is retried on a fresh read (the change is re-applied to the newer object, as kubectl's
server-side patch would), so concurrent `label`s all land; a version the user gave
(`--resource-version`, or one the change carries) is never retried: it is refused, exit 1.
`--dry-run` stops before the write.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from skyshift_tui.core.errors import ConflictError, InvalidInputError
from skyshift_tui.core.resources import BY_KIND, Resource
from skyshift_tui.services.apply_plan import STORE_FIELDS, Object, validate_one, word_of
from skyshift_tui.store.base import check_expected_version, same_content

if TYPE_CHECKING:
    from skyshift_tui.core.documents import ValidDocument
    from skyshift_tui.store import Store

T = TypeVar("T")
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


ATTEMPTS = 10
"""Reads a change is tried on. Each conflict means another write landed since the read, so
with fewer than ATTEMPTS concurrent one-shot writers every one of them lands."""


def retry_conflicts(attempt: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """`attempt()` (which reads, changes and writes) run again while it raises ConflictError,
    at most `attempts` times; the last conflict is raised."""
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except ConflictError:
            if number == attempts:
                raise
    raise AssertionError("attempts must be at least 1")


def change_object(
    store: Store,
    current: Object,
    change: Change,
    expected_version: int | None = None,
    dry_run: bool = False,
    retry: bool = True,
) -> Outcome:
    """Apply `change` to `current` and write it, checked against the version read; a conflict
    with a version the command chose itself is retried on a fresh read (`retry`)."""
    resource = BY_KIND[current["kind"]]
    meta = current["metadata"]
    unread = [current]  # the first attempt uses what the caller read; later ones read again

    def attempt() -> Outcome:
        if unread:
            latest = unread.pop()
        else:
            latest = read_object(store, resource, meta["name"], str(meta.get("namespace")))
        return _change_once(store, latest, change, expected_version, dry_run)

    attempts = ATTEMPTS if retry and expected_version is None else 1
    return retry_conflicts(attempt, attempts)


def change_stored(
    store: Store,
    resource: Resource,
    name: str,
    namespace: str,
    change: Change,
    expected_version: int | None = None,
    dry_run: bool = False,
    costly: bool = False,
) -> Outcome:
    """`change_object` of the object stored under `name`: a set is read, changed and written
    in one go (`Store.modify_endpoints`: TinyDB parses the file once, not twice, ~80 ms at 10k
    sets); a dry run or a namespace reads first, as `change_object` does. So does a `costly`
    change (a JSON patch may copy up to 1 MiB): it runs on the version read, outside the
    store's write lock, so no other writer waits for it, and is written with that version."""
    if dry_run or resource.kind != "Endpoints" or costly:
        current = read_object(store, resource, name, namespace)
        return change_object(store, current, change, expected_version, dry_run)
    outcomes: list[Outcome] = []

    def prepared(current: Object) -> ValidDocument | None:
        document, _ = prepare(current, change, expected_version)
        outcomes.append(Outcome(document is not None, current))
        return document

    def attempt() -> Outcome:
        outcomes.clear()
        stored = store.modify_endpoints(name, namespace, prepared)
        return Outcome(outcomes[-1].changed, stored)

    return retry_conflicts(attempt, ATTEMPTS if expected_version is None else 1)


def _change_once(
    store: Store,
    current: Object,
    change: Change,
    expected_version: int | None,
    dry_run: bool,
) -> Outcome:
    document, version = prepare(current, change, expected_version)
    if document is None:
        return Outcome(False, current)
    if not dry_run:
        if document["kind"] == "Endpoints":  # one set: cheaper than apply's bulk path at 10k
            store.update_endpoints_document(document, version)
        else:
            from skyshift_tui.core.models import parse_object  # pydantic: namespaces only

            store.apply([parse_object(document)], [version])
    return Outcome(True, document)


def prepare(
    current: Object, change: Change, expected_version: int | None
) -> tuple[ValidDocument | None, int | None]:
    """The validated changed object (None: it would change nothing), and the version its
    write must be checked against; ConflictError when a version given is not the stored one."""
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
    document = validate_one({**changed, "metadata": _without(new_meta)}, f'{word} "{meta["name"]}"')
    if same_content(current, document):
        return None, None
    return document, expected_version if expected_version is not None else read_version


def _without(meta: Object) -> Object:
    return {k: v for k, v in meta.items() if k not in STORE_FIELDS}

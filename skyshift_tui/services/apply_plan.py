"""Turn the objects of a file into the writes `apply`, `replace` and `diff` make.

`apply` merges: each object of the file is a JSON merge patch (RFC 7386) over the stored object,
so fields the file leaves out keep their values and a field set to `null` is removed (then the
model's default applies). The merge is done on plain dicts, the result validated by the one
model, and written with the version it was merged onto, so a concurrent update is refused, not
lost. `replace` writes the file's object as it is, over an object that must exist.

RFC 7386 is the RFC's own eight-line algorithm (`merge_patch`), not worth a dependency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import InvalidInputError, NotFoundError, invalid_in_the_way
from skyshift_tui.services.input_limits import describe
from skyshift_tui.store.base import ABSENT, check_expected_version, same_content

if TYPE_CHECKING:
    from skyshift_tui.core.documents import ValidDocument
    from skyshift_tui.core.models import SkyObject
    from skyshift_tui.store import Snapshot

Object = dict[str, Any]
Key = tuple[str, str | None, str]
"""(kind, namespace or None, name): one object in the store."""

STORE_FIELDS = ("creation_timestamp", "resource_version")
"""Set by the store, never by a file: taken out of the input before validation."""


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: `patch` over `target`; `null` removes a key; a non-object replaces.

    One departure: a `null` over a key stored as `null` keeps it (SkyShift stores
    `primary_cluster: null`), so an unchanged export applies unchanged rather than taking the
    default."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            if result.get(key, ...) is not None:
                result.pop(key, None)
        elif isinstance(value, dict):  # only objects recurse: 10k sets merge in ~0.2 s, not 0.6
            result[key] = merge_patch(result.get(key), value)
        else:
            result[key] = value
    return result


def without_store_fields(item: Any) -> Any:
    """`item` without the metadata the store sets (a copy when there was any)."""
    meta = item.get("metadata") if isinstance(item, dict) else None
    if not isinstance(meta, dict) or not any(field in meta for field in STORE_FIELDS):
        return item
    return {**item, "metadata": {k: v for k, v in meta.items() if k not in STORE_FIELDS}}


def key_of(item: Any) -> Key | None:
    """Where `item` would be stored, or None when it is too malformed to say (validation
    will then name the problem)."""
    if not isinstance(item, dict) or not isinstance(item.get("metadata"), dict):
        return None
    meta = item["metadata"]
    name, kind = meta.get("name"), item.get("kind")
    if not isinstance(name, str) or kind not in ("Endpoints", "Namespace"):
        return None
    if kind == "Namespace":
        return (kind, None, name)
    namespace = meta.get("namespace")
    return (kind, namespace if isinstance(namespace, str) else DEFAULT_NAMESPACE, name)


def carried_version(item: Any, where: Callable[[], str]) -> int | None:
    """The `metadata.resource_version` a file carries (the version it was read at), if any."""
    meta = item.get("metadata") if isinstance(item, dict) else None
    version = meta.get("resource_version") if isinstance(meta, dict) else None
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidInputError(
            f"{where()}: metadata.resource_version must be a whole number from 1 "
            f"(got {version!r}); remove it to write without a version check"
        )
    return version


def word_of(kind: str) -> str:
    """The word users see for a kind: `endpoints`, `namespace`."""
    return "namespace" if kind == "Namespace" else "endpoints"


def index_snapshot(snapshot: Snapshot) -> dict[Key, Object]:
    """Every stored object by its key."""
    index: dict[Key, Object] = {
        ("Namespace", None, ns["metadata"]["name"]): ns for ns in snapshot.namespaces
    }
    for obj in snapshot.endpoints:
        meta = obj["metadata"]
        index[("Endpoints", meta["namespace"], meta["name"])] = obj
    return index


def parse_one(item: Any, where: str | Callable[[], str]) -> SkyObject:
    """Validate one object (store fields already taken out) with the model, or
    InvalidInputError naming `where` it came from (a function: only built on error)."""
    from skyshift_tui.core.models import parse_object  # deferred: pydantic, write paths only

    try:
        return parse_object(item)
    except InvalidInputError as error:
        place = where if isinstance(where, str) else where()
        raise InvalidInputError(f"{place} is invalid: {error}; nothing was applied") from None


def validate_one(item: Any, where: str) -> ValidDocument:
    """`parse_one`, as the plain document the model dumps: no pydantic for a common object."""
    from skyshift_tui.core.documents import validate_document

    try:
        return validate_document(item)
    except InvalidInputError as error:
        raise InvalidInputError(f"{where} is invalid: {error}; nothing was applied") from None


@dataclass
class Write:
    """One object as it will be written, with what it was merged onto."""

    model: SkyObject
    document: Object
    """The validated object as the store will keep it, before the store's own fields."""
    current: Object | None
    """The stored object it replaces (None: it is new)."""
    expected_version: int | None
    """The version the write is checked against (ABSENT: it must still be new)."""

    @property
    def action(self) -> str:
        """What `apply` will report: created, configured or unchanged."""
        if self.current is None:
            return "created"
        return "unchanged" if same_content(self.current, self.document) else "configured"


def plan(
    items: list[Any], snapshot: Snapshot, merge: bool, must_exist: bool = False
) -> list[Write]:
    """The validated writes for `items`, each checked against the store as `snapshot` saw it.

    `merge` (apply): each item patches the stored object. Otherwise (replace) it replaces it;
    `must_exist` refuses an object the store does not hold (NotFoundError). A stale carried
    version is refused here already (ConflictError), before anything is written.
    """
    index = index_snapshot(snapshot)
    invalid = {(bad.kind, bad.namespace, bad.name): bad for bad in snapshot.invalid}
    written: dict[Key, Object] = {}  # a later object of the same file builds on an earlier one
    writes: list[Write] = []
    for number, item in enumerate(items, 1):

        def where(number: int = number, item: Any = item) -> str:
            return f"object {number} of {len(items)} ({describe(item)})"

        key = key_of(item)
        stored = index.get(key) if key else None
        if stored is not None and not stored["metadata"].get("resource_version"):
            stored = None  # not written yet (the implicit `default`): nothing to check
        current = written.get(key, index.get(key)) if key else None
        version = carried_version(item, where)
        if merge and stored is None:
            # apply creates what this store lacks, whatever version the file carries: an export
            # from SkyShift's REST API (or another store) holds that store's versions.
            version = None
        if key is not None:
            if key in invalid:
                bad = invalid[key]
                problem = f"etcd key {bad.key} does not hold a valid object ({bad.reason})"
                raise invalid_in_the_way(problem, word_of(key[0]), key[2], key[1])
            check_expected_version(word_of(key[0]), key[2], stored, version)
            if must_exist and current is None:
                where_ns = f' in namespace "{key[1]}"' if key[1] else ""
                raise NotFoundError(
                    f'{word_of(key[0])} "{key[2]}" does not exist{where_ns}; '
                    "create it with 'skyctl apply -f' first"
                )
        # Merged only onto what exists: a new object is taken as written, so SkyShift's own
        # `primary_cluster: null` stays null rather than becoming the default.
        source = merge_patch(current, item) if merge and current is not None else item
        model = parse_one(without_store_fields(source), where)
        if version is None and key is not None:
            version = ABSENT if current is None else None
            if stored is not None:
                version = int(stored["metadata"]["resource_version"])
        document = model.model_dump(mode="json")
        writes.append(Write(model, document, current, version))
        if key is not None:
            written[key] = document
    return writes

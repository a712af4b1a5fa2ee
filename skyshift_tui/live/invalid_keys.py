"""Keys that hold no valid object (an etcd value written by hand or by another tool), as the
TUI shows them: a row of their own in the endpoints table of their namespace, marked
`⚠ invalid`, and in the detail pane the key, what is wrong and how to fix it.

No Textual here. Every text of an InvalidValue came from the store: it is escaped (no control
character reaches the terminal) and cut to a bounded length before it is shown, and the
widgets draw it as plain text, never markup.
"""

from __future__ import annotations

from datetime import datetime

import orjson

from skyshift_tui.core.terminal_text import shown
from skyshift_tui.render.describe import KEY_WIDTH
from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS
from skyshift_tui.store.base import InvalidValue

MARKER = "⚠ invalid"
NAMESPACE_ROW_PREFIX = "/namespaces/"
"""Catalog keys of namespace keys' rows: a set's key is `NS/NAME` with NS never empty, so no
set's key starts with `/`."""


def row_key(invalid: InvalidValue) -> str:
    """The catalog key of its row: a set's own key (`NS/NAME`: a set fixed in place keeps
    the cursor), or NAMESPACE_ROW_PREFIX + the name for a namespace key."""
    if invalid.kind == "Endpoints" and invalid.namespace is not None:
        return f"{invalid.namespace}/{invalid.name}"
    return NAMESPACE_ROW_PREFIX + invalid.name


def is_namespace_row(key: str) -> bool:
    return key.startswith(NAMESPACE_ROW_PREFIX)


def row_namespace(invalid: InvalidValue) -> str:
    """The namespace whose table shows the row (a namespace key's: its own)."""
    return invalid.namespace if invalid.namespace is not None else invalid.name


def invalid_record(
    invalid: InvalidValue, now: datetime
) -> tuple[list[str], str, int, int, str, str]:
    """The row's fields, as `catalog.row_record` gives them for a set: the name and the
    namespace from the key, the marker where the endpoints go, the rest blank; `raw` is
    the least object the key names (what a deletion notice reads)."""
    namespace = row_namespace(invalid)
    what = MARKER if invalid.kind == "Endpoints" else f"{MARKER} namespace"
    cells = dict.fromkeys(ENDPOINTS_WIDE_COLUMNS, "-")
    cells.update(
        {
            "NAME": shown(invalid.name),
            "NAMESPACE": shown(namespace),
            "ENDPOINTS": what,
            "RESOURCE VERSION": str(invalid.revision),
            "CREATED": "",
        }
    )
    metadata = {"name": invalid.name, "namespace": namespace}
    raw = orjson.dumps({"kind": invalid.kind, "metadata": metadata}).decode()
    haystack = f"{invalid.name}\n{invalid.namespace or ''}\ninvalid".casefold()
    return [cells[c] for c in ENDPOINTS_WIDE_COLUMNS], namespace, 0, invalid.revision, haystack, raw


def describe_invalid(invalid: InvalidValue) -> str:
    """The detail pane's text: what is wrong, where, and the ways to fix it (short lines:
    the pane is narrow)."""
    name, key = shown(invalid.name), shown(invalid.key)
    value = shown(invalid.value, 200)
    if invalid.size > len(invalid.value.encode()):
        value += f"  (the first {len(invalid.value)} characters of {invalid.size} bytes)"
    if invalid.kind == "Endpoints":
        namespace = shown(invalid.namespace or "")
        headline = f"{MARKER}: not a valid set of endpoints"
        fixes = [
            f"d here deletes the key (if still at revision {invalid.revision})",
            f"or: skyctl delete endpoints {name} -n {namespace}",
            "or write a valid set over it (etcdctl put KEY VALUE)",
        ]
    else:
        headline = f"{MARKER}: not a valid namespace"
        fixes = [
            "d here deletes the key (while no set is under it)",
            "or write a valid namespace over it (etcdctl put KEY VALUE)",
        ]
    lines = [
        headline,
        "Lists skip it; here it can only be deleted.",
        "",
        _field("Key", key),
        _field("Problem", shown(invalid.reason)),
        _field("Revision", str(invalid.revision)),
        _field("Value", value),
        "",
        _field("To fix it", fixes[0]),
        *(" " * KEY_WIDTH + fix for fix in fixes[1:]),
    ]
    return "\n".join(lines)


def _field(name: str, value: str) -> str:
    return f"{name}:".ljust(KEY_WIDTH) + value


def refusal(invalid: InvalidValue, verb: str) -> str:
    """Why an action other than delete does nothing on such a row."""
    kind = "endpoints" if invalid.kind == "Endpoints" else "namespace"
    return (
        f'{kind} "{shown(invalid.name, 60)}" holds no valid object, so there is nothing to '
        f"{verb}: d deletes its key; the detail pane says what is wrong"
    )

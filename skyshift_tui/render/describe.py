"""`describe` text for a set of endpoints or a namespace: what an operator looks for first.

No Textual here: the TUI's detail pane and `skyctl describe` print the same text. Like
`kubectl describe`: the clusters with their counts and exposure, the primary cluster and
selector, then metadata (the full name among it: the table may cut it); for a namespace, its
sets and their totals. Every value is escaped for the terminal (core/terminal_text.py): an
annotation holding a newline or an escape sequence is data, never a new line or a command.
"""

from __future__ import annotations

from datetime import datetime

from skyshift_tui.core.objects import Object
from skyshift_tui.core.terminal_text import escape_control
from skyshift_tui.render import formatting
from skyshift_tui.render.formatting import NONE, parse_timestamp

KEY_WIDTH = 18


def _pairs(mapping: dict[str, object] | None) -> list[str]:
    return [f"{key}={value}" for key, value in (mapping or {}).items()] or [NONE]


def _field(key: str, values: list[str]) -> list[str]:
    """`Key:   first` and further values aligned under the first, each escaped."""
    head = f"{key}:".ljust(KEY_WIDTH)
    safe = [escape_control(value) for value in values]
    return [head + safe[0], *(" " * KEY_WIDTH + value for value in safe[1:])]


def _created(meta: Object, now: datetime | None) -> str:
    """`2024-05-01T10:00:00Z (3h ago)`, or `<unknown>`."""
    created = meta.get("creation_timestamp")
    stamp = parse_timestamp(created)
    age = ""
    if stamp is not None:
        seconds = ((now or formatting.utc_now()) - stamp).total_seconds()
        age = f" ({formatting.human_duration(seconds)} ago)"
    return f"{created or '<unknown>'}{age}"


def _metadata(meta: Object, now: datetime | None) -> list[str]:
    """The metadata lines both kinds show."""
    return [
        *_field("Labels", _pairs(meta.get("labels"))),
        *_field("Annotations", _pairs(meta.get("annotations"))),
        *_field("Created", [_created(meta, now)]),
        *_field("Resource version", [str(meta.get("resource_version", ""))]),
    ]


def _total(obj: Object) -> int:
    clusters = (obj.get("spec") or {}).get("endpoints") or {}
    return sum(int(str(entry.get("num_endpoints", 0))) for entry in clusters.values())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def describe(obj: Object, now: datetime | None = None) -> str:
    """The describe view of a stored set, as plain lines."""
    meta = obj.get("metadata", {})
    spec = obj.get("spec", {})
    clusters: dict[str, dict[str, object]] = spec.get("endpoints") or {}
    primary = spec.get("primary_cluster") or NONE
    shown = {name: escape_control(name) for name in clusters}
    width = max([len("CLUSTER"), *(len(name) + 2 for name in shown.values())])
    rows = [f"{'CLUSTER'.ljust(width)}  ENDPOINTS  EXPOSED"]
    for name, entry in clusters.items():
        marked = f"{shown[name]} *" if name == primary else shown[name]
        count = str(entry.get("num_endpoints", 0))
        exposed = "true" if entry.get("exposed_to_cluster") else "false"
        rows.append(f"{marked.ljust(width)}  {count.ljust(9)}  {exposed}")
    count = f"{_total(obj)} in {_plural(len(clusters), 'cluster')}"
    lines = [
        *_field("Endpoints", [count]),
        *("  " + escape_control(row) for row in rows),
        *_field("Primary cluster", [f"{primary}  (* above)" if primary in clusters else primary]),
        *_field("Selector", _pairs(spec.get("selector"))),
        *_field("Name", [str(meta.get("name", ""))]),
        *_field("Namespace", [str(meta.get("namespace", ""))]),
        *_metadata(meta, now),
    ]
    conditions = (obj.get("status") or {}).get("conditions") or []
    lines += _field("Conditions", [str(c) for c in conditions] or [NONE])
    return "\n".join(lines)


def describe_namespace(obj: Object, sets: list[Object], now: datetime | None = None) -> str:
    """The describe view of a namespace and the sets it holds (`sets`, in any order): its
    metadata, then each set's endpoints, clusters and primary, and the totals."""
    meta = obj.get("metadata", {})
    ordered = sorted(sets, key=lambda item: str(item["metadata"].get("name", "")))
    clusters = {c for item in ordered for c in (item.get("spec") or {}).get("endpoints") or {}}
    total = sum(map(_total, ordered))
    summary = f"{_plural(len(ordered), 'set')}, {_plural(total, 'endpoint')}"
    lines = [
        *_field("Name", [str(meta.get("name", ""))]),
        *_field("Status", [str((obj.get("status") or {}).get("status", "ACTIVE"))]),
        *_metadata(meta, now),
        *_field("Endpoints", [f"{summary} in {_plural(len(clusters), 'cluster')}"]),
    ]
    if ordered:
        rows = [
            (
                str(item["metadata"].get("name", "")),
                str(_total(item)),
                str(len((item.get("spec") or {}).get("endpoints") or {})),
                str((item.get("spec") or {}).get("primary_cluster") or NONE),
            )
            for item in ordered
        ]
        table = formatting.render_table(("SET", "ENDPOINTS", "CLUSTERS", "PRIMARY CLUSTER"), rows)
        lines += ["  " + escape_control(row) for row in table.split("\n")]
    return "\n".join(lines)

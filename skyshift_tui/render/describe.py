"""`describe` text for one set of endpoints: what an operator looks for first, then the rest.

No Textual here. Like `kubectl describe`: the clusters with their counts and exposure, the
primary cluster and selector, then metadata (the full name among it: the table may cut it);
the full YAML is the detail pane's other view. Cluster names are escaped here, so that the
CLUSTER column lines up; the pane escapes every line it shows (`widgets/safe_text.py`).
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
    """`Key:   first` and further values aligned under the first."""
    head = f"{key}:".ljust(KEY_WIDTH)
    return [head + values[0], *(" " * KEY_WIDTH + value for value in values[1:])]


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
    total = sum(int(str(entry.get("num_endpoints", 0))) for entry in clusters.values())
    created = meta.get("creation_timestamp")
    stamp = parse_timestamp(created)
    age = ""
    if stamp is not None:
        seconds = ((now or formatting.utc_now()) - stamp).total_seconds()
        age = f" ({formatting.human_duration(seconds)} ago)"
    count = f"{total} in {len(clusters)} cluster" + ("" if len(clusters) == 1 else "s")
    lines = [
        *_field("Endpoints", [count]),
        *("  " + row for row in rows),
        *_field("Primary cluster", [f"{primary}  (* above)" if primary in clusters else primary]),
        *_field("Selector", _pairs(spec.get("selector"))),
        *_field("Name", [str(meta.get("name", ""))]),
        *_field("Namespace", [str(meta.get("namespace", ""))]),
        *_field("Labels", _pairs(meta.get("labels"))),
        *_field("Annotations", _pairs(meta.get("annotations"))),
        *_field("Created", [f"{created or '<unknown>'}{age}"]),
        *_field("Resource version", [str(meta.get("resource_version", ""))]),
    ]
    conditions = (obj.get("status") or {}).get("conditions") or []
    lines += _field("Conditions", [str(c) for c in conditions] or [NONE])
    return "\n".join(lines)

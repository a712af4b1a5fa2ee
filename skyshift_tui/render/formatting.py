"""How objects look to people: table rows, ages, YAML and JSON, shared by the CLI and the TUI.

Plain string work, no rich and no Textual: formatting 10k rows through rich.Table took 7.6 s,
plain padding takes ~80 ms. The TUI shows the same columns as `skyctl get endpoints -o wide`
and the same YAML as `-o yaml`, by calling these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from itertools import repeat
from typing import Any

from skyshift_tui.core.terminal_text import json_escapes, needs_format_escapes, yaml_escapes

Object = dict[str, Any]

ENDPOINTS_COLUMNS = (
    "NAME",
    "NAMESPACE",
    "PRIMARY CLUSTER",
    "ENDPOINTS",
    "EXPOSED",
    "SELECTOR",
    "AGE",
)
ENDPOINTS_WIDE_COLUMNS = ENDPOINTS_COLUMNS + ("LABELS", "RESOURCE VERSION", "CREATED")
NAMESPACE_COLUMNS = ("NAME", "STATUS", "ENDPOINTS", "AGE")
NONE = "<none>"


def utc_now() -> datetime:
    """The clock ages are measured against (tests replace it to freeze time)."""
    return datetime.now(timezone.utc)


@lru_cache(maxsize=4096)  # a table repeats timestamps (one per write, to the second)
def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime, or None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def human_duration(seconds: float) -> str:
    """kubectl's age format: 42s, 5m10s, 17m, 3h20m, 20h, 2d5h, 45d, 3y."""
    seconds = max(0, int(seconds))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 120:
        return f"{seconds}s"
    if minutes < 10:
        return f"{minutes}m{seconds % 60}s" if seconds % 60 else f"{minutes}m"
    if hours < 3:
        return f"{minutes}m"
    if hours < 8:
        return f"{hours}h{minutes % 60}m" if minutes % 60 else f"{hours}h"
    if days < 2:
        return f"{hours}h"
    if days < 8:
        return f"{days}d{hours % 24}h" if hours % 24 else f"{days}d"
    if days < 365 * 2:
        return f"{days}d"
    return f"{days // 365}y"


def age(obj: Object, now: datetime | None = None) -> str:
    """How long ago `obj` was created, as kubectl prints it; `<unknown>` without a timestamp."""
    return _age_text(obj.get("metadata", {}).get("creation_timestamp"), now or utc_now())


def age_since(timestamp: str | None, now: datetime | None = None) -> str:
    """How long ago `timestamp` was (a revision's time), as `age` says it."""
    return _age_text(timestamp, now or utc_now())


@lru_cache(maxsize=4096)  # 10k rows share `now` and few timestamps: 20 ms -> 3 ms
def _age_text(timestamp: str | None, now: datetime) -> str:
    created = parse_timestamp(timestamp)
    if created is None:
        return "<unknown>"
    return human_duration((now - created).total_seconds())


def _pairs(mapping: dict[str, Any]) -> str:
    try:  # labels are strings: joined in C, 3x faster than an f-string per pair
        return ",".join(map("=".join, mapping.items())) or NONE
    except TypeError:  # a store written by something else may hold other values
        return ",".join(f"{key}={value}" for key, value in mapping.items()) or NONE


def endpoints_counts(obj: Object) -> str:
    """`myCluster: 3` per cluster, comma-separated."""
    clusters = (obj.get("spec") or {}).get("endpoints") or {}
    if len(clusters) == 1:  # the usual case, without a generator: 16 ms -> 7 ms for 10k rows
        for cluster, entry in clusters.items():
            return f"{cluster}: {entry.get('num_endpoints', 0)}"
    return ", ".join(f"{c}: {e.get('num_endpoints', 0)}" for c, e in clusters.items()) or NONE


def exposed(obj: Object) -> str:
    """`true`/`false` when every cluster agrees, else `cluster: true` per cluster."""
    clusters = (obj.get("spec") or {}).get("endpoints") or {}
    if len(clusters) == 1:  # the usual case, without building a dict and a set: 18 ms -> 5 ms
        for entry in clusters.values():
            return "true" if entry.get("exposed_to_cluster") else "false"
    flags = {c: bool(e.get("exposed_to_cluster")) for c, e in clusters.items()}
    if not flags:
        return "false"
    if len(set(flags.values())) == 1:
        return "true" if next(iter(flags.values())) else "false"
    return ", ".join(f"{c}: {str(flag).lower()}" for c, flag in flags.items())


def cluster_counts(counts: str, exposed_text: str) -> list[tuple[str, int, bool]]:
    """(cluster, endpoints, exposed) per cluster, read back from a row's ENDPOINTS and EXPOSED
    cells (`endpoints_counts`, `exposed`): the clusters view and the cluster scope read rows
    this way, ~15x faster than decoding each set's JSON (10k sets: ~5 ms against ~75 ms)."""
    if counts == NONE:
        return []
    if ", " not in counts:  # the usual set: one cluster
        cluster, _, number = counts.rpartition(": ")
        return [(cluster, _int(number), exposed_text == "true")]
    flags: dict[str, bool] = {}
    if exposed_text not in ("true", "false"):
        for part in exposed_text.split(", "):
            cluster, _, flag = part.rpartition(": ")
            flags[cluster] = flag == "true"
    everywhere = exposed_text == "true"
    result = []
    for part in counts.split(", "):
        cluster, _, number = part.rpartition(": ")
        result.append((cluster, _int(number), flags.get(cluster, everywhere)))
    return result


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # a count stored as something else by another writer
        return 0


def endpoints_row(obj: Object, now: datetime | None = None, wide: bool = False) -> tuple[str, ...]:
    """One table row for a set of endpoints, in ENDPOINTS_(WIDE_)COLUMNS order."""
    return endpoints_rows([obj], now or utc_now(), wide)[0]


def endpoints_rows(
    objects: Iterable[Object], now: datetime, wide: bool = False
) -> list[tuple[str, ...]]:
    """The table rows of many sets, in one loop: 10k rows ~16 -> ~12 ms against a call of
    `endpoints_row` each (ages looked up in a dict, not through lru_cache's key hashing)."""
    rows: list[tuple[str, ...]] = []
    append = rows.append
    ages: dict[str | None, str] = {}
    for obj in objects:
        meta = obj.get("metadata", {})
        spec = obj.get("spec") or {}
        clusters = spec.get("endpoints")
        if clusters and len(clusters) == 1:  # the usual set, inline: 10k rows ~90 -> ~55 ms
            for cluster, entry in clusters.items():
                counts = f"{cluster}: {entry.get('num_endpoints', 0)}"
                exposed_text = "true" if entry.get("exposed_to_cluster") else "false"
        else:
            counts, exposed_text = endpoints_counts(obj), exposed(obj)
        selector = spec.get("selector")
        if not selector:
            selector_text = NONE
        else:
            try:  # `_pairs` inline (a call per row is ~1 ms of 10k)
                selector_text = ",".join(map("=".join, selector.items()))
            except TypeError:
                selector_text = _pairs(selector)
        created = meta.get("creation_timestamp")
        age_text = ages.get(created)
        if age_text is None:
            age_text = ages[created] = _age_text(created, now)
        row: tuple[str, ...] = (
            meta.get("name", ""),
            meta.get("namespace", ""),
            spec.get("primary_cluster") or NONE,
            counts,
            exposed_text,
            selector_text,
            age_text,
        )
        if wide:
            row += (
                _pairs(meta.get("labels") or {}),
                str(meta.get("resource_version", "")),
                created or "<unknown>",
            )
        append(row)
    return rows


def namespace_row(obj: Object, count: int, now: datetime | None = None) -> tuple[str, ...]:
    """One row of `get namespaces`: NAME, STATUS, ENDPOINTS (how many sets), AGE."""
    return (
        obj["metadata"]["name"],
        obj.get("status", {}).get("status", "ACTIVE"),
        str(count),
        age(obj, now),
    )


def render_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """kubectl-style plain columns: header first, no borders, three spaces between columns."""
    return "\n".join(table_lines(headers, rows))


def table_lines(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """`render_table`'s lines, header first."""
    if not headers:
        return ["" for _ in [headers, *rows]]
    # Column by column, all in C: transpose once, pad each column to its widest cell, zip the
    # columns back into lines. 10k rows of 7 cells: ~6 ms (row by row: ~14 ms, cell by cell
    # in a generator: ~28 ms). A row shorter than the headers is cut off, as zip does.
    columns = list(zip(headers, *rows, strict=False))
    ljust = str.ljust
    padded = [list(map(ljust, column, repeat(max(map(len, column))))) for column in columns[:-1]]
    return list(map("   ".join, zip(*padded, columns[-1], strict=False)))


def to_yaml(obj: Any) -> str:
    """YAML in the object's own field order, as `skyctl get -o yaml` prints it."""
    import yaml  # deferred: 30 ms, only for YAML output

    # libyaml's emitter when PyYAML has it: the same text, 10k sets in ~3 s instead of ~10 s.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = _dump_yaml(obj, dumper)
    if not needs_format_escapes(text):
        return text
    # A string holding a bidirectional override (or DEL, C1) again, double-quoted: the only
    # style with escapes, which `yaml_escapes` then writes for what the emitter left raw.
    return yaml_escapes(_dump_yaml(obj, _quoting_dumper(dumper)))


def _dump_yaml(obj: Any, dumper: Any) -> str:
    import yaml

    return str(
        yaml.dump(obj, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)
    )


def _quoting_dumper(dumper: Any) -> Any:
    """`dumper` writing every string that needs escapes double-quoted."""

    def represent_str(representer: Any, value: str) -> Any:
        style = '"' if needs_format_escapes(value) else None
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    quoting: Any = type("QuotingDumper", (dumper,), {})
    quoting.add_representer(str, represent_str)
    return quoting


def to_json(obj: Any, indent: bool = True) -> str:
    """JSON as `-o json` prints it (indented), or one line for watch events."""
    import orjson

    option = orjson.OPT_INDENT_2 if indent else 0
    return json_escapes(orjson.dumps(obj, option=option).decode())  # `\u202e`, not raw

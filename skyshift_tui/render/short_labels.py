"""Short labels for narrow panes (the namespace tree): counts that are never cut, names cut
with an ellipsis that stay told apart.

No Textual here: the tree widget asks for the labels and draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"


def short_count(count: int) -> str:
    """At most 4 characters, never a cut number: `1618`, `12k`, `100k`, `1.2M`."""
    if count < 10_000:
        return str(count)
    if count < 1_000_000:
        return f"{count // 1000}k"
    return f"{count / 1_000_000:.1f}M" if count < 10_000_000 else f"{count // 1_000_000}M"


def cut_end(text: str, width: int) -> str:
    """`text` if it fits in `width` cells, else its start and `…`."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + ELLIPSIS


def short_names(names: Sequence[str], width: int) -> dict[str, str]:
    """Each name within `width` characters: whole if it fits, else its start and `…`. Two
    long names that would then read the same (`payments-prod…`) keep their ends instead
    (`payme…prod-eu`, `payme…prod-us`), or, failing that, the part where they differ."""
    width = max(width, 3)
    shown = {name: cut_end(name, width) for name in names}
    seen: dict[str, list[str]] = {}
    for name, label in shown.items():
        seen.setdefault(label, []).append(name)
    for alike in seen.values():
        if len(alike) > 1:
            shown.update(_apart(alike, width))
    return shown


def _apart(names: list[str], width: int) -> dict[str, str]:
    """Labels within `width` that tell these names (all cut to the same label) apart."""
    for tail in range(1, width - 1):
        labels = {name: name[: width - 1 - tail] + ELLIPSIS + name[-tail:] for name in names}
        if len(set(labels.values())) == len(names):
            return labels
    labels = {}
    for name in names:  # they differ in the middle: show the first place they differ
        others = [other for other in names if other != name]
        differ = min(_first_difference(name, other) for other in others)
        start = max(0, min(differ - width // 2, len(name) - (width - 2)))
        labels[name] = ELLIPSIS + name[start : start + width - 2] + ELLIPSIS
    return labels


def _first_difference(one: str, other: str) -> int:
    for i, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return i
    return min(len(one), len(other))

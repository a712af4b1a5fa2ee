"""Text from a store or a user, made safe to print on a terminal: the one rule of what is
unsafe, and the escapes it is written as.

A namespace `status` holding `ESC ] 0 ; ... BEL` set the terminal's title, and `ESC [ 2 J`
cleared the screen, on a plain `skyctl get ns`; an annotation holding OSC 52 wrote the
clipboard of whoever opened the TUI. C0 and C1 control characters, DEL and the bidirectional
marks and overrides ("Trojan Source") are shown as Python-style escapes (`\\x1b`, `\\n`,
`\\u202e`). Two boundaries apply this: `escape_output` in the CLI's one stdout writer
(`cli/output.emit`, as kubectl escapes in its printers' writer), and `widgets/safe_text.py` for
everything a TUI widget draws. JSON and YAML stay exact: `json_escapes` and `yaml_escapes` write
those characters as the format's own escapes (`\\u202e`, `\\x9b`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

MAX_SHOWN = 300
"""The longest name, key or reason `shown` gives (one may be as long as etcd allows: 1.5 MiB)."""
_UNSAFE = "[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_UNSAFE_BEYOND_ASCII = "[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
"""What JSON leaves as it is (it escapes only below 0x20) and YAML's emitter, with unicode
allowed, counts as printable (DEL and C1 aside)."""
_UNSAFE_IN_OUTPUT = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
"""`_UNSAFE` less the newline and the tab: what may not reach the terminal even between lines."""
_SHOWN_BYTES = bytes(range(0x20, 0x7F)) + b"\n\t"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


@cache  # compiled on first need (~0.5 ms): `str.isprintable` clears nearly every text first
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def has_control(text: str) -> bool:
    """Whether `text` holds a character `escape_control` escapes.

    Every such character is one `str.isprintable` refuses, and that test is a C loop (~1.8 ms
    for the 900 KB of a 10k-row table, the regex search ~4 ms), so the exact search runs only
    on text it does not clear (one with a non-breaking space, say).
    """
    return not text.isprintable() and _pattern(_UNSAFE).search(text) is not None


def escape_control(text: str) -> str:
    """`text` with every control character written as an escape; unchanged if it has none."""
    return _pattern(_UNSAFE).sub(_escape_one, text) if has_control(text) else text


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` as data for a terminal: control characters escaped, at most `limit` long."""
    safe = escape_control(text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def escape_output(text: str) -> str:
    """Text about to be written to the terminal (many lines, say a table) with every unsafe
    character escaped but the newlines and tabs that lay it out: the writer's boundary.

    Nearly all output is ASCII, and for it one `bytes.translate` tells (~2 ms for the 800 KB
    of a 20k-row table; the regex search takes ~11 ms); other text is searched.
    """
    if text.isascii():
        if not text.encode("ascii").translate(None, _SHOWN_BYTES):
            return text
    elif _pattern(_UNSAFE_IN_OUTPUT).search(text) is None:
        return text
    return _pattern(_UNSAFE_IN_OUTPUT).sub(_escape_one, text)


def needs_format_escapes(text: str) -> bool:
    """Whether JSON or YAML text holds an unsafe character the format's writer left raw."""
    if text.isascii():
        return "\x7f" in text
    return _pattern(_UNSAFE_BEYOND_ASCII).search(text) is not None


def json_escapes(text: str) -> str:
    """JSON text with the characters JSON leaves raw (DEL, C1, bidirectional marks) written as
    `\\uXXXX`: the same data, nothing a terminal would act on. JSON's own structure is ASCII,
    so only strings can hold them."""
    if not needs_format_escapes(text):
        return text
    return _pattern(_UNSAFE_BEYOND_ASCII).sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def yaml_escapes(text: str) -> str:
    """YAML text, whose every string holding an unsafe character is double-quoted
    (`formatting.to_yaml`), with the characters the emitter left raw written as the
    double-quoted form's escapes (`\\x9b`, `\\u202e`)."""
    if not needs_format_escapes(text):
        return text
    return _pattern(_UNSAFE_BEYOND_ASCII).sub(_escape_one, text)


def safe_rows(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Rows with control characters escaped; one test over all their text when there are
    none, which is nearly always (~3 ms for 10k rows, against ~30 ms cell by cell)."""
    if not has_control("".join(map("".join, rows))):
        return rows
    return [safe_cells(row) for row in rows]


def safe_cells(cells: Sequence[str]) -> tuple[str, ...]:
    """One row's cells with control characters escaped."""
    return tuple(escape_control(cell) for cell in cells)


def safe_lines(lines: Iterable[str]) -> list[str]:
    """Lines (each one value, like `endpoints/NAME`) with control characters escaped."""
    return [escape_control(line) for line in lines]

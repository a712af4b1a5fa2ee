"""Every validation rule of names, label keys and values, selectors and counts, without pydantic.

The models (models.py) call these from their validators, the TUI forms and the CLI call them
directly: one set of rules for every face. Importing this module costs nothing measurable, so
paths that must stay fast (`skyctl get -l`) check input exactly as the writes do. Patterns are
matched whole (`fullmatch`): `$` would let a name end in a newline.
"""

from __future__ import annotations

import re

NAME_MAX_LENGTH = 63
_NAME_RE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?")
_LABEL_NAME_RE = _NAME_RE
_DNS_SUBDOMAIN_RE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
NAME_RULE = (
    "use letters, digits, '-', '_' or '.', start and end with a letter or digit, "
    f"at most {NAME_MAX_LENGTH} characters"
)


def check_name(value: str, what: str = "name") -> str:
    """Return `value` if it is a valid object name, else raise ValueError saying why."""
    if not value:
        raise ValueError(f"{what} is required")
    if len(value) > NAME_MAX_LENGTH:
        raise ValueError(f"{what} {value!r} is {len(value)} characters long; {NAME_RULE}")
    if not _NAME_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} is invalid; {NAME_RULE}")
    return value


def check_label_key(key: str) -> str:
    """Kubernetes label key: optional DNS-subdomain prefix and '/', then a 63-char name."""
    prefix, slash, name = key.rpartition("/")
    if slash and (len(prefix) > 253 or not _DNS_SUBDOMAIN_RE.fullmatch(prefix)):
        raise ValueError(f"selector key {key!r} has an invalid prefix {prefix!r}")
    if not name or len(name) > 63 or not _LABEL_NAME_RE.fullmatch(name):
        raise ValueError(
            f"selector key {key!r} is invalid; use up to 63 letters, digits, '-', '_', '.', "
            "starting and ending with a letter or digit"
        )
    return key


def check_label_value(key: str, value: str) -> str:
    """Kubernetes label value: empty, or a 63-char name."""
    if value and (len(value) > 63 or not _LABEL_NAME_RE.fullmatch(value)):
        raise ValueError(
            f"selector value {value!r} for {key!r} is invalid; use up to 63 letters, digits, "
            "'-', '_', '.', starting and ending with a letter or digit"
        )
    return value


def parse_selector(items: list[str] | tuple[str, ...] | str) -> dict[str, str]:
    """Parse `KEY=VALUE` items (each may also be `a=b,c=d`) into a validated dict."""
    if isinstance(items, str):
        items = [items]
    selector: dict[str, str] = {}
    for item in items:
        for pair in item.split(","):
            pair = pair.strip()
            if not pair:
                continue
            key, eq, value = pair.partition("=")
            key, value = key.strip(), value.strip()
            if not eq or not key:
                raise ValueError(f"selector {pair!r} is malformed; write it as KEY=VALUE")
            check_label_key(key)
            check_label_value(key, value)
            selector[key] = value
    return selector


def format_selector(selector: dict[str, str]) -> str:
    """`{'a': 'b', 'c': 'd'}` -> `a=b,c=d`, the form `parse_selector` reads back."""
    return ",".join(f"{key}={value}" for key, value in selector.items())


def check_labels(labels: dict[str, str]) -> dict[str, str]:
    """Every key and value of a label map (or selector) checked; ValueError at the first bad."""
    for key, value in labels.items():
        check_label_key(key)
        check_label_value(key, value)
    return labels


def parse_count(value: str | int) -> int:
    """A number of endpoints typed as text (blank: 0), or ValueError saying what is wrong."""
    if isinstance(value, int):
        count = value
    else:
        text = value.strip()
        if not text:
            return 0
        try:
            count = int(text)
        except ValueError:
            raise ValueError(f"number of endpoints must be a whole number (got {text!r})") from None
    if count < 0:
        raise ValueError(f"number of endpoints must be non-negative (got {count})")
    return count

"""The one store both faces use: `open_store(location)` picks the backend for a location.

`etcd://HOST:PORT[,HOST:PORT...]` (or `etcds://`) is etcd; anything else is a store file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from skyshift_tui.store.base import (
    ApplyResult,
    ChangeBatch,
    CreateResult,
    Object,
    Snapshot,
    Store,
    WatchEvent,
    object_key,
)

STORE_ENV_VAR = "SKYSHIFT_STORE"
STORE_FILE_NAME = "store.json"

__all__ = [
    "ApplyResult",
    "ChangeBatch",
    "CreateResult",
    "Object",
    "Snapshot",
    "Store",
    "WatchEvent",
    "default_store_path",
    "is_etcd_location",
    "object_key",
    "open_store",
    "resolve_store_path",
]


def default_store_path() -> Path:
    """The per-user data folder's store (platformdirs), e.g. ~/.local/share/skyshift/store.json."""
    from platformdirs import user_data_path  # deferred: only needed without --store

    return user_data_path("skyshift", appauthor=False) / STORE_FILE_NAME


def resolve_store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--store`, else $SKYSHIFT_STORE, else the per-user default."""
    chosen = explicit or os.environ.get(STORE_ENV_VAR)
    return Path(chosen).expanduser() if chosen else default_store_path()


def is_etcd_location(location: str | os.PathLike[str] | None) -> bool:
    scheme, separator, _ = str(location or "").partition("://")
    return bool(separator) and scheme.lower() in ("etcd", "etcds")


def open_store(
    path: str | os.PathLike[str] | None = None,
    *,
    etcd_cacert: str | None = None,
    etcd_cert: str | None = None,
    etcd_key: str | None = None,
    warn: Callable[[str], object] | None = None,
) -> Store:
    """The store at `path` (`--store`, else $SKYSHIFT_STORE, else the per-user file); no I/O.

    The `etcd_*` files are etcdctl's `--cacert`, `--cert` and `--key`; `warn` hears about
    values a read skipped (an etcd key that does not hold a valid object).
    """
    chosen = path or os.environ.get(STORE_ENV_VAR)
    if is_etcd_location(chosen):
        from skyshift_tui.store.etcd.client import parse_etcd_url
        from skyshift_tui.store.etcd.store import EtcdStore

        target = parse_etcd_url(str(chosen), etcd_cacert, etcd_cert, etcd_key)
        return EtcdStore(target, warn=warn)
    scheme, separator, _ = str(chosen or "").partition("://")
    if separator and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]+", scheme):
        # Else a file named `http:/...` that the first write would create, folder and all.
        from skyshift_tui.core.errors import InvalidInputError
        from skyshift_tui.core.redaction import store_address

        raise InvalidInputError(
            f"store URL {store_address(str(chosen))!r}: unknown scheme {scheme!r}; "
            "use a file path, etcd://HOST:PORT or etcds://HOST:PORT"
        )
    from skyshift_tui.store.file.store import TinyDBStore

    return TinyDBStore(resolve_store_path(path))

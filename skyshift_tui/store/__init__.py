"""The one store both faces use: `open_store(path)` picks the backend for a location."""

from __future__ import annotations

import os
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


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """The store at `path` (resolved as `resolve_store_path` does); opens no file yet."""
    from skyshift_tui.store.tinydb_store import TinyDBStore

    return TinyDBStore(resolve_store_path(path))

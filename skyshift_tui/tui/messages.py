"""App-wide messages: what the watcher thread tells the UI. Widget messages live in widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from skyshift_tui.live.catalog import Catalog
from skyshift_tui.store.base import ChangeBatch


@dataclass
class CatalogLoaded(Message):
    """A full read of the store, ready to show (built off the UI thread)."""

    catalog: Catalog


@dataclass
class StoreChanged(Message):
    """Changes another process (or we) made since the last load or batch, oldest first."""

    batch: ChangeBatch


@dataclass
class StoreFailed(Message):
    """The store cannot be read; the screen keeps the last good state until it can."""

    message: str

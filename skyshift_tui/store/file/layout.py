"""The store file's layout: TinyDB's (one JSON object of tables, each a mapping of document id
to object), the names of its tables, and the documents this backend writes on its own.

Its own module so the store (`store.py`) and its transaction (`transaction.py`) both import it
and neither imports the other back.
"""

from __future__ import annotations

import os

from skyshift_tui.store.base import Object

ENDPOINTS_TABLE = "endpoints"
NAMESPACES_TABLE = "namespaces"
EVENTS_TABLE = "_events"
META_TABLE = "_meta"
META_ID = 1


def new_identity() -> str:
    """A random store id (os.urandom: importing `secrets` costs ~10 ms on every command)."""
    return os.urandom(8).hex()


def namespace_doc(name: str, timestamp: str | None, revision: int | None) -> Object:
    return {
        "kind": "Namespace",
        "metadata": {
            "name": name,
            "labels": {},
            "annotations": {},
            "creation_timestamp": timestamp,
            "resource_version": revision,
        },
        "status": {"status": "ACTIVE"},
    }

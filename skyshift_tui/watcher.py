"""The live view's one loop: load the store, then poll it for changes, from a worker thread.

No Textual here: the loop reports through three callbacks, which the app turns into messages.
Polling `store.changes_since` costs one `stat` while nothing changes (a watch on the file
itself would miss the store's atomic renames), and every change made between two polls
arrives as one batch, so a burst of writes is one update of the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from skyshift_tui.catalog import Catalog, make_row
from skyshift_tui.errors import SkyShiftError
from skyshift_tui.store.base import ChangeBatch, Store, object_key

POLL_SECONDS = 0.1
"""An external change reaches the screen within this plus ~20 ms (the target is 300 ms)."""
RETRY_SECONDS = 1.0
"""While the store cannot be read, try again this often: each try may parse the whole file."""


MALFORMED = (KeyError, TypeError, ValueError, AttributeError)
"""What reading an object of an unexpected shape raises (a store edited by hand, say)."""


def describe(error: Exception) -> str:
    if isinstance(error, SkyShiftError):
        return str(error)
    return f"the store holds an object of an unexpected shape ({type(error).__name__}: {error})"


def check_events(batch: ChangeBatch) -> None:
    """Raise here, in the thread, what applying the batch would raise in the UI thread."""
    for event in batch.events:
        if event.kind == "Endpoints":
            object_key(event.object)
            make_row(event.object)
        else:
            str(event.object["metadata"]["name"])


class StoreWatcher:
    """Keeps a Catalog of the store current: a full load first, then change batches.

    A full reload happens at start, on `reload()`, when the store's change log no longer
    reaches back to our revision (`expired`), and after the store was unreadable.
    """

    def __init__(
        self,
        store: Store,
        poll_seconds: float = POLL_SECONDS,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self.store = store
        self.poll_seconds = poll_seconds
        self.retry_seconds = retry_seconds
        self._wake = threading.Event()
        self._reload_requested = False
        self._stopped = False

    def poll_now(self) -> None:
        """Look at the store now instead of at the next tick (after our own writes)."""
        self._wake.set()

    def reload(self) -> None:
        """Re-read everything at the next look, which is now."""
        self._reload_requested = True
        self._wake.set()

    def stop(self) -> None:
        """End `run` within a moment, even while it waits between retries."""
        self._stopped = True
        self._wake.set()

    def run(
        self,
        on_catalog: Callable[[Catalog], object],
        on_changes: Callable[[ChangeBatch], object],
        on_error: Callable[[str], object],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Loop until stopped or `cancelled()`; call back with each load, batch and failure."""
        revision: int | None = None
        reported: str | None = None
        while not (self._stopped or cancelled()):
            self._wake.clear()  # a poke that arrives while we work makes the next wait short
            delay = self.poll_seconds
            try:
                if revision is None or self._reload_requested:
                    self._reload_requested = False
                    snapshot = self.store.snapshot()
                    on_catalog(Catalog.from_snapshot(snapshot))
                    revision = snapshot.revision
                else:
                    batch = self.store.changes_since(revision)
                    if batch.expired:
                        revision = None
                        continue
                    if batch.events:
                        check_events(batch)
                        on_changes(batch)
                    revision = batch.revision
                reported = None
            except (SkyShiftError, *MALFORMED) as error:
                message = describe(error)
                if message != reported:  # say it once, not every second
                    on_error(message)
                    reported = message
                revision = None  # when it reads again, start from a full load
                delay = self.retry_seconds
            self._wake.wait(delay)

"""The live view's one loop: load the store, then follow `store.watch()`, from a worker thread.

No Textual here: the loop reports through three callbacks, which the app turns into messages.
`Store.watch` is the one change feed (`get -w` reads it too): the file backend polls (one `stat`
while nothing changes; a watch on the file itself would miss the store's atomic renames), a
push backend pushes, and every change made between two looks arrives as one batch, so a burst
of writes is one update of the screen.
"""

from __future__ import annotations

import ctypes
import gc
import threading
from collections.abc import Callable

from skyshift_tui.core.errors import SkyShiftError
from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.live.catalog import Catalog, CatalogBuilder, make_row
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


def give_back_freed_memory() -> None:
    """Have the C library return the pages a load freed to the system: glibc keeps a
    thread's freed heap otherwise (at 100k sets the TUI stayed at 228 MB instead of 180 MB).
    Nothing happens where there is no `malloc_trim` (musl, macOS)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


class StoreWatcher:
    """Keeps a Catalog of the store current: a full load first, then change batches.

    A full reload happens at start, on `reload()`, when the watch expires (the change log no
    longer reaches back to our revision, another store was moved in, or the store reads again
    after a problem), and after the store was unreadable.
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
        self._session = threading.Event()
        """Set to end the current watch (a reload, or the end)."""
        self._reload_requested = False
        self._stopped = False

    def poll_now(self) -> None:
        """Look at the store now instead of at the next tick (after our own writes)."""
        self._wake.set()

    def reload(self) -> None:
        """Re-read everything at the next look, which is now."""
        self._reload_requested = True
        self._session.set()
        self._wake.set()

    def stop(self) -> None:
        """End `run` within a moment, even while it waits between retries."""
        self._stopped = True
        self._session.set()
        self._wake.set()

    def run(
        self,
        on_catalog: Callable[[Catalog], object],
        on_changes: Callable[[ChangeBatch], object],
        on_error: Callable[[str], object],
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Loop until stopped or `cancelled()`; call back with each load, batch and failure."""
        reported: str | None = None

        def report(message: str) -> None:
            nonlocal reported
            if message != reported:  # say it once, not every second
                on_error(message)
                reported = message

        while not (self._stopped or cancelled()):
            self._reload_requested = False
            self._session = threading.Event()
            try:
                revision, identity = self._load(on_catalog)
            except (SkyShiftError, *MALFORMED) as error:
                report(describe(error))
                self._pause(self.retry_seconds)
                continue
            reported = None
            if self._reload_requested or self._stopped:
                continue  # asked for while we were loading: load again
            try:
                self._follow(revision, identity, on_changes, report, cancelled)
            except (SkyShiftError, *MALFORMED) as error:  # a push backend's stream broke, or
                report(describe(error))  # an event of an unexpected shape: say so, then reload
                self._pause(self.retry_seconds)

    def _load(self, on_catalog: Callable[[Catalog], object]) -> tuple[int, str]:
        """Read everything and hand on a new Catalog; the revision and identity it is at.

        Nothing here keeps the snapshot or the catalog: the decoded store is freed as the
        rows are built, and the catalog lives as long as the app shows it (not into the next
        load, which would hold two at once)."""
        with gc_paused():  # a load makes and frees millions of objects, none in a cycle
            builder = CatalogBuilder()
            snapshot = self.store.snapshot_each(builder.add)
            revision, identity = snapshot.revision, snapshot.identity
            catalog = builder.finish(snapshot)
            del snapshot, builder
            # Out of the cyclic GC's way before it is back on: its first collection would
            # walk every object the load made (60 ms at 100k sets), then again in the older
            # generations, before the app gets the catalog (which it would freeze then).
            gc.freeze()
        give_back_freed_memory()
        on_catalog(catalog)
        return revision, identity

    def _follow(
        self,
        revision: int,
        identity: str,
        on_changes: Callable[[ChangeBatch], object],
        report: Callable[[str], None],
        cancelled: Callable[[], bool],
    ) -> None:
        """Pass on the watch's batches until it expires, or a reload or the end is asked."""
        batches = self.store.watch(
            revision,
            self.poll_seconds,
            self._session,
            identity=identity,
            wake=self._wake,
            retry_interval=self.retry_seconds,
        )
        for batch in batches:
            if cancelled():
                return
            if batch.problem is not None:
                report(batch.problem)
            elif batch.expired:
                return
            else:
                check_events(batch)
                on_changes(batch)

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

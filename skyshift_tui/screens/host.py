"""What the screens need of the app, and the mark of a key that writes.

The app (`tui/app.py`) imports the screens; a screen never imports the app back, not even for a
type: it reaches the app's data through `SkyShiftHost`, which the app satisfies (mypy checks
that in `tui/app.py`). Textual's own `App` methods (`notify`, `push_screen`...) stay on
`self.app`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.widget import Widget

    from skyshift_tui.live.catalog import Catalog
    from skyshift_tui.live.watcher import StoreWatcher
    from skyshift_tui.store.base import Store
    from skyshift_tui.widgets.endpoints_table import EndpointsTable


class SkyShiftHost(Protocol):
    """The app as the screens see it: its store, catalog and watcher, and its writes."""

    store: Store
    catalog: Catalog
    """The live catalog: replaced on every full load, so read it here each time."""
    watcher: StoreWatcher
    readonly: bool
    """`--readonly`: keys bound with `WriteBinding` are hidden and refused."""

    @property
    def table(self) -> EndpointsTable: ...

    def start_watching(self) -> None:
        """Load the store and follow it (once the main screen can show it)."""

    def write(
        self, done: str, write: Callable[[], object], own: set[str], undoable: bool = False
    ) -> object:
        """Run one store write in a worker; `done` is said when it lands (see the app)."""

    def undo(self) -> None: ...

    def refresh_store(self) -> None: ...

    def hold_keys_for(self, target: Widget) -> None: ...


class WriteBinding(Binding):
    """A key whose action writes to the store (k9s's `Dangerous`): under `skyctl tui
    --readonly` it is hidden from the footer, the help and the palette, and does nothing."""


def write_actions(bindings: Iterable[BindingType]) -> frozenset[str]:
    """The actions of `bindings` that are marked as writes."""
    return frozenset(b.action for b in bindings if isinstance(b, WriteBinding))

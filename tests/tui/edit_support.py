"""Helpers of the edit-key tests: notifications on screen, waiting for +/- writes; keys typed
in one burst come from `tui_support.typed`."""

from __future__ import annotations

from textual.pilot import Pilot
from tui_support import settled, typed  # noqa: F401  (re-exported)


def notifications(app: object) -> list[str]:
    """The messages of the notifications on screen."""
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def scaled(pilot: Pilot[None]) -> None:
    """Wait for the +/- writes to finish, then for the screen to show the store."""
    app = pilot.app
    scales = [w for w in app.workers if w.group == "scale"]
    if scales:
        await app.workers.wait_for_complete(scales)
    await settled(pilot)

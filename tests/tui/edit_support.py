"""Keys as a terminal delivers them in one read (a fast typist, a paste): every key queued
before the app handles the first. (tui-safety's `tui_support.typed` does the same; one of the
two can go when both branches are merged.)"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from tui_support import settled

NAMED_CHARACTERS = {"enter": "\r", "tab": "\t", "escape": "\x1b", "space": " "}


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for `key` (a character, or a name such as "enter")."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    return events.Key(key, NAMED_CHARACTERS.get(key))


async def typed(pilot: Pilot[None], *keys: str) -> None:
    """Post all `keys` at once, then let the app handle them."""
    app = pilot.app
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()
    await pilot.pause()


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

"""Keys handled in the order they were typed, however fast they come.

A terminal hands a fast typist's keys (or a paste) to Textual in one read: all of them are
queued before the app handles the first. Stock Textual forwards each key to whatever has focus
*when the app takes it from the queue*, and resolves bindings only once the key has bubbled
back up through every widget's queue. So in `/prod`, the `p`, `r`, `o`, `d` are forwarded to
the table before `/` has opened the filter (focusing is deferred too), and `r` and `d` run
their actions. Two rules fix that, whatever the timing:

1. Each key is resolved on arrival, in the app's own task: priority bindings, then a printable
   key typed into a focused Input, then the focus chain's bindings (so `tab` moves the focus
   before the next key is looked at). Only a key nothing claims is forwarded as usual.
2. An action that opens an input or a screen calls `hold_keys_for(target)`: the keys that
   arrive before the target has focus wait, and are replayed into it, in order, once it has.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

ReturnT = TypeVar("ReturnT")

GIVE_UP_SECONDS = 2.0
"""A target that has no focus after this long gets the held keys anyway: an input is focused
there and then (never its neighbour: `/prod` must not reach the table's `d`), a screen with
nothing focusable gets them through its own bindings."""
CHECK_SECONDS = 0.01


class OrderedKeysApp(App[ReturnT], Generic[ReturnT]):
    """An App whose keys are never overtaken by a later key, nor lost to a focus change."""

    def __init__(self) -> None:
        super().__init__()
        self._queued: list[events.Key] = []
        self._bind_on_return: dict[int, Screen[object]] = {}
        self._held_until: Callable[[], bool] | None = None
        self._held_for: Widget | None = None
        self._held_since = 0.0
        self._check: Timer | None = None

    def hold_keys_for(self, target: Widget) -> None:
        """Keys arriving from now until `target` (an input, or a screen being pushed) has
        focus are kept for it."""
        self.hold_keys_until(lambda: self._has_focus(target), target)

    def hold_keys_until(self, ready: Callable[[], bool], screen: Widget | None = None) -> None:
        """Keys arriving from now until `ready()` are kept, then handled in order; dropped if
        `screen` (the screen they were meant for) closes first."""
        self._held_until = ready
        self._held_for = screen
        self._held_since = time.monotonic()
        if self._check is None:
            self._check = self.set_interval(CHECK_SECONDS, self._handle_queued)

    # -- routing ----------------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.app_focus = True
            self._queued.append(event)
            await self._handle_queued()
            return
        await super().on_event(event)
        if self._queued:
            await self._handle_queued()

    async def _handle_queued(self) -> None:
        """Handle the queued keys in order, stopping while a hold is not ready yet."""
        while self._queued:
            if not self._may_go_on():
                return
            await self._dispatch_key(self._queued.pop(0))
        if self._check is not None and self._held_until is None:
            self._check.stop()
            self._check = None

    def _may_go_on(self) -> bool:
        """False while the next key must wait: for a hold, or for the focused widget to have
        seen its Focus event (an Input selects its text then: typing must come after)."""
        ready, target = self._held_until, self._held_for
        if isinstance(target, Screen) and target not in self.screen_stack:
            # Meant for a screen already closed: never for what is under it.
            self._queued.clear()
            self._held_until = self._held_for = None
            return False
        focused = self.focused
        unsettled = focused is not None and not focused.has_focus
        if (ready is not None and not ready()) or unsettled:
            if ready is None:
                self._held_until = lambda: self.focused is None or self.focused.has_focus
                self._held_since = time.monotonic()
                if self._check is None:
                    self._check = self.set_interval(CHECK_SECONDS, self._handle_queued)
            if time.monotonic() - self._held_since < GIVE_UP_SECONDS:
                return False
            if (
                target is not None
                and not isinstance(target, Screen)
                and target.is_attached
                and target.screen is self.screen
                and self.focused is not target
            ):
                self.screen.set_focus(target)
                self._held_until = self._held_for = None
                return False  # on once it has seen its Focus event (see `unsettled`)
        self._held_until = self._held_for = None
        return True

    async def _dispatch_key(self, event: events.Key) -> None:
        """Resolve one key now, in arrival order (see the module's docstring)."""
        if await self._check_bindings(event.key, priority=True):
            return
        focused = self.focused
        if isinstance(focused, Input):
            if event.is_printable and event.character is not None:
                type_into(focused, event.character)
                return
        elif focused is not None and _handles_keys_itself(focused):
            if len(self._bind_on_return) > 64:  # keys a widget kept never come back
                self._bind_on_return.clear()
            self._bind_on_return[id(event)] = self.screen
            focused._forward_event(event)
            return
        if await self._check_bindings(event.key):
            return
        (focused or self.screen)._forward_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A forwarded key nobody used, back at the app. Stock Textual looks its bindings up
        now, but by now another screen may be on top (an `escape` handled meanwhile closed a
        dialog, and the `c` typed in it would open a form): bindings were already looked up
        on arrival, so only a key given to a widget first is looked up, on its own screen."""
        event.prevent_default()  # App._on_key, which would look the bindings up again
        screen = self._bind_on_return.pop(id(event), None)
        if screen is not None and screen is self.screen:
            await self._check_bindings(event.key)

    def _has_focus(self, target: Widget) -> bool:
        if isinstance(target, Screen):
            return self.screen is target and target.focused is not None
        return self.focused is target


def hold_keys_until_left(field: Widget) -> None:
    """Keys typed after the enter or escape that leaves `field` are for what gets the focus
    next, not for `field`: they wait until the focus has left it."""
    app = field.app
    if isinstance(app, OrderedKeysApp):
        app.hold_keys_until(lambda: app.focused is not field)


def type_into(field: Input, character: str) -> None:
    """What Input does with a printable key (Input._on_key), done now instead of queued."""
    restart_blink = getattr(field, "_restart_blink", None)
    if restart_blink is not None:  # the cursor shows while typing (and in every snapshot)
        restart_blink()
    selection = field.selection
    if selection.is_empty:
        field.insert_text_at_cursor(character)
    else:
        field.replace(character, *selection)


def _handles_keys_itself(widget: Widget) -> bool:
    """Widgets that read keys in their own handler (TextArea, Select) get them as usual."""
    return type(widget)._on_key is not Widget._on_key or hasattr(widget, "on_key")

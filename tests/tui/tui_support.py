"""What the TUI tests share: a seeded store with fixed timestamps, and waits on the app.

Tests wait for a condition (a load, a worker, the store's revision on screen), polling the app
between frames; nothing sleeps for a guessed time. (A module, not conftest.py, so that test
files can import its names.)
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from textual import events
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.worker import WorkerFailed, WorkerState

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import new_namespace
from skyshift_tui.store import Store, is_etcd_location, open_store
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.tui.app import SkyShiftApp

T0 = datetime(2024, 5, 1, 9, 0, 0, tzinfo=timezone.utc)
NOW = datetime(2024, 5, 3, 12, 30, 0, tzinfo=timezone.utc)
"""What `formatting.utc_now` returns in TUI tests: ages stay the same on every run."""
WAIT_SECONDS = 10.0
SIZE = (140, 40)

SEED = [
    # name, namespace, count, exposed, primary cluster, selector
    ("web", "default", "3", True, "us-east", "app=web,tier=frontend"),
    ("api", "default", "2", False, "us-east", "app=api"),
    ("cache", "default", "1", False, "eu-west", "app=cache"),
    ("checkout", "shop", "4", True, "eu-west", "app=checkout"),
    ("payments", "shop", "2", False, "auto", "app=payments,pci=true"),
    ("search", "shop", "0", False, "auto", ""),
]


class StepClock:
    """A store's clock that moves 37 minutes per write, so ages differ by row."""

    def __init__(self, start: datetime = T0, step: timedelta = timedelta(minutes=37)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def with_clock(location: str | Path, clock: StepClock) -> Store:
    """The store at `location` (a file, or an etcd:// URL), writing its timestamps by `clock`."""
    if is_etcd_location(location):
        from skyshift_tui.store.etcd.client import parse_etcd_url
        from skyshift_tui.store.etcd.store import EtcdStore

        return EtcdStore(parse_etcd_url(str(location)), clock=clock)
    return TinyDBStore(Path(location), clock=clock)


def seed(location: str | Path) -> Store:
    """The store at `location` holding SEED, an empty namespace `staging`, at fixed times."""
    store = with_clock(location, StepClock())
    for name, namespace, count, exposed, cluster, selector in SEED:
        form = EndpointsForm(name, namespace, count, exposed, cluster, selector)
        store.create_endpoints(form.to_endpoints())
    store.create_namespace(new_namespace("staging"))
    return store


def add(store: Store, name: str, namespace: str = "default", **fields: object) -> None:
    """Create one set through `store` (another handle than the app's: another process)."""
    store.create_endpoints(EndpointsForm(name=name, namespace=namespace, **fields).to_endpoints())  # type: ignore[arg-type]


def make_app(store: Store, namespace: str | None = None) -> SkyShiftApp:
    """The app over a second handle on the same store, polling fast (the file) so tests are
    quick."""
    return SkyShiftApp(open_store(store.location), namespace, poll_seconds=0.02)


async def wait_for(pilot: Pilot[None], condition: Callable[[], object], what: str = "") -> None:
    """Let the app run frames until `condition()` holds; fail after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.01)
    await pilot.pause()


async def loaded(pilot: Pilot[None]) -> SkyShiftApp:
    """Wait for the first full load to be on screen."""
    app = pilot.app
    assert isinstance(app, SkyShiftApp)
    await wait_for(pilot, lambda: app.loads > 0, "the first load")
    return app


async def settled(pilot: Pilot[None]) -> SkyShiftApp:
    """Wait for our writes to finish and the screen to show the store's latest revision."""
    app = pilot.app
    assert isinstance(app, SkyShiftApp)
    for write in [w for w in app.workers if w.group in ("write", "form-write")]:
        # A write that fails (a conflict, a partial delete) is the app's to report, as a
        # notification the test checks; still running when we look, it would raise here.
        with contextlib.suppress(WorkerFailed):
            await write.wait()
    await wait_for(
        pilot,
        lambda: app.loads > 0 and app.catalog.revision == app.store.revision(),
        "the store's revision on screen",
    )
    return app


def shown_keys(app: SkyShiftApp) -> list[str]:
    """The keys of the sets the table shows, top to bottom."""
    model = app.table.model
    return model.keys(0, len(model))


@asynccontextmanager
async def running(
    store: Store, namespace: str | None = None, size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[SkyShiftApp, Pilot[None]]]:
    """The app over `store`, headless at `size`, once its first load is on screen."""
    app = make_app(store, namespace)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        yield app, pilot


def key_event(key: str) -> events.Key:
    """The Key event a terminal sends for `key` (a character, or a name such as "enter")."""
    if len(key) == 1:
        name = key if key.isalnum() else _character_to_key(key)
        return events.Key(name, key)
    return events.Key(key, {"enter": "\r", "tab": "\t", "escape": "\x1b"}.get(key))


def burst(app: App[object], keys: Iterable[str]) -> None:
    """Post every key at once, before the app handles any: how one read of several bytes
    from a terminal (a fast typist, a paste) reaches Textual."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


async def typed(pilot: Pilot[None], *keys: str) -> None:
    """`burst` the keys, then let the app handle them all."""
    burst(pilot.app, keys)
    await pilot.pause()
    await pilot.pause()


async def palette_prompts(pilot: Pilot[None], query: str) -> list[str]:
    """Type `query` into the open command palette and return its hits once its search has
    finished: the search runs in a worker (group `_GATHER_COMMANDS_GROUP`, pinned by
    tests/unit/test_private_apis.py), and an empty list read before it ends proves nothing."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette), palette
    await typed(pilot, *query)

    def searched() -> bool:
        return not any(
            worker.group == CommandPalette._GATHER_COMMANDS_GROUP
            and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for worker in pilot.app.workers
        )

    await wait_for(pilot, searched, f"the palette's search for {query!r}")
    hits = palette.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]

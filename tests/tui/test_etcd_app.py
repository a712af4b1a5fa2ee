"""The TUI on etcd: it loads SkyShift's keys, shows where it is, and follows other writers."""

from __future__ import annotations

from etcd_fixtures import Cluster
from tui_support import SIZE, loaded, shown_keys, wait_for

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store import open_store
from skyshift_tui.tui.app import SkyShiftApp


def create(store, name: str, namespace: str = "default") -> None:
    store.create_endpoints(EndpointsForm(name=name, namespace=namespace).to_endpoints())


async def test_the_app_follows_etcd(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    create(writer, "web")
    create(writer, "api", "shop")
    app = SkyShiftApp(open_store(etcd.url), None, poll_seconds=0.02)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert sorted(shown_keys(app)) == ["default/web", "shop/api"]
        assert app.sub_title.startswith(f"{etcd.url} · revision ")
        create(writer, "cache", "shop")  # one transaction: the set and nothing else
        await wait_for(pilot, lambda: "shop/cache" in shown_keys(app), "the new set")
        writer.delete_endpoints("web", "default")
        await wait_for(pilot, lambda: "default/web" not in shown_keys(app), "the deletion")


async def test_one_transactions_events_all_reach_the_screen(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    create(writer, "web")
    app = SkyShiftApp(open_store(etcd.url), None, poll_seconds=0.02)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        create(writer, "api", "shop")  # the namespace and the set: one revision
        create(writer, "cache", "shop")
        await wait_for(pilot, lambda: "shop/cache" in shown_keys(app), "the new set")
        writer.delete_namespace("shop", cascade=True)  # one revision for three deletions
        await wait_for(pilot, lambda: shown_keys(app) == ["default/web"], "the cascade")
        assert app.ns_tree.names == ["default"]


async def test_etcd_going_away_shows_the_banner_and_the_app_recovers(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    create(writer, "web")
    app = SkyShiftApp(open_store(etcd.url), None, poll_seconds=0.02)
    member = etcd.members[0]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            banner = app.query_one("#error-banner")
            member.kill()
            await wait_for(pilot, lambda: banner.display, "the error banner")
            assert "cannot reach etcd at" in str(banner.render())
            member.start()
            member.wait_healthy()
            create(writer, "api")
            await wait_for(pilot, lambda: not banner.display, "the banner to go")
            await wait_for(pilot, lambda: "default/api" in shown_keys(app), "the new set")
    finally:
        if member.process is None:
            member.start()
            member.wait_healthy()


async def test_a_refused_create_shows_why_in_view_at_80x24(etcd: Cluster) -> None:
    """etcd refuses a name SkyShift cannot read only when the form is submitted: the error
    goes below the fields, off an 80x24 screen, so the dialog scrolls it into view."""
    from textual.widgets import Static
    from tui_support import running, settled

    from skyshift_tui.screens.create_endpoints import CreateEndpointsScreen

    async with running(open_store(etcd.url), size=(80, 24)) as (app, pilot):
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, CreateEndpointsScreen)
        await pilot.press(*"UpperName", "ctrl+s")
        await wait_for(pilot, lambda: not app.screen.submitting, "the refused write")
        await settled(pilot)
        note = app.screen.query_one("#form-error", Static)
        assert "cannot be stored in etcd" in str(note.render())
        seen = app.screen.query_one(".dialog").region
        assert seen.contains_region(note.region), (seen, note.region)

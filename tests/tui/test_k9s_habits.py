"""What a k9s user reaches for: sort keys, natural order, rich filters, tree keys, read-only,
the theme remembered."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from tui_support import (
    add,
    make_app,
    palette_prompts,
    running,
    settled,
    shown_keys,
    typed,
    wait_for,
)

from skyshift_tui.screens.help import HelpScreen, bindings_table
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.tui.user_files import load_settings


async def test_shift_initials_sort_and_the_title_says_by_what(seeded: TinyDBStore) -> None:
    async with running(seeded, size=(80, 24)) as (app, pilot):
        await typed(pilot, "A")  # AGE: youngest first
        assert shown_keys(app)[0] == "shop/search"
        assert "by AGE ▲" in str(app.table.border_title)
        await typed(pilot, "A")  # again: reversed
        assert shown_keys(app)[0] == "default/web" and "by AGE ▼" in str(app.table.border_title)
        await typed(pilot, "P")  # PRIMARY CLUSTER is off screen at 80 columns: the title says
        assert "PRIMARY CLUSTER" not in app.table.render_line(0).text  # not whole, at least
        assert "by PRIMARY CLUSTER ▲" in str(app.table.border_title)
        await typed(pilot, "number_sign")
        assert [app.catalog.rows[k].total_endpoints for k in shown_keys(app)] == [0, 1, 2, 2, 3, 4]


async def test_names_sort_naturally(store: TinyDBStore) -> None:
    # Upper case too where the store allows it (etcd keeps to names SkyShift can read).
    third = "API-3" if isinstance(store, TinyDBStore) else "api-3"
    for name in ["api-10", "api-2", "api-1", third]:
        add(store, name)
    async with running(store) as (app, pilot):
        assert shown_keys(app) == [
            "default/api-1",
            "default/api-2",
            f"default/{third}",
            "default/api-10",
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app= !web", ["default/api", "default/cache", "shop/checkout", "shop/payments"]),
        ("ns:shop !pay", ["shop/checkout", "shop/search"]),
        ("cluster:eu", ["default/cache", "shop/checkout"]),
        ("label:team=pay", ["shop/payments"]),
        ("!label:team=pay ns:shop e", ["shop/checkout", "shop/search"]),
        ("app= ns:default tier", ["default/web"]),
        # A plain word is looked for in everything the row shows: namespace and labels too.
        ("shop", ["shop/checkout", "shop/payments", "shop/search"]),
        ("team=pay", ["shop/payments"]),
    ],
)
async def test_the_filter_takes_terms_exclusions_and_prefixes(
    seeded: TinyDBStore, text: str, expected: list[str]
) -> None:
    from skyshift_tui.core.models import Endpoints

    obj = seeded.get_endpoints("payments", "shop")
    obj["metadata"]["labels"] = {"team": "pay"}
    seeded.update_endpoints(Endpoints.model_validate(obj))
    async with running(seeded) as (app, pilot):
        await typed(pilot, "slash", *text, "enter")
        assert shown_keys(app) == expected
        assert f"filter “{text}”" in str(app.table.border_title)


async def test_g_G_and_enter_in_the_tree(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "shift+tab")
        assert app.focused is app.ns_tree
        await typed(pilot, "G")
        assert app.ns_tree.chosen == "staging"
        await typed(pilot, "g")
        assert app.ns_tree.chosen is None
        await typed(pilot, "j", "enter")
        await wait_for(pilot, lambda: app.focused is app.table, "the table")
        assert app.ns_tree.chosen == "default" and len(shown_keys(app)) == 3


async def test_help_lists_every_key(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await typed(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, file=io.StringIO(), record=True)
        console.print(bindings_table(app.screen.sections))
        text = console.export_text()
        for key in ["tab shift+tab", "←", "→", "A", "#", "u", "t", "v", "home g", "enter", "end G"]:
            assert re.search(rf"^\s*{re.escape(key)}\s+\S", text, re.M), key


async def test_readonly_hides_and_refuses_every_write(seeded: TinyDBStore) -> None:
    app = make_app(seeded)
    app.readonly = True
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.loads > 0, "the first load")
        revision = seeded.revision()
        footer_keys = {k for k, b in app.screen.active_bindings.items() if b.enabled}
        await typed(pilot, "d", "y", "c", *"x", "enter", "n", *"y", "enter", "u")
        assert app.screen is app.main
        app.ns_tree.choose("shop")
        await typed(pilot, "D", *"shop", "enter")
        await settled(pilot)
        assert seeded.revision() == revision
        assert not {"c", "d", "n", "D", "u"} & {k for k in footer_keys}
        await typed(pilot, "ctrl+p")
        # "e" matches both "Screenshot" (allowed) and "Create ..." (a write): the hits must
        # hold the first, so the search has run, and not the second.
        prompts = await palette_prompts(pilot, "e")
        assert any("Screenshot" in prompt for prompt in prompts), prompts
        assert not any("Create" in prompt for prompt in prompts), prompts


async def test_the_palette_has_reverse_sort_and_no_entry_twice(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        titles = [command.title for command in app.get_system_commands(app.main)]
        assert "Reverse sort" in titles
        assert len(titles) == len(set(titles)), titles


async def test_the_theme_is_remembered_between_runs(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        app.theme = "nord"
        await wait_for(pilot, lambda: load_settings().get("theme") == "nord", "the saved theme")
    async with running(seeded) as (app, pilot):
        assert app.theme == "nord"

"""`z` and `v`: the selected set full screen, described or as YAML, scrollable; `escape`
goes back. It follows the set live: the main screen hands it each new state (`show`), and a
set deleted meanwhile says so instead of showing what is gone.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from skyshift_tui.store.base import InvalidValue, Object
from skyshift_tui.widgets.detail_view import DetailView
from skyshift_tui.widgets.safe_text import safe_text


class ZoomScreen(Screen[None]):
    """One set, full screen: its description (`z`) or its YAML (`v`).

    | Key | Action |
    | --- | --- |
    | escape, q | back to the table |
    | v / z | the YAML / the description |
    | up / down, pageup / pagedown, home / end | scroll |
    """

    BINDINGS = [
        Binding("escape,q", "back", "Back", tooltip="Back to the table"),
        Binding("v", "view(True)", "YAML", tooltip="The set's YAML"),
        Binding("z", "view(False)", "Describe", tooltip="The set described"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
        Binding("g", "scroll('home')", "Top", show=False),
        Binding("G", "scroll('end')", "Bottom", show=False),
    ]

    def __init__(self, key: str, shown: Object | InvalidValue | None, yaml: bool) -> None:
        super().__init__()
        self.key = key
        """The catalog key of the set shown."""
        self._shown = shown
        self._yaml = yaml

    @property
    def detail(self) -> DetailView:
        return self.query_one("#zoom", DetailView)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DetailView(id="zoom")
        yield Footer()

    def on_mount(self) -> None:
        self.detail.yaml = self._yaml
        self._title()
        self.show(self._shown, keep_scroll=False)
        self.detail.focus()
        self.set_interval(1.0, self.detail.refresh_age, name="ages")

    def _title(self) -> None:
        view = "yaml" if self.detail.yaml else "describe"
        self.detail.border_title = safe_text(f"{view} › {self.key}")

    def show(self, shown: Object | InvalidValue | None, keep_scroll: bool = True) -> None:
        """The set as it is now (None: it was deleted; the last state stays, and says so)."""
        detail = self.detail
        if shown is None:
            detail.border_title = safe_text(f"{self.key} · deleted")
            return
        self._shown = shown
        if isinstance(shown, InvalidValue):
            detail.show_invalid(shown)
        else:
            detail.show(shown, keep_scroll=keep_scroll)

    def action_view(self, yaml: bool) -> None:
        if yaml != self.detail.yaml:
            self.detail.toggle_yaml()
            self._title()

    def action_scroll(self, where: str) -> None:
        getattr(self.detail, f"action_scroll_{where}")()

    def action_back(self) -> None:
        self.dismiss()

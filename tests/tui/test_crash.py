"""A crash is never reported as success: `run_tui` raises one line, the traceback is logged."""

from __future__ import annotations

from pathlib import Path

import pytest

from skyshift_tui.app import run_tui
from skyshift_tui.errors import SkyShiftError
from skyshift_tui.store import open_store
from skyshift_tui.store.tinydb_store import TinyDBStore
from skyshift_tui.widgets.detail_view import DetailView


def test_a_crash_is_one_line_and_a_log(
    seeded: TinyDBStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self: DetailView, obj: object) -> None:
        raise ValueError("boom [/]")

    monkeypatch.setattr(DetailView, "show", broken)
    with pytest.raises(SkyShiftError) as raised:
        run_tui(open_store(seeded.location), headless=True)
    message = str(raised.value)
    assert "\\n" not in message and "\n" not in message
    assert message.startswith("the TUI stopped on an unexpected error: ValueError('boom [/]')")
    log = Path(message.rsplit("details in ", 1)[1])
    assert 'raise ValueError("boom [/]")' in log.read_text()
    assert "Traceback" not in capsys.readouterr().err

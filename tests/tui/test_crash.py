"""A crash is never reported as success: `run_tui` raises one line, the traceback is logged."""

from __future__ import annotations

from pathlib import Path

import pytest

from skyshift_tui.core.errors import SkyShiftError
from skyshift_tui.store import open_store
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.tui.app import run_tui
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


CRASHING_TUI = """
import sys
from skyshift_tui.widgets.detail_view import DetailView
def broken(self, obj):
    raise ValueError("boom [/]")
DetailView.show = broken
from skyshift_tui.cli.main import run
run(sys.argv[1:])
"""


def test_skyctl_tui_exits_1_with_one_line_after_a_crash(seeded: TinyDBStore) -> None:
    """The real command in a terminal (a pty): the crash is one `error:` line on stderr, after
    the screen Textual drew there (Textual draws on stderr) is put away."""
    import os
    import subprocess
    import sys

    main, child = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", CRASHING_TUI, "--store", seeded.location, "tui"],
            stdin=child,
            stdout=child,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "TERM": "xterm-256color"},
        )
    finally:
        os.close(child)
        os.close(main)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    tail = done.stderr[done.stderr.rindex("error: the TUI") :]
    assert tail.startswith("error: the TUI stopped on an unexpected error: ValueError('boom [/]')")
    assert tail.count("\n") == 1 and tail.endswith("\n") and "\x1b" not in tail

"""Terminal escapes in the TUI (issue 13, point 1): an annotation holding OSC 0 (the title) and
OSC 52 (the clipboard) changed the title and wrote the clipboard of whoever opened the TUI,
whose detail pane shows the first set at launch. The real `skyctl tui` runs in tmux here, and
the test reads what reached the terminal: the pane's title, tmux's paste buffers (OSC 52 lands
there with `set-clipboard on`) and the raw bytes the program wrote (`pipe-pane`)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_support import SKYCTL, skyctl
from test_terminal_escapes import HOSTILE, plant

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

WAIT_SECONDS = 60.0
"""How long to wait for the TUI to draw before failing (it takes ~1-3 s)."""


class Tmux:
    """A tmux server of the test's own (its socket in tmp_path), one 120x50 pane."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"
        self.config = folder / "tmux.conf"
        # Without `set-clipboard on` tmux ignores OSC 52; with it, a write becomes a buffer.
        self.config.write_text(
            "set -g set-clipboard on\nset -g remain-on-exit on\nset -g default-size 120x50\n"
        )

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p")

    def wait_for(self, condition: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                title = self("display-message", "-p", "#{pane_title}")
                raise AssertionError(
                    f"{what} never showed; title {title!r}, buffers {self('list-buffers')!r}:\n"
                    f"{screen}"
                )
            time.sleep(0.05)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        subprocess.run(
            ["tmux", "-S", str(server.socket), "kill-server"], capture_output=True, timeout=30
        )


def test_stored_escapes_never_reach_the_terminal_of_the_tui(
    store_path: Path, tmp_path: Path, tmux: Tmux
) -> None:
    plant(store_path)  # hand-edited: a namespace, a set name, labels and clusters hold them
    assert skyctl(store_path, "create", "endpoints", "aaa-victim").code == 0  # the first row
    assert skyctl(store_path, "annotate", "endpoints", "aaa-victim", f"note={HOSTILE}").code == 0
    raw = tmp_path / "raw"
    program = shlex.join([*SKYCTL, "--store", str(store_path), "tui"])
    # The pane sets its own title, then waits for a line, so that `pipe-pane` is in place
    # before the TUI writes its first byte.
    command = (
        f"printf '\\033]2;before\\007'; read go; unset COLUMNS LINES; "
        f"HOME={tmp_path} exec {program}"
    )
    tmux("new-session", "-d", "-x", "120", "-y", "50", command)
    tmux("pipe-pane", "-o", f"cat > {shlex.quote(str(raw))}")
    tmux("send-keys", "Enter")
    screen = tmux.wait_for(lambda s: "aaa-victim" in s and "Annotations:" in s, "the detail")
    assert "note=\\x1b]0;pwned\\x07\\x1b]52;c;SGFja2Vk" in screen  # shown, as data
    tmux("send-keys", "v")  # the YAML, full screen: the same data, in YAML's escapes
    screen = tmux.wait_for(lambda s: "annotations:" in s, "the YAML view")
    assert "\\e]0;pwned\\a\\e]52;c;SGFja2Vk" in screen
    tmux("send-keys", "q")  # back from the full-screen view
    tmux.wait_for(lambda s: "Namespaces" in s, "the main screen")
    tmux("send-keys", "q")
    tmux.wait_for(lambda _: tmux("display-message", "-p", "#{pane_dead}").strip() == "1", "exit")

    assert tmux("display-message", "-p", "#{pane_title}").strip() == "before"
    assert tmux("list-buffers") == ""  # OSC 52 would have made one
    written = raw.read_bytes()
    assert b"\\x1b]0;pwned" in written  # the pane drew the annotation, escaped
    # (BEL alone may be Textual's own: it ends the OSC 22 that sets the mouse pointer.)
    for hostile in ("\x1b]0;pwned", "\x1b]52;", "\x9b2J", "\u202e", "\u2066", "\x7f"):
        assert hostile.encode() not in written, hostile

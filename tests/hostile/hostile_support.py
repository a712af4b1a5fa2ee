"""What the hostile tests share: run `skyctl` as a user would, and compare stores byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store.file.store import TinyDBStore

SKYCTL = [sys.executable, "-m", "skyctl"]
TIMEOUT = 60


class Result:
    """What a finished `skyctl` run left: exit code, stdout, stderr (text, escapes kept)."""

    def __init__(self, code: int, out: bytes, err: bytes) -> None:
        self.code = code
        self.out = out.decode(errors="backslashreplace")
        self.err = err.decode(errors="backslashreplace")

    def __repr__(self) -> str:
        return f"Result(code={self.code}, out={self.out[:2000]!r}, err={self.err[:2000]!r})"


def skyctl(store: Path | str, *args: str, stdin: str | bytes | None = None) -> Result:
    """`skyctl --store STORE ARGS`, run in this process through the CLI's own `main(argv)`
    (as tests/cli do: see cli_support), its output captured as bytes."""
    from click.testing import CliRunner

    from skyshift_tui.cli.main import main

    with CliRunner().isolation(input=stdin) as (out, err, _):
        try:
            code = int(main(["--store", str(store), *args]))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return Result(code, out.getvalue(), err.getvalue())


def skyctl_process(store: Path | str, *args: str, stdin: str | bytes | None = None) -> Result:
    """`skyctl --store STORE ARGS`, as a subprocess: for what only a process shows."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [*SKYCTL, "--store", str(store), *args],
        input=data,
        stdin=None if data is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def state(path: Path) -> tuple[bytes, int, int, int]:
    """A store file's bytes, mode, owner and inode: what 'nothing changed' means."""
    info = os.stat(path)
    return path.read_bytes(), info.st_mode, info.st_uid, info.st_ino


def seeded(path: Path, *names: str) -> TinyDBStore:
    """A store at `path` holding sets `names` (default: `web`) in `default`."""
    store = TinyDBStore(path)
    for name in names or ("web",):
        store.create_endpoints(EndpointsForm(name=name).to_endpoints())
    return store


def one_error_line(result: Result) -> str:
    """The run's stderr, checked to be one `error: ...` line and no traceback."""
    assert "Traceback" not in result.err, result
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result
    return lines[0]


def skyctl_on_terminal(store: Path | str, *args: str) -> bytes:
    """What `skyctl --store STORE ARGS` writes to a terminal (stdout and stderr on a
    pseudo-terminal), raw; the terminal's CR LF for each newline read back as the newline."""
    from cli_support import run_on_a_terminal

    _, output = run_on_a_terminal(["--store", str(store), *args])
    return output.replace(b"\r\n", b"\n")

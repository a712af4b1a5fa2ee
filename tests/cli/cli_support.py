"""What CLI tests share: run the real `skyctl`, in this process or as a subprocess.

Most tests run the command in-process through the CLI's own `main(argv)` (what the console
script calls), its stdin, stdout and stderr swapped for buffers by click's `CliRunner.isolation`:
the same parsing, errors and exit codes, without a process start (~0.3 s each, most of the
suite's time). What only a process shows (exit on a signal, a terminal, a broken pipe, what is
imported, the console script itself) runs as a subprocess, through `run_skyctl`. Tests seed and
inspect their stores through the store API. (A module, not conftest.py, so that test files can
import its names.)
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store import Store

SKYCTL = [sys.executable, "-m", "skyctl"]
TIMEOUT = 60


@dataclass
class Result:
    """What a finished `skyctl` run left: exit code, stdout, stderr."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


Skyctl = Callable[..., Result]
"""The `skyctl` fixture: `skyctl(*args, stdin=None)` runs `skyctl --store <its store> *args`."""

StoreState = Callable[[], object]
"""The `store_state` fixture: `store_state()` is everything stored, compared before and after."""


def add_endpoints(store: Store, name: str, namespace: str = "default", **fields: Any) -> None:
    """Seed a set through the store API (no process start)."""
    form = EndpointsForm(name=name, namespace=namespace, **fields)
    store.create_endpoints(form.to_endpoints())


def run_in_process(args: list[str], stdin: str | None = None) -> Result:
    """Run `skyctl ARGS` to the end in this process, as `skyctl.main` does (less its exit)."""
    from click.testing import CliRunner

    from skyshift_tui.cli.main import main

    with CliRunner().isolation(input=stdin) as (out, err, _):
        try:
            code = int(main(args))
        except SystemExit as exit:  # shell completion exits, as click's standalone mode does
            code = exit.code if isinstance(exit.code, int) else 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return Result(code, out.getvalue().decode(), err.getvalue().decode())


def run_skyctl(args: list[str], stdin: str | None = None) -> Result:
    """Run `skyctl ARGS` to the end, as a subprocess."""
    done = subprocess.run(
        [*SKYCTL, *args], input=stdin, capture_output=True, text=True, timeout=TIMEOUT
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_on_a_terminal(args: list[str], env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run `skyctl ARGS` to the end on a pseudo-terminal (its stdin, stdout and stderr): its
    exit code and all it wrote (the terminal writes each newline as CR LF)."""
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*SKYCTL, *args], env=env, stdin=secondary, stdout=secondary, stderr=secondary
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    code = process.wait(timeout=TIMEOUT)
    os.close(primary)
    return code, output


class Watch:
    """A running `skyctl get ... --watch`, read line by line with deadlines (never a sleep)."""

    def __init__(self, args: list[str], location: str | Path) -> None:
        self.process = subprocess.Popen(
            [*SKYCTL, "--store", str(location), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        self._fd = self.process.stdout.fileno()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._fd, selectors.EVENT_READ)
        self._buffer = b""

    def line(self, timeout: float = 10.0) -> str:
        """The next stdout line; fails the test if none comes within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._selector.select(remaining):
                raise AssertionError(f"no line within {timeout} s; so far: {self._buffer!r}")
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise AssertionError(f"watch ended early: {self.finish()}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def lines(self, count: int, timeout: float = 10.0) -> list[str]:
        return [self.line(timeout) for _ in range(count)]

    def stop(self, signum: int = signal.SIGINT) -> Result:
        """Send `signum` and collect the exit code and the rest of the output."""
        self.process.send_signal(signum)
        return self.finish()

    def finish(self) -> Result:
        out, err = self.process.communicate(timeout=TIMEOUT)
        code = self.process.returncode
        return Result(code, (self._buffer + out).decode(), err.decode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate(timeout=TIMEOUT)

"""`skyctl tui`: opens the store named globally or locally and hands it to `run_tui`.

The app itself is tested in tests/tui; here `skyshift_tui.tui.app` is replaced in a fresh
interpreter, so these tests neither start Textual nor depend on the app's state.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FAKE_APP = """
import sys, types
app = types.ModuleType("skyshift_tui.tui.app")
app.run_tui = lambda store, namespace, readonly=False: print(
    type(store).__name__, store.location, namespace, *(["readonly"] if readonly else [])
)
sys.modules["skyshift_tui.tui.app"] = app
"""
NO_APP = """
import sys
sys.modules["skyshift_tui.tui.app"] = None  # importing it now raises ImportError
"""
RUN = """
from skyshift_tui.cli.main import run
run(sys.argv[1:])
"""


def run(prelude: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", prelude + RUN, *args], capture_output=True, text=True, timeout=60
    )


def test_store_and_namespace_reach_run_tui(store_url: str, backend: str) -> None:
    kind = {"file": "TinyDBStore", "etcd": "EtcdStore"}[backend]
    local = run(FAKE_APP, "tui", "--store", store_url, "-n", "dev")
    assert (local.returncode, local.stdout) == (0, f"{kind} {store_url} dev\n"), local.stderr
    global_ = run(FAKE_APP, "--store", store_url, "tui")
    assert global_.stdout == f"{kind} {store_url} None\n"
    readonly = run(FAKE_APP, "tui", "--store", store_url, "--readonly")
    assert readonly.stdout == f"{kind} {store_url} None readonly\n", readonly.stderr


def test_missing_app_is_one_line(tmp_path: Path) -> None:
    done = run(NO_APP, "--store", str(tmp_path / "s.json"), "tui")
    assert done.returncode == 1
    assert done.stderr.startswith("error: the TUI is not available")
    assert len(done.stderr.splitlines()) == 1

"""The CLI's start-up budget, enforced: reads never import pydantic, nothing imports Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_support import add_endpoints

from skyshift_tui.store import Store

PROBE = """
import sys
from skyshift_tui.cli.main import main
code = main(sys.argv[1:])
watched = {"textual", "pydantic", "rich", "tinydb", "yaml", "jsonpath_ng", "jsonpatch"}
heavy = sorted({name.partition(".")[0] for name in sys.modules} & watched)
print(code, ",".join(heavy))
"""


def imported(*args: str) -> tuple[int, set[str]]:
    """Run one command in a fresh interpreter; its exit code and the heavy packages it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    code, _, heavy = done.stdout.strip().splitlines()[-1].partition(" ")
    return int(code), set(filter(None, heavy.split(",")))


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["get", "endpoints", "-A"], {"tinydb"}),
        (["get", "endpoints", "web", "-o", "json"], {"tinydb"}),
        (["get", "namespaces"], {"tinydb"}),
        (["delete", "endpoints", "web"], {"tinydb"}),
        (["create", "endpoints", "new"], {"tinydb", "pydantic"}),
        (["get", "endpoints", "-A", "--sort-by", ".metadata.name"], {"tinydb", "jsonpath_ng"}),
        (["get", "endpoints", "-o", "jsonpath={.items}"], {"tinydb", "jsonpath_ng"}),
        (["delete", "endpoints", "--all"], {"tinydb"}),
        (["get", "endpoints", "-A", "-l", "app in (web,api),!canary"], {"tinydb"}),
        (["scale", "endpoints", "web", "--num_endpoints", "2"], {"tinydb", "pydantic"}),
        (["patch", "endpoints", "web", "-p", "{}"], {"tinydb", "pydantic"}),
        (["--version"], set()),
    ],
)
def test_heavy_imports_per_command(
    store: Store, store_url: str, backend: str, args: list[str], allowed: set[str]
) -> None:
    add_endpoints(store, "web")  # so every command runs to its end
    code, heavy = imported("--store", store_url, *args)
    assert code == 0  # a command that failed early proves nothing about its imports
    if backend == "etcd":
        allowed = allowed - {"tinydb"}  # etcd's client is the standard library's HTTP
    assert heavy <= allowed

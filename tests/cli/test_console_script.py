"""Most CLI tests run `skyctl` in-process (cli_support.run_in_process); this file proves that
is the same command: each command family runs as the real console script, a subprocess, and
in-process on a twin store, and both give the same exit code, stdout and stderr, step by step.

(Signals, terminals, broken pipes and imports are tested as subprocesses where they are
tested: test_watch*, tests/hostile, test_import_hygiene, test_globals_and_errors.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run_in_process, run_skyctl

SET = """kind: Endpoints
metadata: {name: api, namespace: shop}
spec: {num_endpoints: 2, selector: {app: api}}
"""

FAMILIES = {
    "create": [
        ["create", "endpoints", "web", "-n", "shop", "--num_endpoints", "3", "-s", "app=web"],
        ["create", "namespace", "staging"],
        ["create", "endpoints", "web", "-n", "shop"],  # exit 1: already exists
        ["create", "endpoints", "Bad Name"],  # exit 2: usage
    ],
    "get": [
        ["create", "endpoints", "web", "-n", "shop"],
        ["get", "endpoints", "-n", "shop", "-o", "name"],
        ["get", "namespaces", "-o", "name"],
        ["get", "endpoints", "web", "-n", "shop", "-o", "jsonpath={.spec.num_endpoints}"],
        ["get", "endpoints", "nope", "-n", "shop"],
        ["get", "-o", "bogus", "endpoints"],
    ],
    "change": [
        ["create", "endpoints", "web", "-n", "shop"],
        ["scale", "endpoints", "web", "-n", "shop", "--num_endpoints", "5"],
        ["label", "endpoints/web", "-n", "shop", "team=a"],
        ["annotate", "endpoints", "web", "-n", "shop", "note=x"],
        ["patch", "endpoints", "web", "-n", "shop", "-p", '{"spec": {"num_endpoints": 6}}'],
        ["get", "endpoints", "web", "-n", "shop", "-o", "jsonpath={.spec.num_endpoints}"],
        ["scale", "endpoints", "web", "-n", "shop", "--num_endpoints", "-1"],
    ],
    "files": [
        ["apply", "-f", "-"],
        ["diff", "-f", "-"],
        ["replace", "-f", "-"],
        ["apply", "-f", "/nonexistent.yaml"],
    ],
    "delete": [
        ["create", "endpoints", "web", "-n", "shop"],
        ["delete", "endpoints", "web", "-n", "shop"],
        ["delete", "endpoints", "web", "-n", "shop"],
        ["delete", "namespace", "shop"],
    ],
    "describe": [
        ["create", "endpoints", "web", "-n", "shop", "--num_endpoints", "2"],
        ["describe", "namespace", "shop"],
    ],
    "help": [["--version"], [], ["get", "--help"], ["nosuchverb"]],
}


@pytest.mark.parametrize("family", FAMILIES)
def test_in_process_runs_are_the_console_scripts_runs(family: str, tmp_path: Path) -> None:
    twins = tmp_path / "in-process.json", tmp_path / "subprocess.json"
    for args in FAMILIES[family]:
        stdin = SET if args[-1:] == ["-"] else None
        here = run_in_process(["--store", str(twins[0]), *args], stdin)
        there = run_skyctl(["--store", str(twins[1]), *args], stdin)
        there.out = there.out.replace(str(twins[1]), str(twins[0]))
        there.err = there.err.replace(str(twins[1]), str(twins[0]))
        here.out, there.out = without_times(here.out), without_times(there.out)
        assert here == there, args


def without_times(text: str) -> str:
    """`describe`'s Created line: the twins were made a moment apart."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("Created:"))

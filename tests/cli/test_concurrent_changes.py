"""Concurrent day-two writers never lose each other's change. Each `label` or `apply` writes
with the version it read; a conflict is retried on a fresh read, and since each conflict means
another writer landed, all WRITERS (< changes.ATTEMPTS) land, and every change stays."""

from __future__ import annotations

import json
import subprocess

from cli_support import SKYCTL, TIMEOUT, add_endpoints

from skyshift_tui.services.changes import ATTEMPTS
from skyshift_tui.store import Store

WRITERS = 6
assert WRITERS < ATTEMPTS


def run_together(commands: list[list[str]], stdins: list[str | None]) -> list[tuple[int, str]]:
    """Start every command at once; (exit code, stderr) of each."""
    processes = [
        subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    for process, stdin in zip(processes, stdins, strict=True):  # all fed before any is awaited
        assert process.stdin is not None
        process.stdin.write(stdin or "")
        process.stdin.close()
    results = []
    for process in processes:
        assert process.stderr is not None
        err = process.stderr.read()
        results.append((process.wait(timeout=TIMEOUT), err))
    return results


def check(results: list[tuple[int, str]]) -> list[int]:
    """Every writer landed."""
    for code, err in results:
        assert code == 0, err
    return list(range(len(results)))


def test_concurrent_labels_are_all_kept_or_refused(store: Store, store_url: str) -> None:
    add_endpoints(store, "web")
    base = [*SKYCTL, "--store", store_url, "label", "endpoints", "web"]
    results = run_together([[*base, f"k{i}=v"] for i in range(WRITERS)], [None] * WRITERS)
    labels = store.get_endpoints("web", "default")["metadata"]["labels"]
    assert sorted(labels) == sorted(f"k{i}" for i in check(results))


def test_concurrent_partial_applies_are_all_kept_or_refused(store: Store, store_url: str) -> None:
    add_endpoints(store, "web")
    files = [
        json.dumps(
            {
                "kind": "Endpoints",
                "metadata": {"name": "web"},
                "spec": {"endpoints": {f"c{i}": {"num_endpoints": i + 1}}},
            }
        )
        for i in range(WRITERS)
    ]
    command = [*SKYCTL, "--store", store_url, "apply", "-f", "-"]
    results = run_together([command] * WRITERS, list(files))
    clusters = store.get_endpoints("web", "default")["spec"]["endpoints"]
    assert sorted(clusters) == sorted(["auto", *(f"c{i}" for i in check(results))])

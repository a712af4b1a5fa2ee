"""`get -w` with get's options: -l filters the events (a set entering the selection is ADDED,
one leaving it DELETED), and --no-headers, --show-labels, -o jsonpath= and custom-columns= shape
each line as `get` does. --sort-by is refused in watch mode (kubectl ignores it there)."""

from __future__ import annotations

import signal
from collections.abc import Callable

from cli_support import StoreState, Watch, add_endpoints, run_skyctl

from skyshift_tui.store import Store

StartWatch = Callable[..., Watch]


def label(store_url: str, name: str, *changes: str) -> None:
    result = run_skyctl(["--store", store_url, "label", "endpoints", name, *changes])
    assert result.code == 0, result.err


def finish(watcher: Watch) -> str:
    """Stop the watch (exit 0, no traceback); what it printed that was not read yet."""
    result = watcher.stop(signal.SIGINT)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    return result.out


def test_selector_filters_events_and_reports_entering_and_leaving(
    watch: StartWatch, store: Store, store_url: str
) -> None:
    add_endpoints(store, "web")
    add_endpoints(store, "api")
    label(store_url, "web", "tier=front")
    watcher = watch("get", "endpoints", "-l", "tier=front", "-w", "-o", "name")
    assert watcher.line() == "ADDED endpoints/web"
    label(store_url, "api", "other=x")  # api does not match: nothing
    label(store_url, "api", "tier=front")  # api comes to match
    assert watcher.line() == "ADDED endpoints/api"
    label(store_url, "web", "env=prod")  # still matching: a change
    assert watcher.line() == "MODIFIED endpoints/web"
    label(store_url, "web", "tier=back", "--overwrite")  # leaves the selection
    assert watcher.line() == "DELETED endpoints/web"
    label(store_url, "web", "env=dev", "--overwrite")  # out of it: nothing
    store.delete_endpoints("api", "default")
    assert watcher.line() == "DELETED endpoints/api"
    assert finish(watcher) == ""  # nothing about web's later change


def test_selector_with_table_no_headers_and_show_labels(
    watch: StartWatch, store: Store, store_url: str
) -> None:
    add_endpoints(store, "web", num_endpoints=2, primary_cluster="c1")
    label(store_url, "web", "app=web")
    watcher = watch("get", "endpoints", "-l", "app", "-w", "--no-headers", "--show-labels")
    first = watcher.line()
    assert first.split() == [
        "ADDED",
        "web",
        "default",
        "c1",
        "c1:",
        "2",
        "false",
        "<none>",
        first.split()[8],
        "app=web",
    ]
    label(store_url, "web", "team=a")
    line = watcher.line()
    assert line.split()[:2] == ["MODIFIED", "web"]
    assert line.split()[-1] == "app=web,team=a"
    finish(watcher)


def test_show_labels_adds_the_column_to_the_header(
    watch: StartWatch, store: Store, store_url: str
) -> None:
    add_endpoints(store, "web")
    watcher = watch("get", "endpoints", "-w", "--show-labels")
    header, row = watcher.lines(2)
    assert header.split()[0] == "EVENT" and header.split()[-1] == "LABELS"
    assert row.split()[-1] == "<none>"
    finish(watcher)


def test_jsonpath_prints_the_template_per_object(
    watch: StartWatch, store: Store, store_url: str
) -> None:
    add_endpoints(store, "web", num_endpoints=3, primary_cluster="c1")
    template = 'jsonpath={.metadata.name}={.spec.endpoints.c1.num_endpoints}{"\\n"}'
    watcher = watch("get", "endpoints", "-w", "-o", template)
    assert watcher.line() == "web=3"
    run = run_skyctl(["--store", store_url, "scale", "endpoints", "web", "--num_endpoints", "5"])
    assert run.code == 0, run.err
    assert watcher.line() == "web=5"
    finish(watcher)


def test_custom_columns_with_the_event(watch: StartWatch, store: Store, store_url: str) -> None:
    add_endpoints(store, "web", primary_cluster="c1")
    watcher = watch(
        "get",
        "endpoints",
        "-w",
        "-o",
        "custom-columns=NAME:.metadata.name,PRIMARY:.spec.primary_cluster",
    )
    header, row = watcher.lines(2)
    assert header.split() == ["EVENT", "NAME", "PRIMARY"]
    assert row.split() == ["ADDED", "web", "c1"]
    assert header.index("PRIMARY") == row.index("c1")
    store.delete_endpoints("web", "default")
    assert watcher.line().split() == ["DELETED", "web", "c1"]
    finish(watcher)


def test_namespace_watch_with_a_selector(watch: StartWatch, store: Store, store_url: str) -> None:
    watcher = watch("get", "namespaces", "-w", "-l", "team=a", "-o", "name")
    for args in (["create", "namespace", "one"], ["create", "namespace", "two"]):
        assert run_skyctl(["--store", store_url, *args]).code == 0
    labelled = run_skyctl(["--store", store_url, "label", "namespaces", "two", "team=a"])
    assert labelled.code == 0, labelled.err
    assert watcher.line() == "ADDED namespace/two"
    assert finish(watcher) == ""


def test_sort_by_is_refused_in_watch_mode(
    store: Store, store_url: str, store_state: StoreState
) -> None:
    add_endpoints(store, "web")
    before = store_state()
    result = run_skyctl(
        ["--store", store_url, "get", "endpoints", "-w", "--sort-by", ".metadata.name"]
    )
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: --sort-by does not apply to --watch")
    assert len(result.err.strip().splitlines()) == 1
    assert store_state() == before


def test_bad_templates_and_selectors_are_refused_before_watching(store_url: str) -> None:
    for args in (
        ["-o", "jsonpath={.metadata.name"],
        ["-o", "custom-columns=NAME"],
        ["-l", "a in (b"],
    ):
        result = run_skyctl(["--store", store_url, "get", "endpoints", "-w", *args])
        assert result.code == 2, (args, result.err)
        assert result.out == ""
        assert result.err.startswith("error: ") and len(result.err.strip().splitlines()) == 1

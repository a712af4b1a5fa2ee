"""`delete endpoints` with several NAMEs, `-l`, `--all` (one namespace or `-A`): one store
write, one line per set; `--dry-run` and `--resource-version`; bad selectors exit 2."""

from __future__ import annotations

import pytest
from cli_support import Skyctl, StoreState

from skyshift_tui.core.models import parse_object
from skyshift_tui.store import Store


@pytest.fixture
def fleet(store: Store) -> Store:
    """web (app=web, env=prod), api (app=api, env=dev), db (no labels) in default; web in dev."""
    labelled = [
        ("web", "default", {"app": "web", "env": "prod"}),
        ("api", "default", {"app": "api", "env": "dev"}),
        ("db", "default", {}),
        ("web", "dev", {"app": "web"}),
    ]
    store.apply(
        [
            parse_object(
                {"kind": "Endpoints", "metadata": {"name": n, "namespace": ns, "labels": labels}}
            )
            for n, ns, labels in labelled
        ]
    )
    return store


def remaining(store: Store) -> list[str]:
    return sorted(
        f"{o['metadata']['namespace']}/{o['metadata']['name']}" for o in store.list_endpoints()
    )


def test_several_names_in_one_write(skyctl: Skyctl, fleet: Store, backend: str) -> None:
    revision = fleet.revision()
    result = skyctl("delete", "endpoints", "web", "api")
    assert result.lines == ["endpoints/web deleted", "endpoints/api deleted"]
    assert remaining(fleet) == ["default/db", "dev/web"]
    batch = fleet.changes_since(revision)
    assert [event.type for event in batch.events] == ["DELETED", "DELETED"]
    if backend == "file":  # one write: the file changed once, numbering each of its two events
        assert {event.revision for event in batch.events} == {revision + 1, revision + 2}
        assert fleet.revision() == revision + 2
    else:  # one transaction: etcd gives both of its events the one revision
        assert {event.revision for event in batch.events} == {revision + 1}
        assert fleet.revision() == revision + 1


def test_a_missing_name_deletes_nothing(
    skyctl: Skyctl, fleet: Store, store_state: StoreState
) -> None:
    before = store_state()
    result = skyctl("delete", "endpoints", "web", "ghost")
    assert result.code == 1 and 'endpoints "ghost" does not exist' in result.err
    assert store_state() == before


@pytest.mark.parametrize(
    ("selector", "deleted"),
    [
        ("app=web", ["default/web"]),
        ("app==web", ["default/web"]),
        ("env!=prod", ["default/api", "default/db"]),
        ("app", ["default/api", "default/web"]),
        ("!app", ["default/db"]),
        ("app in (web, api)", ["default/api", "default/web"]),
        ("app notin (web)", ["default/api", "default/db"]),
        ("app,env=dev", ["default/api"]),
    ],
)
def test_selectors(skyctl: Skyctl, fleet: Store, selector: str, deleted: list[str]) -> None:
    result = skyctl("delete", "endpoints", "-l", selector)
    assert result.code == 0, result.err
    assert len(result.lines) == len(deleted)
    everything = {"default/api", "default/db", "default/web", "dev/web"}
    assert sorted(everything - set(remaining(fleet))) == deleted


def test_all_in_a_namespace_or_everywhere(
    skyctl: Skyctl, fleet: Store, store_state: StoreState
) -> None:
    before = store_state()
    dry = skyctl("delete", "endpoints", "--all", "-A", "--dry-run")
    assert dry.lines == [
        "endpoints/api deleted (dry run)",
        "endpoints/db deleted (dry run)",
        "endpoints/web deleted (dry run)",
        "endpoints/web deleted (dry run)",
    ]
    assert store_state() == before
    assert skyctl("delete", "endpoints", "--all", "-n", "dev").lines == ["endpoints/web deleted"]
    assert len(skyctl("delete", "endpoints", "--all").lines) == 3
    assert remaining(fleet) == []
    empty = skyctl("delete", "endpoints", "--all", "-A")
    assert (empty.code, empty.out, empty.err) == (0, "", "No resources found.\n")


def test_one_name_with_resource_version_and_dry_run(
    skyctl: Skyctl, fleet: Store, store_state: StoreState
) -> None:
    seen = fleet.get_endpoints("db", "default")["metadata"]["resource_version"]
    before = store_state()
    assert skyctl("delete", "edp", "db", "--dry-run").lines == ["endpoints/db deleted (dry run)"]
    before_name = skyctl("delete", "edp", "--dry-run", "db")  # the flag never eats the NAME
    assert before_name.lines == ["endpoints/db deleted (dry run)"]
    kubectl_style = skyctl("delete", "edp", "db", "--dry-run=client")
    assert kubectl_style.lines == ["endpoints/db deleted (dry run)"]
    stale = skyctl("delete", "edp", "db", "--resource-version", str(seen + 1))
    assert stale.code == 1 and f"was changed since version {seen + 1}" in stale.err
    assert store_state() == before
    assert skyctl("delete", "edp", "db", "--resource-version", str(seen)).code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-l", "app in (web"], "unclosed"),
        (["-l", "a=b)"], "unmatched"),
        (["-l", "=x"], "malformed"),
        (["-l", "bad key=x"], "malformed"),
        (["-l", "-bad-=x"], "invalid"),
        (["-l", ""], "empty"),
        ([], "name the sets to delete"),
        (["web", "--all"], "not both"),
        (["web", "-A"], "-A deletes by -l or --all only"),
        (["a", "b", "--resource-version", "3"], "exactly one NAME"),
    ],
)
def test_bad_requests_exit_2_and_delete_nothing(
    skyctl: Skyctl, fleet: Store, store_state: StoreState, args: list[str], message: str
) -> None:
    before = store_state()
    result = skyctl("delete", "endpoints", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and message in result.err, result.err
    assert len(result.err.splitlines()) == 1
    assert store_state() == before


def test_namespace_delete_dry_run(skyctl: Skyctl, fleet: Store, store_state: StoreState) -> None:
    before = store_state()
    refused = skyctl("delete", "ns", "dev", "--dry-run")
    assert refused.code == 1 and "--cascade" in refused.err
    dry = skyctl("delete", "ns", "dev", "--cascade", "--dry-run")
    assert dry.lines == ["endpoints/web deleted (dry run)", "namespace/dev deleted (dry run)"]
    assert store_state() == before

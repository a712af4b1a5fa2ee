"""`skyctl delete endpoints|namespace`: never guesses, protects `default`, cascades on request."""

from __future__ import annotations

import pytest
from cli_support import Skyctl, StoreState, add_endpoints

from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.store import Store


def test_delete_endpoints(skyctl: Skyctl, store: Store) -> None:
    add_endpoints(store, "web")
    add_endpoints(store, "web", "dev")
    assert skyctl("delete", "edp", "web").lines == ["endpoints/web deleted"]
    with pytest.raises(NotFoundError):
        store.get_endpoints("web", "default")
    assert store.get_endpoints("web", "dev")  # the namesake elsewhere is untouched


def test_missing_is_a_failure_with_the_command_to_run(
    skyctl: Skyctl, store: Store, store_state: StoreState
) -> None:
    add_endpoints(store, "web", "a")
    add_endpoints(store, "web", "b")
    before = store_state()
    result = skyctl("delete", "endpoints", "web")
    assert result.code == 1 and result.out == ""
    assert "does not exist" in result.err
    assert "skyctl delete endpoints web --namespace a" in result.err
    assert "skyctl delete endpoints web --namespace b" in result.err
    nowhere = skyctl("delete", "endpoints", "ghost", "-n", "a")
    assert nowhere.code == 1
    assert nowhere.err == 'error: endpoints "ghost" does not exist in namespace "a"\n'
    assert store_state() == before


def test_namespace_delete_default_and_cascade(skyctl: Skyctl, store: Store) -> None:
    add_endpoints(store, "b-web", "dev")
    add_endpoints(store, "a-api", "dev")
    protected = skyctl("delete", "namespace", "default")
    assert protected.code == 1 and "cannot be deleted" in protected.err
    refused = skyctl("delete", "ns", "dev")
    assert refused.code == 1 and "--cascade" in refused.err
    assert len(store.list_endpoints("dev")) == 2
    cascaded = skyctl("delete", "ns", "dev", "--cascade")
    assert cascaded.code == 0, cascaded.err
    assert cascaded.lines == [
        "endpoints/a-api deleted",
        "endpoints/b-web deleted",
        "namespace/dev deleted",
    ]
    assert store.list_endpoints() == []
    missing = skyctl("delete", "ns", "dev")
    assert missing.code == 1 and "does not exist" in missing.err


def test_empty_namespace_goes_without_cascade(skyctl: Skyctl) -> None:
    assert skyctl("create", "ns", "tmp").code == 0
    assert skyctl("delete", "ns", "tmp").lines == ["namespace/tmp deleted"]

"""The etcd password is never shown (issue 13, point 2), and the crash log is the user's alone
(point 3). `etcd://bob:B0bPass@127.0.0.1:abc` came back whole in the error about its port, and
`migrate` printed its `--to` in its summary; the crash log was 0644 in a 0755 folder and
followed a symlink at its path."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_support import run_skyctl
from etcd_fixtures import Cluster
from hostile_support import seeded

from skyshift_tui.tui.user_files import write_crash_log

PASSWORD = "B0bPass"
MALFORMED = [
    f"etcd://bob:{PASSWORD}@127.0.0.1:abc",  # a port that is not a number
    f"etcd://bob:{PASSWORD}@127.0.0.1:2379,,h",  # a bad host list
    f"http://bob:{PASSWORD}@127.0.0.1:2379",  # an unknown scheme
    f"etcd://bob:{PASSWORD}@x@127.0.0.1:abc",  # a password holding `@`
]


@pytest.mark.parametrize("url", MALFORMED)
def test_a_malformed_store_url_is_shown_without_its_password(url: str, tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    seeded(source)
    for args in (
        ["--store", url, "get", "endpoints"],
        ["tui", "--store", url],
        ["migrate", "--from", url, "--to", str(tmp_path / "copy.json")],
        ["migrate", "--from", str(source), "--to", url],
    ):
        done = run_skyctl(args)
        assert done.code == 2, (args, done)
        assert PASSWORD not in done.out + done.err, (args, done)
        assert "bob:***@" in done.err, (args, done)


@pytest.fixture
def with_login(etcd: Cluster) -> Iterator[str]:
    """etcd asking for user root's password; its HOST:PORT."""
    with etcd.login_required(PASSWORD) as host:
        yield host


def test_migrate_shows_the_store_without_its_password(
    etcd: Cluster, with_login: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"etcd://root:{PASSWORD}@{with_login}"
    source = tmp_path / "source.json"
    seeded(source)
    done = run_skyctl(["migrate", "--from", str(source), "--to", url])
    assert done.code == 0, done
    assert done.out == f"migrated 2 objects to etcd://root:***@{with_login}: 2 created, 0 " + (
        "configured, 0 unchanged\n"
    )
    bad = {
        "kind": "Endpoints",
        "metadata": {"name": "bad", "namespace": "default", "labels": {"pay ments!": "x"}},
        "spec": {"endpoints": {}, "selector": {}},
        "status": {},
    }
    key = "/sky_registry/endpoints/default/bad"
    etcd.etcdctl("--user", f"root:{PASSWORD}", "put", key, json.dumps(bad))
    refused = run_skyctl(["migrate", "--from", url, "--to", str(tmp_path / "copy.json")])
    assert refused.code == 2, refused
    assert f"in etcd://root:***@{with_login} is invalid" in refused.err
    assert PASSWORD not in refused.out + refused.err
    # The password from the environment: a wrong one is refused without being shown.
    monkeypatch.setenv("SKYSHIFT_ETCD_PASSWORD", "Wr0ngPass")
    wrong = run_skyctl(["--store", f"etcd://root@{with_login}", "get", "endpoints"])
    assert wrong.code != 0 and "refused the credentials" in wrong.err
    assert "Wr0ngPass" not in wrong.out + wrong.err


def test_the_crash_log_is_private_masked_and_never_follows_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("SKYSHIFT_ETCD_PASSWORD", "Env0Secret")
    folder = state / "skyshift"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)  # as an older version left it
    victim = tmp_path / "victim"
    victim.write_text("mine\n")
    (folder / "tui-crash.log").symlink_to(victim)
    error = ValueError(f"cannot reach etcd://bob:{PASSWORD}@h:1 with Env0Secret")

    log = write_crash_log(error)

    assert log == folder / "tui-crash.log"
    assert victim.read_text() == "mine\n"  # the link was replaced, not followed
    assert not log.is_symlink()
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    text = log.read_text()
    assert "etcd://bob:***@h:1 with ***" in text
    assert PASSWORD not in text and "Env0Secret" not in text
    assert sorted(path.name for path in folder.iterdir()) == ["tui-crash.log"]  # no leftovers

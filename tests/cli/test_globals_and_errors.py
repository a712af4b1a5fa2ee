"""What every command shares: --store and $SKYSHIFT_STORE, --version, --help, completion, and
failures reported as one `error:` line with kubectl's exit codes, never as a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_support import SKYCTL, Result, Skyctl, add_endpoints, run_skyctl

from skyshift_tui.core.models import parse_object
from skyshift_tui.store import Store

FILE_ONLY = pytest.mark.file_store_only


def test_version_and_help() -> None:
    """No store is opened: the same on every backend, so run once."""

    def skyctl(*args: str) -> Result:
        return run_skyctl(list(args))

    version = skyctl("--version")
    assert (version.code, version.out) == (0, "skyctl, version 0.1.0\n")
    script = Path(sys.executable).with_name("skyctl")  # the installed console script
    if script.exists():
        done = subprocess.run(
            [str(script), "--version"], capture_output=True, text=True, timeout=60
        )
        assert done.stdout == version.out
    root = skyctl("--help")
    assert root.code == 0
    for word in ("create", "get", "delete", "apply", "tui", "--store", "_SKYCTL_COMPLETE"):
        assert word in root.out
    assert run_skyctl([]).out == root.out  # bare `skyctl` shows the help too
    create = skyctl("create", "endpoints", "-h")
    for option in ("--namespace", "--num_endpoints", "--exposed", "--primary_cluster", "-s"):
        assert option in create.out
    get = skyctl("get", "edp", "--help").out
    for option in ("--all-namespaces", "--output", "--watch"):
        assert option in get
    assert "--cascade" in skyctl("delete", "ns", "--help").out
    assert "-f" in skyctl("apply", "--help").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["get", "pods"], 'unknown resource type "pods"'),
        (["get"], "name a resource type"),
        (["get", "endpoints", "-o", "xml"], "'xml' is not one of"),
        (["get", "endpoints", "--bogus"], "no such option"),
        (["frobnicate"], "no such command"),
        (["delete", "endpoints"], "name the sets to delete"),
        (["scale", "endpoints", "web"], "missing option '--num_endpoints'"),
        (["patch", "endpoints", "web"], "missing option '-p'"),
        (["get", "endpoints", "-o", "jsonpath"], "needs its argument"),
    ],
)
def test_usage_errors_are_one_line_exit_2(skyctl: Skyctl, args: list[str], message: str) -> None:
    result = skyctl(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: ") and message in result.err
    assert len(result.err.splitlines()) == 1 and "--help" in result.err


def test_store_from_environment(
    tmp_path: Path, store: Store, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKYSHIFT_STORE", store_url)
    assert run_skyctl(["create", "endpoints", "from-env"]).code == 0
    assert store.get_endpoints("from-env", "default")
    explicit = tmp_path / "explicit.json"
    assert run_skyctl(["--store", str(explicit), "get", "endpoints", "from-env"]).code == 1


@FILE_ONLY("the default store is a file in the user's data folder")
def test_default_store_is_in_the_user_data_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SKYSHIFT_STORE"}
    done = subprocess.run(
        [*SKYCTL, "create", "ns", "dev"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "xdg-data" / "skyshift" / "store.json").exists()


@FILE_ONLY("a damaged file; etcd's bad values: test_etcd_cli's bad-value test")
def test_corrupt_store_is_reported_and_untouched(skyctl: Skyctl, store_path: Path) -> None:
    store_path.write_bytes(b'{"endpoints": {"1": ')
    for args in (
        ["get", "endpoints", "-A"],
        ["create", "endpoints", "web"],
        ["delete", "endpoints", "web"],
        ["apply", "-f", "-"],
    ):
        result = skyctl(*args, stdin='{"kind": "Namespace", "metadata": {"name": "x"}}')
        assert result.code == 1, args
        assert result.err.startswith("error: ") and str(store_path) in result.err
        assert "Traceback" not in result.err
    assert store_path.read_bytes() == b'{"endpoints": {"1": '


@FILE_ONLY("a folder where the store file should be")
def test_store_that_is_a_folder(tmp_path: Path) -> None:
    result = run_skyctl(["--store", str(tmp_path), "get", "endpoints"])
    assert result.code == 1 and result.err.startswith("error: ") and "Traceback" not in result.err


@FILE_ONLY("a store path whose folder cannot be made")
@pytest.mark.parametrize(
    ("store", "message"),
    [
        (
            "/proc/nope/x.json",
            "cannot create the folder /proc/nope for the store /proc/nope/x.json: "
            "No such file or directory; check --store",
        ),
        (
            "/proc/nope/deeper/x.json",
            "cannot create the folder /proc/nope for the store /proc/nope/deeper/x.json: "
            "No such file or directory; check --store",
        ),
        (
            "/proc/x.json",
            "cannot create the lock file /proc/x.json.lock beside the store: "
            "No such file or directory; check --store",
        ),
        ("{tmp}/file/x.json", "cannot use store {tmp}/file/x.json: Not a directory"),
    ],
)
def test_a_store_folder_that_cannot_be_made_is_one_line(
    tmp_path: Path, store: str, message: str
) -> None:
    """The first write makes the store's folder; when it cannot, the line says which folder
    and why (not `unexpected FileNotFoundError`), and nothing is written."""
    (tmp_path / "file").write_text("a file, not a folder")
    store, message = (text.replace("{tmp}", str(tmp_path)) for text in (store, message))
    done = run_skyctl(["--store", store, "create", "endpoints", "web"])
    assert (done.code, done.out, done.err) == (1, "", f"error: {message}\n")
    assert [path.name for path in tmp_path.iterdir()] == ["file"]
    assert (tmp_path / "file").read_text() == "a file, not a folder"


@pytest.mark.parametrize("url", ["http://127.0.0.1:2379", "https://h:1", "etcd3://h:1"])
def test_a_store_url_of_another_scheme_is_a_usage_error(tmp_path: Path, url: str) -> None:
    """Not a file named `http:/...` that the first write would create (a folder `http:`)."""
    done = subprocess.run(
        [*SKYCTL, "--store", url, "create", "endpoints", "web"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"error: store URL {url!r}: ") and "etcd://" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_unexpected_exception_is_one_line(store_url: str) -> None:
    code = (
        "import sys\n"
        "from skyshift_tui.store.etcd.store import EtcdStore\n"
        "from skyshift_tui.store.file.store import TinyDBStore\n"
        "def boom(self, namespace=None): raise RuntimeError('disk on fire')\n"
        "TinyDBStore.list_endpoints = EtcdStore.list_endpoints = boom\n"
        "from skyshift_tui.cli.main import run\n"
        f"run(['--store', {store_url!r}, 'get', 'endpoints'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "error: unexpected RuntimeError: disk on fire\n"


def test_shell_completion(store: Store, store_url: str) -> None:
    add_endpoints(store, "web", "dev")
    add_endpoints(store, "api", "prod")

    def complete(words: str) -> list[str]:
        env = {**os.environ, "_SKYCTL_COMPLETE": "bash_complete", "COMP_WORDS": words}
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        done = subprocess.run(SKYCTL, env=env, capture_output=True, text=True, timeout=60)
        return [line.partition(",")[2] for line in done.stdout.splitlines()]

    assert "endpoints" in complete("skyctl get e")
    assert complete(f"skyctl --store {store_url} get endpoints -n dev ") == ["web"]
    assert complete(f"skyctl --store {store_url} delete ns p") == ["prod"]
    script = subprocess.run(
        SKYCTL,
        env={**os.environ, "_SKYCTL_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "_skyctl_completion" in script.stdout


def test_ctrl_c_outside_watch_exits_130(store_url: str) -> None:
    process = subprocess.Popen(
        [*SKYCTL, "--store", store_url, "apply", "-f", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_until_reading_stdin(process.pid)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert out == b"" and b"Traceback" not in err and b"Aborted" not in err


def wait_until_reading_stdin(pid: int, timeout: float = 30.0) -> None:
    """Poll /proc until the process blocks reading its stdin pipe (Linux)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if "pipe" in Path(f"/proc/{pid}/wchan").read_text():
                return
        except OSError:
            pass
        time.sleep(0.01)
    raise AssertionError("skyctl never started reading stdin")


def test_closed_stdout_is_quiet(store: Store, store_url: str) -> None:
    objects = [
        parse_object({"kind": "Endpoints", "metadata": {"name": f"w{i}"}}) for i in range(300)
    ]
    store.apply(objects)  # > 64 KiB of JSON: more than a pipe holds
    process = subprocess.Popen(
        [*SKYCTL, "--store", store_url, "get", "endpoints", "-o", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10)
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)
    assert b"Traceback" not in err and b"Exception ignored" not in err and b"Error" not in err

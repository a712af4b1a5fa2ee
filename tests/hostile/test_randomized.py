"""Generated hostile input through `apply`, `create` and the TUI form's validator (issue 8).

Whatever comes in: never a traceback or an "unexpected" error, exit 0 or 2 (1 only for a store
fault: none here), the store byte for byte as it was after a refusal, and what was accepted
reads back equal (each example starts from a fresh store, so what it applies is new). The
form's validator, `create` and `apply` accept exactly the same sets.

The commands run in-process through `skyshift_tui.cli.main.main` (a subprocess per example
would cost ~0.4 s); the seed is fixed (`derandomize`) and the example counts bounded, so CI runs
the same ~20 s every time. `HYPOTHESIS_PROFILE=explore` runs more, with fresh randomness.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from skyshift_tui.cli.main import main
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import new_namespace
from skyshift_tui.store.file.store import TinyDBStore

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

NASTY = ["\n", "\r", "\t", "\x00", "\x1b", "\x07", "\x9b", "\u202e", " ", "/", "=", ",", "é", "💥"]
GOOD = "abcXYZ019-_."

valid_names = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,12}[A-Za-z0-9])?", fullmatch=True)
names = st.one_of(
    valid_names,  # most input is good: the accepted path needs examples too
    valid_names,
    valid_names,
    valid_names,
    st.text(alphabet=GOOD, min_size=1, max_size=70),
    st.builds(
        lambda good, bad, at: good[:at] + bad + good[at:],
        st.text(alphabet=GOOD, min_size=1, max_size=20),
        st.sampled_from(NASTY),
        st.integers(0, 20),
    ),
    st.text(max_size=10),
)


def label_keys_of(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(words, st.builds(lambda p, n: f"{p.lower()}/{n}", words, words))


integers = st.one_of(
    st.integers(0, 10),
    st.integers(0, 10),
    st.integers(-5, 10),
    st.integers(min_value=2**31 - 2, max_value=2**31 + 2),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**30]),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), integers, st.text(max_size=20), st.floats(-1e9, 1e9)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def endpoints_objects(draw: st.DrawFn, names: st.SearchStrategy[str]) -> dict[str, Any]:
    """Endpoints with every name drawn from `names` (all valid, or some hostile)."""
    label_keys = label_keys_of(names)
    meta: dict[str, Any] = {"name": draw(names)}
    if draw(st.booleans()):
        meta["namespace"] = draw(names)
    if draw(st.booleans()):
        meta["labels"] = draw(st.dictionaries(label_keys, names, max_size=3))
    if draw(st.booleans()):
        meta["annotations"] = draw(st.dictionaries(label_keys, st.text(max_size=30), max_size=3))
    cluster = draw(names)
    obj: dict[str, Any] = {
        "kind": "Endpoints",
        "metadata": meta,
        "spec": {
            "selector": draw(st.dictionaries(label_keys, names, max_size=3)),
            "endpoints": {
                cluster: {
                    "num_endpoints": draw(st.one_of(st.integers(0, 1000), integers)),
                    "exposed_to_cluster": draw(st.booleans()),
                }
            },
            "primary_cluster": cluster,
        },
    }
    if draw(st.booleans()):
        obj["status"] = {"conditions": draw(st.lists(json_values, max_size=3))}
    if draw(st.sampled_from([False] * 9 + [True])):
        obj[draw(st.sampled_from(["extra", "spec2"]))] = 1  # unknown fields are refused
    return obj


namespace_objects = st.builds(
    lambda name, status: {
        "kind": "Namespace",
        "metadata": {"name": name},
        "status": {"status": status},
    },
    names,
    st.text(max_size=20),
)
objects = st.one_of(endpoints_objects(valid_names), endpoints_objects(names), namespace_objects)

YAML_PIECES = [
    "kind: Endpoints\n",
    "metadata: {name: a}\n",
    "metadata: &m {name: b}\n",
    "x: &a [1, 2, 3]\n",
    "y: [*a, *a, *a, *a]\n",
    "status: {conditions: [{v: *a}]}\n",
    "---\n",
    "- 1\n",
    "spec: {endpoints: {c: {num_endpoints: 99999999999999999999999}}}\n",
    "[[[[[[\n",
    "!!binary aGk=\n",
    "when: 2024-01-01\n",
    "\x00\x1b\n",
    "{",
]
files = st.one_of(
    st.lists(objects, min_size=1, max_size=3).map(lambda items: json.dumps(items).encode()),
    st.lists(objects, min_size=1, max_size=3).map(
        lambda items: "".join("---\n" + json.dumps(item) + "\n" for item in items).encode()
    ),
    st.lists(st.sampled_from(YAML_PIECES), min_size=1, max_size=8).map(
        lambda parts: "".join(parts).encode()
    ),
    st.binary(max_size=200),
)


def skyctl(store: Path, *args: str) -> tuple[int, str, str]:
    """Run one command in-process, as `skyctl --store STORE ARGS` would."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--store", str(store), *args])
    return int(code), out.getvalue(), err.getvalue()


def check_outcome(code: int, err: str) -> None:
    event(f"exit {code}")  # --hypothesis-show-statistics: how many were accepted
    assert "Traceback" not in err and "unexpected" not in err, err
    assert code in (0, 2), (code, err)  # 1 is for store faults, and this store is healthy
    if code:
        assert err.startswith("error: ") and err.count("\n") == 1, err


def assert_tables_intact(store: Path) -> None:
    """Whatever was accepted prints as one clean line per object: no control character, no
    name that breaks a row in two."""
    for kind in ("endpoints", "namespaces"):
        code, out, err = skyctl(store, "get", kind, "-A")
        check_outcome(code, err)
        count = len(TinyDBStore(store).list_endpoints() if kind == "endpoints" else [0])
        lines = out.splitlines()
        if kind == "endpoints":
            assert len(lines) == (count + 1 if count else 0), out
        assert not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in out.replace("\n", "")), out


def store_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def assert_reads_back(store: TinyDBStore, item: dict[str, Any]) -> None:
    """Every field the input gave is stored exactly (the store may add defaults beside)."""
    meta = item["metadata"]
    if item["kind"] == "Namespace":
        stored = store.get_namespace(meta["name"])
    else:
        stored = store.get_endpoints(meta["name"], meta.get("namespace", "default"))
    for section in ("spec", "status"):
        for key, value in item.get(section, {}).items():
            assert stored[section][key] == value, (section, key, stored)
    for field in ("labels", "annotations"):
        assert stored["metadata"].get(field, {}) == meta.get(field, {}), (field, stored)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("random")


def fresh_store(folder: Path) -> Path:
    """A store holding one namespace, new for each example: whatever an example applies is
    new there, so it must read back exactly as given (apply merges into what exists)."""
    path = folder / "store.json"
    path.unlink(missing_ok=True)
    TinyDBStore(path).create_namespace(new_namespace("seed"))
    return path


@given(files)
def test_apply_of_any_file(folder: Path, data: bytes) -> None:
    arena = fresh_store(folder)
    source = arena.with_name("input.bin")
    source.write_bytes(data)
    before = store_bytes(arena)
    code, _, err = skyctl(arena, "apply", "-f", str(source))
    check_outcome(code, err)
    if code:
        assert store_bytes(arena) == before
    else:
        assert_tables_intact(arena)


@given(st.lists(objects, min_size=1, max_size=3))
def test_apply_of_generated_objects(folder: Path, items: list[dict[str, Any]]) -> None:
    arena = fresh_store(folder)
    source = arena.with_name("input.json")
    source.write_text(json.dumps(items))
    before = store_bytes(arena)
    code, _, err = skyctl(arena, "apply", "-f", str(source))
    check_outcome(code, err)
    if code:
        assert store_bytes(arena) == before
        return
    assert_tables_intact(arena)
    store = TinyDBStore(arena)
    for item in items:  # one named twice in a file is merged; the others are new, so exact
        if sum(_same_key(item, other) for other in items) == 1:
            assert_reads_back(store, item)


def _same_key(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def key(o: dict[str, Any]) -> tuple[str, str, str]:
        meta = o["metadata"]
        return o["kind"], meta.get("namespace", "default"), meta["name"]

    return key(a) == key(b)


@given(
    name=names,
    namespace=names,
    count=st.one_of(st.integers(0, 100).map(str), integers.map(str), st.text(max_size=6)),
    cluster=names,
    selector=st.lists(
        st.one_of(
            st.builds(lambda k, v: f"{k}={v}", valid_names, valid_names), st.text(max_size=12)
        ),
        max_size=2,
    ),
)
def test_form_create_and_apply_agree(
    folder: Path, name: str, namespace: str, count: str, cluster: str, selector: list[str]
) -> None:
    """The TUI form's validator, `create` and `apply` accept and refuse the same input."""
    arena = fresh_store(folder)
    form = EndpointsForm(name, namespace, count, False, cluster, selector)
    form_ok = not form.errors()
    before = store_bytes(arena)
    args = ["create", "endpoints", name, "-n", namespace, "--num_endpoints", count]
    args += ["--primary_cluster", cluster, *(f"--selector={s}" for s in selector)]
    if any(arg.startswith("-") for arg in (name,)) or "\x00" in "".join(args):
        return  # an option-looking NAME or a NUL cannot reach a real command line
    code, _, err = skyctl(arena, *args)
    check_outcome(code, err)
    assert (code != 2) == form_ok, (form.errors(), err)
    if code:
        assert store_bytes(arena) == before
    if not form_ok:
        return
    obj = form.to_endpoints().model_dump(mode="json")
    obj["metadata"]["name"] = f"{obj['metadata']['name'][:50]}-applied"
    for field in ("creation_timestamp", "resource_version"):
        obj["metadata"].pop(field)
    source = arena.with_name("form.json")
    source.write_text(json.dumps(obj))
    code, _, err = skyctl(arena, "apply", "-f", str(source))
    check_outcome(code, err)
    assert code == 0, err
    assert_reads_back(TinyDBStore(arena), obj)


# -- hostile stored objects through the TUI's keys (issue 13) -------------------------------
# What SkyShift's API server, another tool or a hand edit may leave in the store: anything the
# store's shape check lets through (text where text is read, mappings where mappings are), with
# every value the rules refuse. Each is written into the store file past every check.
SHORT_TEXT = st.one_of(names, st.text(alphabet=NASTY + list(GOOD), max_size=12))
stored_integers = st.one_of(  # within 64 bits: a file holding more is damaged as a whole
    st.integers(-5, 10),
    st.integers(min_value=2**31 - 2, max_value=2**31 + 2),
    st.sampled_from([2**63 - 1, -(2**63)]),
)
scalars = st.one_of(SHORT_TEXT, st.none(), st.booleans(), stored_integers, st.floats(-1e9, 1e9))
stored_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(SHORT_TEXT, children, max_size=3)
    ),
    max_leaves=8,
)
stored_maps = st.dictionaries(label_keys_of(SHORT_TEXT), stored_values, max_size=3)


@st.composite
def stored_sets(draw: st.DrawFn) -> dict[str, Any]:
    """A set as another program may have stored it (name and namespace: text)."""
    clusters = draw(
        st.dictionaries(
            SHORT_TEXT,
            st.fixed_dictionaries(
                {"num_endpoints": stored_integers},
                optional={"exposed_to_cluster": scalars, "extra": scalars},
            ),
            max_size=3,
        )
    )
    primary = draw(st.one_of(st.none(), SHORT_TEXT, st.sampled_from([*clusters, "auto"])))
    meta: dict[str, Any] = {
        "name": draw(SHORT_TEXT.filter(bool)),
        "labels": draw(stored_maps),
        "annotations": draw(stored_maps),
    }
    if draw(st.integers(0, 9)) == 0:  # past the annotations' 256 KiB and the pane's width
        meta["annotations"]["big"] = "x" * 300_000
    if draw(st.booleans()):
        meta["creation_timestamp"] = draw(st.sampled_from(["2024-05-01T09:00:00Z", "", "x"]))
    return {
        "kind": "Endpoints",
        "metadata": meta,
        "spec": {
            "selector": draw(stored_maps),
            "endpoints": clusters,
            "primary_cluster": primary,
        },
        "status": {"conditions": draw(st.lists(stored_values, max_size=3))},
    }


def plant_sets(path: Path, sets: list[dict[str, Any]]) -> list[str]:
    """A store file holding `sets` (in `default`, their names made distinct) as written by
    another program; their table keys."""
    path.unlink(missing_ok=True)
    store = TinyDBStore(path)
    for index in range(len(sets)):
        store.create_endpoints(EndpointsForm(name=f"s{index}").to_endpoints())
    tables = json.loads(path.read_text())
    keys = []
    for stored, obj in zip(tables["endpoints"].values(), sets, strict=True):
        index = stored["metadata"]["name"][1:]
        obj["metadata"].update(
            name=f"{obj['metadata']['name']}{index}",
            namespace="default",
            resource_version=stored["metadata"]["resource_version"],
        )
        stored.clear()
        stored.update(obj)
        keys.append(f"default/{obj['metadata']['name']}")
    path.write_text(json.dumps(tables))
    return keys


KEYS_TRIED = ("enter", "V", "V", "v", "z", "escape", "y", "e", "escape", "plus", "minus")
"""The keys on a set (`E` runs an editor: tests/tui/test_edit_in_editor.py has it); `v`/`z`
zoom it full screen, `escape` comes back."""


async def walk_keys(path: Path, keys: list[str]) -> None:
    """The TUI over the store: every key of KEYS_TRIED on every set; after each, the app runs
    and nothing on its screen or in its notifications is a raw control character or
    pydantic's text."""
    from tui_support import make_app, settled, wait_for

    from skyshift_tui.core.terminal_text import has_control
    from skyshift_tui.screens.edit_endpoints import EditEndpointsScreen
    from skyshift_tui.screens.zoom import ZoomScreen

    app = make_app(TinyDBStore(path))

    def check(after: str, screen: bool) -> None:
        assert app.is_running and app.crash is None, (after, app.crash)
        for note in (n.message for n in app._notifications):
            assert "pydantic" not in note and "validation error" not in note, (after, note)
            assert not has_control(note.replace("\n", "")), (after, note)
        for strip in app.screen._compositor.render_strips() if screen else ():
            assert not has_control(strip.text), (after, strip.text)

    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.loads or app.failing, "the first load")
        assert not app.failing, app.main.query_one("#error-banner").render()
        await settled(pilot)
        for key in keys:
            app.table.select(key)
            await wait_for(pilot, lambda key=key: app.table.cursor_key == key, key)  # type: ignore[misc]
            app.table.focus()
            for press in KEYS_TRIED:
                if press == "escape" and not isinstance(
                    app.screen, (EditEndpointsScreen, ZoomScreen)
                ):
                    continue
                await pilot.press(press)
                # The screen is read where it changes most: the form, and after all the keys
                # (notifications stay for seconds); a full render per key doubled the time.
                check(f"{press} on {key!r}", screen=press in ("e", "z"))
            await settled(pilot)
            check(f"the keys on {key!r}", screen=True)
    assert app.crash is None and app.return_code in (0, None), app.crash


TUI_EXAMPLES = 3 if settings.default.derandomize else 100
"""Each example starts the app and presses 8 keys on up to 4 sets: ~3 s (the ci profile's
other tests run hundreds of examples in that time). No shrinking: each step would start it."""


@settings(max_examples=TUI_EXAMPLES, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.lists(stored_sets(), min_size=1, max_size=4))
def test_tui_keys_on_hostile_stored_sets(
    folder: Path, monkeypatch: pytest.MonkeyPatch, sets: list[dict[str, Any]]
) -> None:
    import asyncio

    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(folder / "xdg-state"))
    keys = plant_sets(folder / "tui-store.json", sets)
    asyncio.run(walk_keys(folder / "tui-store.json", keys))


# -- generated JSON patches and JSONPath templates (issue 13) ----------------------------------
# Each is bounded as it runs (the object within the one-object limit after every operation; a
# template's depth, matches and output): whatever is generated ends in exit 0 or one line and
# exit 2, a refused patch leaves the store byte for byte as it was, and nothing is a traceback.

patch_paths = st.one_of(
    st.sampled_from(["/spec", "/metadata/labels", "/spec/endpoints", "/status", "", "/"]),
    st.builds(
        lambda parts: "/" + "/".join(parts),
        st.lists(
            st.one_of(
                st.sampled_from(["spec", "metadata", "x", "-", "0", "~1", "~"]), st.text(max_size=6)
            ),
            min_size=1,
            max_size=6,
        ),
    ),
)
patch_ops = st.one_of(
    st.fixed_dictionaries(
        {"op": st.sampled_from(["copy", "move"]), "from": patch_paths, "path": patch_paths}
    ),
    st.fixed_dictionaries(
        {
            "op": st.sampled_from(["add", "replace", "test"]),
            "path": patch_paths,
            "value": json_values,
        }
    ),
    st.fixed_dictionaries({"op": st.just("remove"), "path": patch_paths}),
    st.dictionaries(st.text(max_size=5), json_values, max_size=3),  # not an operation at all
)
doubling = st.integers(1, 40).map(
    lambda n: [{"op": "copy", "from": "/spec", "path": f"/spec/x{i}"} for i in range(n)]
)


def planted_set(folder: Path) -> Path:
    arena = fresh_store(folder)
    code, _, err = skyctl(arena, "create", "endpoints", "web", "-n", "seed", "-s", "app=web")
    assert code == 0, err
    return arena


@settings(max_examples=60)
@given(st.one_of(st.lists(patch_ops, max_size=6), doubling))
def test_json_patch_of_any_operations(folder: Path, operations: list[Any]) -> None:
    arena = planted_set(folder)
    before = store_bytes(arena)
    code, _, err = skyctl(
        arena,
        "patch",
        "endpoints",
        "web",
        "-n",
        "seed",
        "--type",
        "json",
        "-p",
        json.dumps(operations),
    )
    check_outcome(code, err)
    if code:
        assert store_bytes(arena) == before
    else:
        assert_tables_intact(arena)


template_parts = st.sampled_from(
    [
        "{",
        "}",
        "..",
        "*",
        ".",
        "[*]",
        "[0]",
        "[-1:]",
        "{range .items[*]}",
        "{end}",
        "{..*}",
        ".metadata",
        ".name",
        ".spec",
        "[?(@.x)]",
        "\\",
        "'",
        '"',
        "\x1b]52;c;",
        "\u202e",
        "$",
    ]
)
templates = st.one_of(
    st.lists(template_parts, min_size=1, max_size=12).map("".join),
    st.integers(1, 60).map(lambda n: "{" + "..*" * n + "}"),
    st.integers(1, 5000).map(lambda n: "{" + ".a" * n + "}"),
    st.text(max_size=30),
)


@settings(max_examples=60)
@given(templates)
def test_jsonpath_of_any_template(folder: Path, template: str) -> None:
    arena = planted_set(folder)
    code, _, err = skyctl(arena, "get", "endpoints", "-A", "-o", f"jsonpath={template}")
    check_outcome(code, err)

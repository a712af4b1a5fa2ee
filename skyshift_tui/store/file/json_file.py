"""Reading and atomically writing the store's JSON file.

Layout: one top-level table per line, the small `_meta` and `_events` tables first, so a watcher
reads the revision and recent changes from the head of the file without parsing 10k objects:

    {"_meta":{"1":{"revision":7}},
    "_events":{"6":{...},"7":{...}},
    "namespaces":{...},
    "endpoints":{...}}

It stays plain JSON that TinyDB's own JSONStorage (or `jq`) reads.

The `_meta` line carries `crc32`, the checksum of every byte after it, as this program wrote
them. Everything this program writes is well shaped (it was read through the shape check, or
validated on its way in), so a reader whose bytes after the first line match that checksum
skips the shape check of each object (~12 ms at 10k sets; the checksum costs ~1.2 ms) and
checks only `_meta`. Bytes changed in any other way (an editor, another program, a bad disk)
do not match, and every object is checked as before. A program that does not know the field
keeps it stale when it writes (TinyDB's upsert merges), which only turns the full check back on.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable
from typing import Any

import orjson

from skyshift_tui.core.errors import StoreCorruptError, StoreError
from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.store.file.shape import check_header, check_meta, check_tables

Tables = dict[str, dict[str, Any]]
HEADER_TABLES = ("_meta", "_events")
META_LINE = b'{"_meta":'
CHECKSUM = "crc32"
"""The `_meta` entry's field holding the checksum of the bytes after the `_meta` line."""


def _corrupt(path: str, why: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"store {path} cannot be read ({why}); it was left untouched: repair or move it away, "
        "or choose another store with --store"
    )


def read_bytes(path: str) -> bytes | None:
    """The store file's bytes, or None when it does not exist yet."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot read store {path}: {error.strerror}") from None


def read_tables(path: str) -> Tables | None:
    """All tables of the store file, or None when it does not exist yet."""
    raw = read_bytes(path)
    if raw is None:
        return None
    data = _parse(path, raw)
    if written_whole(raw, data):
        check_meta(path, data)
        TRUSTED.add(path)
    else:
        check_tables(path, data)
    return data


TRUSTED: set[str] = set()
"""The stores this process read on their checksum's word, without checking each object."""


def recheck_trusted() -> None:
    """After an unexpected failure, check every object of each store read on its checksum's
    word, raising what is damaged: a CRC is no seal, and one recomputed by hand over a damaged
    object gets past the fast path. So the user still learns where the store is damaged."""
    for path in sorted(TRUSTED):
        raw = read_bytes(path)
        if raw is not None:
            check_tables(path, _parse(path, raw))


def _parse(path: str, raw: bytes) -> Tables:
    """The file's tables, or the error saying why they are not."""
    if not raw or raw.isspace():
        raise _corrupt(path, "the file is empty")
    try:
        with gc_paused():
            data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise _corrupt(path, f"invalid JSON: {error}") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise _corrupt(path, "it is not a table of objects")
    return data


def written_whole(raw: bytes, tables: Tables) -> bool:
    """Whether the file is exactly as this program wrote it: the `_meta` line alone on the
    first line, and the checksum it holds matching every byte after it."""
    meta = tables.get("_meta", {}).get("1")
    expected = meta.get(CHECKSUM) if isinstance(meta, dict) else None
    if type(expected) is not int or not raw.startswith(META_LINE):
        return False
    cut = raw.find(b"\n") + 1
    if raw[:cut] != META_LINE + orjson.dumps(tables["_meta"]) + b",\n":
        return False  # the first line must hold `_meta` and nothing else
    return zlib.crc32(memoryview(raw)[cut:]) == expected


def read_header(path: str) -> Tables | None:
    """Only the `_meta` and `_events` tables, from the first two lines when the layout allows.

    Falls back to a full read for a file written in another layout (by TinyDB itself, say).
    """
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
            second = handle.readline()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot read store {path}: {error.strerror}") from None
    if first.startswith(b'{"_meta":') and second.startswith(b'"_events":'):
        try:
            with gc_paused():
                meta = orjson.loads(first[len(b'{"_meta":') :].rstrip().rstrip(b","))
                events = orjson.loads(second[len(b'"_events":') :].rstrip().rstrip(b","))
        except orjson.JSONDecodeError:
            pass
        else:
            if isinstance(meta, dict) and isinstance(events, dict):
                header = {"_meta": meta, "_events": events}
                check_header(path, header)
                return header
    tables = read_tables(path)
    if tables is None:
        return None
    return {name: tables.get(name, {}) for name in HEADER_TABLES}


def encode_tables(tables: Tables) -> list[bytes]:
    """The file's bytes, in pieces to write one after another: header tables first, one table
    per line, the `_meta` entry with the checksum of the lines after its own (`CHECKSUM`).
    Not joined: each join or `+` of the 4 MB of 10k sets copied it (~1.5 ms each)."""
    names = [n for n in HEADER_TABLES if n in tables] + sorted(
        n for n in tables if n not in HEADER_TABLES
    )
    meta = tables.get("_meta", {}).get("1")
    if names[:1] != ["_meta"] or len(names) < 2 or not isinstance(meta, dict):
        return [b"{", b",\n".join(_line(tables, name) for name in names), b"}\n"]
    rest: list[bytes] = []
    for name in names[1:]:
        rest += [orjson.dumps(name), b":", orjson.dumps(tables[name]), b",\n"]
    rest[-1] = b"}\n"
    checksum = 0
    for piece in rest:
        checksum = zlib.crc32(piece, checksum)
    stamped = {**tables["_meta"], "1": {**meta, CHECKSUM: checksum}}
    return [META_LINE, orjson.dumps(stamped), b",\n", *rest]


def _line(tables: Tables, name: str) -> bytes:
    return orjson.dumps(name) + b":" + orjson.dumps(tables[name])


def check_writable(path: str) -> None:
    """Refuse, before anything is touched, a store this process must not replace.

    Replacing the file by rename would succeed where writing it would not (root ignores modes;
    anyone may rename in their own folder) and would reset its mode and owner. So a store whose
    mode has no owner-write bit, or which belongs to another user, counts as read-only, as does
    a folder we cannot write in. Mode bits are checked, not just os.access: root passes that.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise StoreError(f"cannot use store {path}: {error.strerror}") from None
    advice = "nothing was changed; make it writable or choose another store with --store"
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise StoreError(
                f"store {path} is a directory; give the path of a file in it, "
                f"e.g. --store {os.path.join(path, 'store.json')}"
            )
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"store {path} is not a regular file; choose another with --store")
        if info.st_uid != os.geteuid():
            raise StoreError(
                f"store {path} is read-only: it belongs to user {info.st_uid}, and writing it "
                f"would make it yours; {advice}"
            )
        if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            mode = stat.S_IMODE(info.st_mode)
            raise StoreError(f"store {path} is read-only (mode {mode:04o}); {advice}")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(folder) and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"store {path} is read-only: its folder {folder} is not writable; {advice}"
        )


def write_tables_atomically(
    path: str, tables: Tables, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace the store with `tables` so that readers see the old file or the new, never half.

    The bytes go to a private temporary file in the same folder (with the store's mode, if it
    exists), are fsynced, then renamed over the store; the folder is fsynced so the rename
    survives a crash. `before_replace` runs just before the rename and may refuse it by raising.
    On any failure (a full disk) the temporary file is removed and the store is as it was.
    """
    pieces = encode_tables(tables)
    folder = os.path.dirname(os.path.abspath(path))
    # os.urandom, not `secrets`: importing that costs ~10 ms on every read path (hmac, random).
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                os.fchmod(fd, stat.S_IMODE(os.stat(path).st_mode))
            except FileNotFoundError:
                pass
            for piece in pieces:
                view = memoryview(piece)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise StoreError(
                f"cannot write store {path}: {error.strerror}; nothing was changed"
            ) from None
        raise
    _fsync_folder(folder)


def remove_stale_temporaries(path: str) -> None:
    """Delete temporary files a killed writer left; call only while holding the write lock."""
    folder = os.path.dirname(os.path.abspath(path))
    prefix = f".{os.path.basename(path)}."
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass


def _fsync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

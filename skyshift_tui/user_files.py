"""The TUI's files in the user's folders (platformdirs): its settings, and the log of a crash.

No Textual here. Settings are a small JSON object; a file that cannot be read or written is
ignored (a missing preference must never stop the TUI) and said once, and bounded in size when
read. Every file this program reads for itself (the settings, the file `E` hands to the
editor) goes through `read_own_file`: a FIFO there hung the TUI on a blank screen that
ignored q and Ctrl-C, and 70,000 `[` stopped it with a RecursionError.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from skyshift_tui.terminal_text import shown

APP_NAME = "skyshift"
SETTINGS_FILE = "tui.json"
CRASH_LOG_FILE = "tui-crash.log"
MAX_SETTINGS_BYTES = 64 * 1024


def settings_path() -> Path:
    """e.g. ~/.config/skyshift/tui.json."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / SETTINGS_FILE


def read_own_file(path: Path, limit: int) -> bytes:
    """The bytes of a file this program reads for itself, at most `limit` of them.

    Only a regular file is read: it is opened without waiting (O_NONBLOCK: opening a FIFO
    with no writer would block forever), then the opened file is checked, so nothing can be
    swapped in between a check and the open. OSError (its `strerror` says what, in words)
    when it is missing, unreadable, not a regular file (a FIFO, a device, a folder), or larger
    than `limit` (errno EFBIG).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as file:
        data = b"" if info.st_size > limit else file.read(limit + 1)
    if info.st_size > limit or len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
    return data


def read_settings(path: Path | None = None) -> tuple[dict[str, Any], str | None]:
    """The saved settings ({} when there are none), and what is wrong with the file when it
    is there but cannot be used (one line to say once; the settings are then ignored)."""
    path = path or settings_path()
    try:
        data = json.loads(read_own_file(path, MAX_SETTINGS_BYTES))
    except FileNotFoundError:
        return {}, None
    except OSError as error:
        why = error.strerror or str(error)
    except RecursionError:  # 60,000 `[` fit in the bound
        why = "not usable JSON: nested too deep"
    except ValueError as error:  # not UTF-8, not JSON
        why = f"not JSON: {error}"
    else:
        if isinstance(data, dict):
            return data, None
        why = "not a JSON object"
    return {}, f"settings file {shown(str(path))} ignored: {shown(why)}; fix or remove it"


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The saved settings, or {} when there are none or they cannot be read."""
    return read_settings(path)[0]


def save_setting(key: str, value: Any, path: Path | None = None) -> bool:
    """Remember one setting (written to a temporary file, then renamed over the old one, so a
    crash never leaves half a file); False if it could not be written, or if the file there
    cannot be read (it is the user's to fix; it was said at start-up)."""
    path = path or settings_path()
    settings, problem = read_settings(path)
    if problem is not None:
        return False
    settings[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tui-", suffix=".json")
        with os.fdopen(fd, "w") as file:
            json.dump(settings, file, indent=2)
        os.replace(temporary, path)
    except OSError:
        return False
    return True


def write_crash_log(error: BaseException) -> Path | None:
    """Write `error`'s traceback to the user's state folder; its path, or None if that failed."""
    from platformdirs import user_state_path

    path = user_state_path(APP_NAME) / CRASH_LOG_FILE
    text = "".join(traceback.format_exception(error))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{datetime.now(timezone.utc).isoformat()}\n{text}")
    except OSError:
        return None
    return path

"""The TUI's files in the user's folders (platformdirs): its settings, and the log of a crash.

No Textual here. Settings are a small JSON object; a file that cannot be read or written is
ignored (a missing preference must never stop the TUI) and said once, and bounded in size when
read. Every file this program reads for itself (the settings, the file `E` hands to the
editor) goes through `read_own_file`: a FIFO there hung the TUI on a blank screen that
ignored q and Ctrl-C, and 70,000 `[` stopped it with a RecursionError.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from skyshift_tui.core.redaction import redact
from skyshift_tui.core.terminal_text import shown
from skyshift_tui.services.own_files import read_own_file

APP_NAME = "skyshift"
SETTINGS_FILE = "tui.json"
CRASH_LOG_FILE = "tui-crash.log"
MAX_SETTINGS_BYTES = 64 * 1024


def settings_path() -> Path:
    """e.g. ~/.config/skyshift/tui.json."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / SETTINGS_FILE


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
        replace_file(path, json.dumps(settings, indent=2))
    except OSError:
        return False
    return True


def replace_file(path: Path, text: str) -> None:
    """Write `text` to a new private temporary file beside `path` (0600, O_EXCL), then rename
    it over `path`: a reader sees the old file or the new, never half, and a symlink at `path`
    is replaced, never followed."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_crash_log(error: BaseException) -> Path | None:
    """Write `error`'s traceback to the user's state folder; its path, or None if that failed.

    A traceback holds stored values (and, redacted here, could hold a password), so the log is
    the user's alone, like the store: 0600 in a 0700 folder. It is written to a new temporary
    file and renamed over the path (`replace_file`), so a symlink planted there is replaced,
    never followed.
    """
    from platformdirs import user_state_path

    path = user_state_path(APP_NAME) / CRASH_LOG_FILE
    text = redact("".join(traceback.format_exception(error)))
    try:
        private_folder(path.parent)
        replace_file(path, f"{datetime.now(timezone.utc).isoformat()}\n{text}")
    except OSError:
        return None
    return path


def private_folder(folder: Path) -> None:
    """`folder` made (parents too) and left readable by its owner only (0700)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:  # an older version made it 0755
        folder.chmod(0o700)

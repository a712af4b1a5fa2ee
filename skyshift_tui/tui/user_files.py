"""The TUI's files in the user's folders (platformdirs): its settings, and the log of a crash.

No Textual here. Settings are a small JSON object; a file that cannot be read or written is
ignored (a missing preference must never stop the TUI), and bounded in size when read.
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

APP_NAME = "skyshift"
SETTINGS_FILE = "tui.json"
CRASH_LOG_FILE = "tui-crash.log"
MAX_SETTINGS_BYTES = 64 * 1024


def settings_path() -> Path:
    """e.g. ~/.config/skyshift/tui.json."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / SETTINGS_FILE


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The saved settings, or {} when there are none or they cannot be read."""
    path = path or settings_path()
    try:
        with path.open("rb") as file:
            data = json.loads(file.read(MAX_SETTINGS_BYTES + 1)[:MAX_SETTINGS_BYTES])
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any, path: Path | None = None) -> bool:
    """Remember one setting (written to a temporary file, then renamed over the old one, so a
    crash never leaves half a file); False if it could not be written."""
    path = path or settings_path()
    settings = load_settings(path)
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

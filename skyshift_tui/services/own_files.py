"""The one way this program reads a file of its own (settings, theme, contexts, the file handed
to the editor): a regular file only, never blocking on a FIFO, within a size bound. Any layer
that reads such a file calls it, so the rule cannot drift between the TUI and the CLI."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


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

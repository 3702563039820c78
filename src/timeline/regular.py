"""Opening a file to read only when it is a regular file, without ever blocking: opening a
FIFO for reading waits for a writer (for ever if none comes), and a device may never end.
Every file the project reads by a name a user gives (a store, an import) opens here."""

from __future__ import annotations

import os
import stat
from typing import IO


class NotRegular(OSError):
    """The path names a FIFO, a device or a folder, not a regular file."""

    def __init__(self) -> None:
        super().__init__(0, "not a regular file")


def open_regular(path: str | os.PathLike[str]) -> IO[bytes]:
    """The file, opened to read bytes, if it is a regular file (``NotRegular`` if not; any
    other ``OSError`` as the system gives it)."""
    # O_NONBLOCK: opening a FIFO would otherwise wait here; the file is checked from the
    # descriptor itself, so nothing can swap the path in between.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

"""Write a report all at once or not at all.

A report is first written to a temporary file beside its target and then renamed over it
(``os.replace`` is atomic within one folder), so a full disk or a failing writer never leaves a
half-written report, and an existing report at that path stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["ReportWriteError", "write_atomically"]


class ReportWriteError(Exception):
    """The report could not be written to ``path``; nothing at ``path`` was changed."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: cannot write the report ({reason}); nothing was changed there")
        self.path = path
        self.reason = reason


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path beside ``path``, then rename it to ``path``.

    An ``OSError`` on the way (no space, no permission, a folder that does not exist) becomes a
    :class:`ReportWriteError` naming ``path``; the temporary file is removed.
    """
    folder = path.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise ReportWriteError(path, error.strerror or str(error)) from error
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private (0600); a report gets the modes any new file gets
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ReportWriteError(path, error.strerror or str(error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise

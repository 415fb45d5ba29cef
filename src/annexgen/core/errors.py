"""The one base of the failures annexgen reports in words, each with the exit status the
command line gives it; and the file system's refusals to write, said as such."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator


class AnnexgenError(Exception):
    """A failure to tell the user in words, never a bug. `exit_status` is 1: the work could
    not be finished (the machine, LibreOffice, another writer). `diagnostics` are the
    located problems found on the way (the API attaches them)."""

    exit_status = 1
    _found: tuple = ()

    @property
    def diagnostics(self) -> tuple:
        return self._found

    def found_with(self, diagnostics) -> None:
        """Records the diagnostics found on the way to this failure."""
        self._found = tuple(diagnostics)

    def in_words(self) -> str:
        """The sentence the command line prints after "annexgen: "."""
        return str(self)


class NothingWritten(AnnexgenError):
    """A failure whose message does not say itself that nothing was written."""

    def in_words(self) -> str:
        return f"{self}; nothing was written"


class Refused(AnnexgenError):
    """What was asked is refused: the content, the styles or the command line is at fault
    (exit status 2); nothing was written."""

    exit_status = 2


class CannotWrite(AnnexgenError):
    """The file system refused a write (no permission, read-only, full): the machine's
    state, not a bug. The message names where, the system's reason and what became of what
    was being written."""

    def __init__(self, where: str, error: OSError, published: bool = False):
        reason = error.strerror or str(error)
        path = os.fsdecode(error.filename) if error.filename is not None else None
        exact = f" ({path})" if path and path.rstrip("/") != where.rstrip("/") else ""
        outcome = ("the new outputs are in place, but may not all be on disk yet" if published
                   else "nothing was written")
        super().__init__(f"cannot write {where}: {reason}{exact}; {outcome}")


# What a file system says when it will not take a write: permissions, a read-only mount,
# no room (space, quota, largest file), a failing device, no file handles or links left.
REFUSALS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT,
                      errno.EFBIG, errno.EIO, errno.EMFILE, errno.ENFILE, errno.EMLINK})


@contextlib.contextmanager
def refusals_as_cannot_write(where: str, published: bool = False) -> Iterator[None]:
    """Inside, the file system's refusals (not every OSError: others are bugs) become
    CannotWrite naming `where`."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in REFUSALS:
            raise
        raise CannotWrite(where, exc, published) from exc


def temporary_folder() -> str:
    """The temporary folder, as a CannotWrite names it; CannotWrite when Python finds none
    it can write a file into (every candidate full or read-only)."""
    try:
        return f"the temporary folder {tempfile.gettempdir()}"
    except OSError as exc:
        raise CannotWrite("the temporary folder", exc) from exc

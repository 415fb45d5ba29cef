"""Where the two sides of a diff come from: a content folder, or a git revision of one."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from annexgen.core.errors import Refused
from annexgen.core.limits import MAX_CONTENT_FILE_BYTES

# What of git's complaint is kept for the message (it is one or two lines).
_SAID_BYTES = 4096
# Links and special files of a revision are named one by one up to this many, then counted.
MAX_NAMED_LEFT_OUT = 100


class SourceError(Refused):
    """Neither a folder nor a git revision holding the content folder."""


@dataclass(frozen=True)
class Side:
    """One side's content folder, and how its files are named in problems: as given for a
    folder, "REV:content" for a revision (its temporary copy is gone when they are read).
    A revision's links and special files are not unpacked: `left_out` names them ("REV:path"),
    the first MAX_NAMED_LEFT_OUT, and `more_left_out` counts the rest."""

    folder: Path
    shown: str | None = None
    left_out: tuple[str, ...] = ()
    more_left_out: int = 0
    committed: dt.date | None = None  # a revision's commit date (the report names it)


@dataclass
class _LeftOut:
    names: list[str] = field(default_factory=list)
    more: int = 0

    def add(self, name: str) -> None:
        if len(self.names) < MAX_NAMED_LEFT_OUT:
            self.names.append(name)
        else:
            self.more += 1


def materialize(side: str, content_path: Path, into: Path) -> Side:
    """A folder with that side's content: the folder itself, or the revision extracted."""
    folder = Path(side)
    if folder.is_dir():
        return Side(folder)
    return _from_git(side, content_path, into)


def _from_git(revision: str, content_path: Path, into: Path) -> Side:
    """The content folder as it was at `revision` of the repository that holds it (not
    necessarily the one of the current folder)."""
    top = _repository_of(content_path, revision)
    inside = content_path.resolve().relative_to(top).as_posix()
    try:
        commit = _commit_of(revision, top)
        left_out = _extract(commit, inside, top, into)
    except SourceError as exc:
        raise SourceError(f"{revision!r} is no folder, and no revision of {inside!r} in the "
                          f"git repository {top}: {exc}") from None
    when = dt.date.fromisoformat(_git(["show", "-s", "--format=%cs", commit], top).decode()
                                 .strip())
    return Side(into / inside, f"{revision}:{inside}",
                tuple(f"{revision}:{name}" for name in left_out.names), left_out.more, when)


def _commit_of(revision: str, top: Path) -> str:
    """The id of the commit `revision` names; from here on only that id reaches git, so a
    revision spelt like an option (`--output=FILE`) is never read as one."""
    try:
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{revision}^{{commit}}"], top)
    except SourceError:
        raise SourceError("git knows no commit by that name") from None
    return found.decode("ascii").strip()


def _extract(commit: str, inside: str, top: Path, into: Path) -> _LeftOut:
    """The commit's content folder, streamed from `git archive` into `into`: only regular
    files and folders (what else it holds is returned), each file's bytes copied a piece at a
    time. A file over MAX_CONTENT_FILE_BYTES is not copied: it is left as an empty (sparse)
    file of its size, which the loader reports as too large (E105) with the other problems of
    both sides. git streams such a file too (core.bigFileThreshold) instead of holding it."""
    command = ["git", "-c", f"core.bigFileThreshold={MAX_CONTENT_FILE_BYTES}", "archive",
               "--format=tar", commit, "--", inside]
    with tempfile.TemporaryFile() as said:
        try:
            git = subprocess.Popen(command, cwd=top, stdout=subprocess.PIPE, stderr=said)
        except OSError as exc:
            raise SourceError(f"git could not be run: {exc.strerror}") from exc
        left_out, unreadable = _LeftOut(), None
        with git:  # its pipe closed and git waited for, however unpacking ends
            try:
                left_out = _unpack(_pipe(git.stdout), into)
            except tarfile.TarError as exc:
                unreadable = exc
        if git.returncode != 0:
            said.seek(0)
            raise SourceError(_one_line(said.read(_SAID_BYTES)) or "git archive failed")
    if unreadable is not None:
        raise SourceError(f"git archive wrote what annexgen cannot unpack: {unreadable}")
    return left_out


def _unpack(stream: IO[bytes], into: Path) -> _LeftOut:
    """Unpacks the tar stream into `into`; what it left out. Raises TarError."""
    left_out = _LeftOut()
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        while (member := tar.next()) is not None:
            # Stream mode keeps every header read (an attribute typeshed does not list);
            # none is read again, and a revision of many files must not fill memory.
            tar.members.clear()  # type: ignore[attr-defined]
            if member.isreg() or member.isdir():
                _unpack_member(tar, member, into)
            else:
                left_out.add(member.name)
    return left_out


def _unpack_member(tar: tarfile.TarFile, member: tarfile.TarInfo, into: Path) -> None:
    target = into / tarfile.data_filter(member, str(into)).name  # refuses ../ and /
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as sink:
        if member.size > MAX_CONTENT_FILE_BYTES:
            sink.truncate(member.size)
        else:
            shutil.copyfileobj(_pipe(tar.extractfile(member)), sink)


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    if stream is None:  # a pipe asked for, or a regular member: never None
        raise SourceError("git archive gave annexgen nothing to read")
    return stream


def _repository_of(content_path: Path, revision: str) -> Path:
    """The top of the git repository holding the content folder (or, if the folder is gone
    from the working tree, its nearest existing parent)."""
    folder = content_path.resolve()
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder).decode().strip()
    except SourceError:
        raise SourceError(f"{revision!r} is no folder, and the content folder {content_path} "
                          "is in no git repository to take a revision from: compare two "
                          "folders (a copy kept of the old content, say), or keep the "
                          "exercise in git (git init, then git add and git commit at each "
                          "version you will want to compare)") from None
    return Path(top).resolve()


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SourceError(f"git could not be run: {exc.strerror}") from exc
    if done.returncode != 0:
        raise SourceError(_one_line(done.stderr) or "git failed")
    return done.stdout


def _one_line(said: bytes) -> str:
    return " ".join(said.decode(errors="replace").split())

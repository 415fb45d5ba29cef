"""Where the two sides of a diff come from: a content folder, or a git revision of one."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class SourceError(Exception):
    """Neither a folder nor a git revision holding the content folder."""


def materialize(side: str, content_path: Path, into: Path) -> Path:
    """A folder with that side's content: the folder itself, or the revision extracted."""
    folder = Path(side)
    if folder.is_dir():
        return folder
    return _from_git(side, content_path, into)


def _from_git(revision: str, content_path: Path, into: Path) -> Path:
    """The content folder as it was at `revision` of the repository that holds it (not
    necessarily the one of the current folder)."""
    top = _repository_of(content_path, revision)
    inside = content_path.resolve().relative_to(top).as_posix()
    try:
        commit = _commit_of(revision, top)
        archive = _git(["archive", "--format=tar", commit, "--", inside], top)
    except SourceError as exc:
        raise SourceError(f"{revision!r} is no folder, and no revision of {inside!r} in the "
                          f"git repository {top}: {exc}") from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / inside


def _commit_of(revision: str, top: Path) -> str:
    """The id of the commit `revision` names; from here on only that id reaches git, so a
    revision spelt like an option (`--output=FILE`) is never read as one."""
    try:
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{revision}^{{commit}}"], top)
    except SourceError:
        raise SourceError("git knows no commit by that name") from None
    return found.decode("ascii").strip()


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
                          "is in no git repository to take a revision from") from None
    return Path(top).resolve()


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SourceError(f"git could not be run: {exc.strerror}") from exc
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()
        raise SourceError(" ".join(said.split()) or "git failed")
    return done.stdout

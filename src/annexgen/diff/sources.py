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
        archive = _git(["archive", "--format=tar", revision, "--", inside], top)
    except SourceError as exc:
        raise SourceError(f"{revision!r} is no folder, and no revision of {inside!r} in the "
                          f"git repository {top}: {exc}") from None
    target = into / revision.replace("/", "_")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / inside


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
        raise SourceError(done.stderr.decode(errors="replace").strip() or "git failed")
    return done.stdout

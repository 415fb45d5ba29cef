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
    top = _git(["rev-parse", "--show-toplevel"], Path.cwd()).decode().strip()
    inside = content_path.resolve().relative_to(Path(top).resolve()).as_posix()
    archive = _git(["archive", "--format=tar", revision, "--", inside], Path(top))
    target = into / revision.replace("/", "_")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / inside


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise SourceError(f"git could not be run: {exc.strerror}") from exc
    if done.returncode != 0:
        raise SourceError(done.stderr.decode(errors="replace").strip() or "git failed")
    return done.stdout

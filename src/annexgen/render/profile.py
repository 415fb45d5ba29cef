"""LibreOffice's private profile folders, started from a copy of one made on a first start.

A fresh profile costs LibreOffice about 0.15 s at every start (it registers its bundled
extensions and runs its graphics tests); a profile it has made once is copied from the
user's cache instead (`~/.cache/annexgen`, one per LibreOffice installation). Every
LibreOffice still gets a folder of its own, removed when it stops.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def new_profile(soffice: str) -> Path:
    """A new private profile folder: the cached template's copy, or empty."""
    folder = Path(tempfile.mkdtemp(prefix="annexgen-lo-"))
    template = _template(soffice)
    if template is not None and (template / "user").is_dir():
        with contextlib.suppress(OSError):
            shutil.copytree(template / "user", folder / "user", symlinks=True)
    return folder


def keep_as_template(soffice: str, profile: Path) -> None:
    """Once LibreOffice has answered from `profile` (its first start's work done), a copy
    becomes the template, unless there is one: copied aside, then renamed into place, so
    that a second LibreOffice doing the same meanwhile is harmless."""
    template = _template(soffice)
    if template is None or template.exists() or not (profile / "user").is_dir():
        return
    with contextlib.suppress(OSError):
        template.parent.mkdir(parents=True, exist_ok=True)
        aside = Path(tempfile.mkdtemp(prefix=".copy-", dir=template.parent))
        try:
            shutil.copytree(profile / "user", aside / "user", symlinks=True,
                            ignore=shutil.ignore_patterns("*.lock", ".lock"))
            os.rename(aside, template)
        finally:
            shutil.rmtree(aside, ignore_errors=True)


def _template(soffice: str) -> Path | None:
    """Where the template of this LibreOffice installation lies (None: no cache folder)."""
    try:
        program = Path(os.path.realpath(soffice))
        stat = program.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{program}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    cache = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(cache) / "annexgen" / f"libreoffice-profile-{key[:16]}"

"""Runs LibreOffice headless to turn office files into PDFs, with a private profile per run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = ("install it with: apt-get install --no-install-recommends "
                "libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils "
                "(or run `make build`, which does)")
DEFAULT_TIMEOUT = 300


class RenderError(Exception):
    """LibreOffice or poppler failed; the message says what ran and what it said."""


class RendererMissing(RenderError):
    """LibreOffice or poppler is not installed."""


def find_tool(name: str, *alternatives: str) -> str:
    for candidate in (name, *alternatives):
        found = shutil.which(candidate)
        if found:
            return found
    raise RendererMissing(f"{name} was not found on PATH; {INSTALL_HINT}")


def convert_to_pdf(files: list[Path], out_dir: Path, timeout: int = DEFAULT_TIMEOUT) -> list[Path]:
    """PDFs of `files` in `out_dir`, made by one LibreOffice process with its own profile."""
    soffice = find_tool("soffice", "libreoffice")
    with tempfile.TemporaryDirectory(prefix="annexgen-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
                   str(out_dir), *map(str, files)]
        _run(command, timeout, env={**os.environ, "HOME": profile})
    pdfs = [out_dir / f"{path.stem}.pdf" for path in files]
    missing = [pdf.name for pdf in pdfs if not pdf.is_file() or pdf.stat().st_size == 0]
    if missing:
        raise RenderError(f"LibreOffice did not produce {', '.join(missing)}")
    return pdfs


def _run(command: list[str], timeout: int, env: dict | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=env, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"timed out after {timeout} s: {' '.join(command)}") from exc
    except OSError as exc:
        raise RenderError(f"could not run {command[0]}: {exc.strerror}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise RenderError(f"{Path(command[0]).name} failed (exit {done.returncode}): "
                          f"{' '.join(command)}\n{said}")
    return done.stdout


def run_tool(command: list[str], timeout: int = 60) -> str:
    """Runs a poppler tool and returns what it printed."""
    return _run([find_tool(command[0]), *command[1:]], timeout)

"""Converts documents with LibreOffice headless (own profile, timeout): to PDF, .fodt to .docx."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from annexgen.render.soffice import Tethered, find_tool, office_env

TIMEOUT = 240


def convert(files: list[Path], out_dir: Path, target: str, timeout: int = TIMEOUT) -> list[Path]:
    """Converts `files` to `target` ("pdf", "docx") in one soffice call; the outputs, in order."""
    soffice = find_tool("soffice", "libreoffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", target, "--outdir",
                   str(out_dir), *map(str, files)]
        _run(command, timeout, office_env(Path(profile)))
    outputs = [out_dir / f"{path.stem}.{target.split(':')[0]}" for path in files]
    missing = [out.name for out in outputs if not out.is_file() or out.stat().st_size == 0]
    if missing:
        raise RuntimeError(f"LibreOffice did not produce {', '.join(missing)}")
    return outputs


def _run(command: list[str], timeout: int, env: dict[str, str]) -> None:
    """Runs soffice in its own process group, killed as a whole on timeout or failure."""
    with Tethered(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                  stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"soffice timed out after {timeout} s") from exc
    if process.returncode != 0:
        raise RuntimeError(f"soffice failed (exit {process.returncode}): {stderr.strip()}")


def to_pdfs(paths: list[Path], out_dir: Path, timeout: int = TIMEOUT) -> list[Path]:
    """PDFs of several documents, paying LibreOffice's start-up once."""
    return convert(paths, out_dir, "pdf", timeout)


def to_pdf(docx_path: Path, out_dir: Path, timeout: int = TIMEOUT) -> Path:
    """The PDF of one document."""
    return to_pdfs([docx_path], out_dir, timeout)[0]

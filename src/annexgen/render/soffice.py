"""Runs LibreOffice headless to make PDFs, with a private profile, dying when annexgen dies."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from annexgen.render.pdf_export import convert_to_argument
from annexgen.render.tether import REMOVE, remove_sockets

INSTALL_HINT = ("install it with: apt-get install --no-install-recommends "
                "libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 poppler-utils "
                "(or run `make build`, which does)")
DEFAULT_TIMEOUT = 300
TETHER = Path(__file__).with_name("tether.py")


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


class Tethered(subprocess.Popen):
    """A command in a new session whose whole process group dies with annexgen, however
    annexgen ends, or at `end()` (see tether.py); a plain process where there is no fork.
    The sockets in `sockets` are removed once the group is gone (by `end()`, or by the
    watchdog when annexgen dies)."""

    def __init__(self, command: list[str], sockets: Sequence[Path] = (), **options):
        self._lifeline: int | None = None
        self.sockets = tuple(sockets)
        if not hasattr(os, "fork"):
            super().__init__(command, **options)
            return
        # Pipes are not inherited: the write end stays in this process alone.
        watched, self._lifeline = os.pipe()
        removing = [f"{REMOVE}{path}" for path in self.sockets]
        try:
            super().__init__([sys.executable, "-I", "-S", str(TETHER), str(watched), *removing,
                              *command], pass_fds=(watched,), start_new_session=True, **options)
        except OSError:
            self._cut()
            raise
        finally:
            os.close(watched)

    def kill(self) -> None:
        """SIGKILL to the command's whole group (the watchdog, a member until the lifeline
        is cut, keeps the group's id from being reused), or to the command alone."""
        if self._lifeline is None:
            super().kill()
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)

    def end(self) -> None:
        """Kills whatever is left of the group, reaps the command, removes its sockets,
        cuts the lifeline."""
        self.kill()
        self.wait()
        remove_sockets([str(path) for path in self.sockets])
        self._cut()

    def __exit__(self, *exc) -> None:
        self.end()
        super().__exit__(*exc)

    def _cut(self) -> None:
        if self._lifeline is not None:
            os.close(self._lifeline)
            self._lifeline = None


# Where LibreOffice's OSL puts a pipe's socket, whatever TMPDIR says: /tmp, or /var/tmp when
# /tmp cannot be written (then OSL_SOCKET_PATH, not followed here). Read from libuno_sal's
# strings (/tmp, /var/tmp, OSL_SOCKET_PATH) and from where its sockets appear.
PIPE_FOLDERS = (Path("/tmp"), Path("/var/tmp"))


def office_sockets(profile_url: str, pipe_name: str | None = None) -> list[Path]:
    """The sockets a LibreOffice started with this profile (and accepting on this UNO pipe)
    makes: OSL_PIPE_<uid>_<name>, for its single-instance pipe (named by the MD5 of the
    profile's URL in UTF-16, each byte in hex without its leading zero) and its UNO pipe.
    It removes them when it ends cleanly, not when it is killed."""
    digest = hashlib.md5(profile_url.encode("utf-16-le"), usedforsecurity=False).digest()
    names = [f"SingleOfficeIPC_{''.join(format(byte, 'x') for byte in digest)}"]
    if pipe_name is not None:
        names.append(pipe_name)
    return [folder / f"OSL_PIPE_{os.getuid()}_{name}" for folder in PIPE_FOLDERS
            for name in names]


def office_env(profile: Path) -> dict[str, str]:
    """LibreOffice's environment: its profile folder as home, and as the place of its
    temporary files (removed with it, also when LibreOffice is killed), and UTC, so that
    the times it writes (a PDF's creation date among them) do not depend on the time zone."""
    temporary = profile / "tmp"
    temporary.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(profile), "TMPDIR": str(temporary), "TZ": "UTC"}


def convert_to_pdf(files: list[Path], out_dir: Path, timeout: float = DEFAULT_TIMEOUT,
                   started: Callable[[subprocess.Popen], None] | None = None) -> list[Path]:
    """PDFs of `files` in `out_dir`, made by one LibreOffice process with its own profile
    (`started` is told the process, so that it can be ended early)."""
    soffice = find_tool("soffice", "libreoffice")
    by_filter: dict[str, list[Path]] = {}
    for path in files:  # one filter per command: Writer's and Calc's are not the same
        by_filter.setdefault(convert_to_argument(path), []).append(path)
    for argument, group in by_filter.items():
        with tempfile.TemporaryDirectory(prefix="annexgen-lo-") as profile:
            url = Path(profile).as_uri()
            command = [soffice, f"-env:UserInstallation={url}", "--headless",
                       "--norestore", "--nolockcheck", "--convert-to", argument, "--outdir",
                       str(out_dir), *map(str, group)]
            spawn = functools.partial(Tethered, sockets=office_sockets(url))
            _run(command, timeout, env=office_env(Path(profile)), spawn=spawn, started=started)
    pdfs = [out_dir / f"{path.stem}.pdf" for path in files]
    missing = [pdf.name for pdf in pdfs if not pdf.is_file() or pdf.stat().st_size == 0]
    if missing:
        raise RenderError(f"LibreOffice did not produce {', '.join(missing)}")
    return pdfs


def _run(command: list[str], timeout: float, env: dict | None = None,
         spawn: Callable[..., subprocess.Popen] = subprocess.Popen,
         started: Callable[[subprocess.Popen], None] | None = None) -> str:
    try:
        process = spawn(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, env=env)
    except OSError as exc:
        raise RenderError(f"could not run {command[0]}: {exc.strerror}") from exc
    if started is not None:
        started(process)
    with process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            process.kill()  # a tethered command's whole process tree
            raise RenderError(f"timed out after {timeout} s: {' '.join(command)}") from exc
    if process.returncode != 0:
        said = (stderr or stdout).strip()
        raise RenderError(f"{Path(command[0]).name} failed (exit {process.returncode}): "
                          f"{' '.join(command)}\n{said}")
    return stdout


def run_tool(command: list[str], timeout: int = 60) -> str:
    """Runs a poppler tool and returns what it printed."""
    return _run([find_tool(command[0]), *command[1:]], timeout)

"""`annexgen serve`: the workbench started on a loopback port, behind its guard, with the
deliverables rebuilt live; what it prints and when it stops."""

from __future__ import annotations

import contextlib
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from annexgen import api
from annexgen.serve.app import Bench, create_app
from annexgen.serve.guard import LOOPBACK_NAMES, Guard, guarded
from annexgen.serve.live import LiveBuild

DEFAULT_PORT = 8470
FIRST_BUILD_AFTER_S = 1.5  # the browser's first page comes before the first build


class PortTaken(api.Refused):
    """The port asked for is in use (another workbench?)."""


@dataclass
class Workbench:
    """A started workbench: its address (with the token), the server, the live build."""

    url: str
    server: uvicorn.Server
    sock: socket.socket
    bench: Bench

    def serve(self) -> None:
        """Answers until stopped (Ctrl-C, or `stop()` from another thread)."""
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.bench.stopping.set()
            self.close()

    def stop(self) -> None:
        self.bench.stopping.set()
        self.server.should_exit = True

    def close(self) -> None:
        if self.bench.live is not None:
            self.bench.live.stop()
        with contextlib.suppress(OSError):
            self.sock.close()


def workbench(content: Path, styles: Path, out: Path, port: int = DEFAULT_PORT,
              expose: str | None = None, render: bool = True, live: bool = True) -> Workbench:
    """The workbench over a content folder, its socket bound (port 0: any free one); nothing
    is served until `serve()`. ContentError when the content's YAML files do not read;
    PortTaken when the port is in use."""
    api.check_out_folder(out, content, styles)
    workspace = api.workspace(content, styles)
    host = expose or "127.0.0.1"
    sock = _bound(host, port)
    bound = sock.getsockname()[1]
    names = (*LOOPBACK_NAMES, expose) if expose else LOOPBACK_NAMES
    guard = Guard(bound, hosts=names)
    bench = Bench(workspace, content, styles, out)
    if live:
        bench.live = LiveBuild(content, styles, out, render, FIRST_BUILD_AFTER_S).start()
    config = uvicorn.Config(guarded(create_app(bench), guard), log_level="warning",
                            access_log=False, lifespan="off", server_header=False,
                            date_header=False, timeout_graceful_shutdown=2)
    return Workbench(guard.url(host), uvicorn.Server(config), sock, bench)


def _bound(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortTaken(f"cannot listen on {host}:{port}: {exc.strerror}; choose another "
                        "with --port") from exc
    sock.listen(64)
    sock.set_inheritable(False)
    return sock


@contextlib.contextmanager
def running(bench_of: Callable[[], Workbench]) -> Iterator[Workbench]:
    """A workbench answering in a thread of this process (for tests and the benchmark)."""
    started = bench_of()
    thread = threading.Thread(target=started.serve, name="annexgen-workbench", daemon=True)
    thread.start()
    try:
        while not started.server.started and thread.is_alive():
            threading.Event().wait(0.02)
        yield started
    finally:
        started.stop()
        thread.join(timeout=10)


def open_browser(url: str) -> None:
    """Opens the address in the person's browser, without waiting for it."""
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

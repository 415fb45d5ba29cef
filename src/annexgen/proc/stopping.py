"""SIGINT and SIGTERM stop a command as an exception, so that every cleanup on the way out runs."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """A stop signal arrived; handled wherever Ctrl-C is."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise Stopped where the program stands (SIGTERM's
    default would end it at once, leaving its temporary folders behind). A signal that the
    parent chose to ignore stays ignored. Outside the main thread, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, _stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(signum: int, _frame) -> None:
    # The cleanup that Stopped sets off must not be cut short by the next signal.
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    if _deferring:
        _held.append(signum)
        return
    raise Stopped(signum)


_deferring = False
_held: list[int] = []


@contextlib.contextmanager
def stops_deferred() -> Iterator[None]:
    """A stop signal that arrives inside is raised at its end, so that what is made inside
    (a process and the folder it runs in) is owned by someone who will clean it up. Only
    the main thread, where Python runs signal handlers, defers; elsewhere nothing changes."""
    global _deferring
    if threading.current_thread() is not threading.main_thread() or _deferring:
        yield
        return
    _deferring = True
    try:
        yield
    finally:
        _deferring = False
        if _held:
            raise Stopped(_held.pop())

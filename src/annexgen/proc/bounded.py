"""Runs a function in a forked child whose memory and wall time are bounded."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The child's own timer raises OutOfTime at `seconds`; if the child is stuck where Python
# cannot raise (inside one long C call), it prints its stack and is killed this much later.
_GRACE_SECONDS = 2.0


class OutOfTime(Exception):
    """Raised inside the child when its time is up, from wherever it was running."""


@dataclass(frozen=True, slots=True)
class Bounds:
    """What the child may use: address space beyond what it inherits, and wall time."""

    memory_bytes: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Overrun:
    """The child did not return a value: why, and the Python stack it was stopped in
    (faulthandler's text, most recent call first), when it printed one."""

    reason: str
    stack: str = ""


def run_bounded(function: Callable[[], Any], bounds: Bounds) -> Any:
    """`function()`'s value, computed in a child process within `bounds`; an Overrun when
    the child ran out of time or memory, or died. Where there is no fork, it runs here."""
    if not hasattr(os, "fork"):
        return function()
    result_read, result_write = os.pipe()
    stack_read, stack_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; it leaves through os._exit only
        _child(function, bounds, result_write, stack_write)
    os.close(result_write)
    os.close(stack_write)
    try:
        payload, stack = _collect(result_read, stack_read, bounds.seconds + 2 * _GRACE_SECONDS)
    finally:
        os.close(result_read)
        os.close(stack_read)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if payload:
        with contextlib.suppress(pickle.UnpicklingError, EOFError, ValueError):
            return pickle.loads(payload)
    return Overrun(_reason(status, bounds), stack.decode("utf-8", "replace"))


def _child(function: Callable[[], Any], bounds: Bounds, result_write: int,
           stack_write: int) -> None:  # pragma: no cover - runs in the child
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and kills
        _close_other_fds({result_write, stack_write})
        _limit_memory(bounds.memory_bytes)
        faulthandler.dump_traceback_later(bounds.seconds + _GRACE_SECONDS, exit=True,
                                          file=stack_write)
        signal.signal(signal.SIGALRM, _out_of_time)
        signal.setitimer(signal.ITIMER_REAL, bounds.seconds)
        value = function()
        signal.setitimer(signal.ITIMER_REAL, 0)
        _write_all(result_write, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except MemoryError:
        status = _OUT_OF_MEMORY
    except BaseException:
        status = _FAILED
    finally:
        os._exit(status)


# The child's exit statuses; faulthandler's own exit (stuck past the grace) is 1.
_STUCK, _OUT_OF_MEMORY, _FAILED = 1, 100, 101


def _out_of_time(signum, frame) -> None:  # pragma: no cover - runs in the child
    raise OutOfTime


def _close_other_fds(keep: set[int]) -> None:  # pragma: no cover - runs in the child
    """Leaves the child no handle of the parent's (a pipe held open here would keep
    another process waiting for its end)."""
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)


def _limit_memory(extra: int) -> None:  # pragma: no cover - runs in the child
    """The address space the child has now, plus `extra`, within any limit already set."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return  # no such limits on this platform: the time bound still holds
    wanted = used + extra
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _write_all(fd: int, data: bytes) -> None:  # pragma: no cover - runs in the child
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _collect(result_read: int, stack_read: int, seconds: float) -> tuple[bytes, bytes]:
    """Everything the child writes to either pipe until it closes the result pipe, or
    until `seconds` have passed."""
    deadline = time.monotonic() + seconds
    chunks: dict[int, list[bytes]] = {result_read: [], stack_read: []}
    open_fds = [result_read, stack_read]
    while result_read in open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select(open_fds, [], [], left)
        for fd in ready:
            data = os.read(fd, 1 << 20)
            if data:
                chunks[fd].append(data)
            else:
                open_fds.remove(fd)
    return b"".join(chunks[result_read]), b"".join(chunks[stack_read])


def _reason(status: int, bounds: Bounds) -> str:
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    if code == _OUT_OF_MEMORY:
        return f"it needed more than {bounds.memory_bytes // 2**20:,} MB of memory"
    if code == _STUCK or (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        return f"it did not finish within {bounds.seconds:g} s"
    if code == _FAILED:
        return "it failed unexpectedly"
    return f"its process ended abnormally (wait status {status})"

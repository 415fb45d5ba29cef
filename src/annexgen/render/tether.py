"""Runs a command whose whole process group is killed as soon as a lifeline pipe closes."""

# Imports the standard library's core only: this starts before every LibreOffice.
import os
import signal
import stat
import sys

REMOVE = "--remove="


def main(lifeline: int, arguments: list[str]) -> int:
    """`python -I -S tether.py FD [--remove=PATH]... COMMAND ARG...`, started by annexgen as
    the leader of a new session; FD is the read end of a pipe whose write end only annexgen
    holds.

    It forks a watchdog that blocks reading FD, then becomes COMMAND (same process, same
    group). What COMMAND starts stays in the group (LibreOffice's oosplash and soffice.bin
    do), so when annexgen dies, however it dies, or closes the write end, the read returns
    end-of-file and the watchdog kills the group, then removes the sockets named by
    --remove (LibreOffice's pipes: it removes them itself only when it ends cleanly).
    Returns only if COMMAND cannot run.
    """
    remove = [argument[len(REMOVE):] for argument in arguments if argument.startswith(REMOVE)]
    command = arguments[len(remove):]
    if os.fork() == 0:
        _watch(lifeline, remove)  # does not return: the watchdog ends with the group
    os.close(lifeline)
    try:
        os.execv(command[0], command)
    except OSError as exc:
        print(f"could not run {command[0]}: {exc.strerror}", file=sys.stderr, flush=True)
    return 127


def _watch(lifeline: int, remove: list[str]) -> None:
    """Waits for the end of the lifeline, then kills the group, and removes `remove`."""
    try:
        # Standard streams let go: the command's pipes must close when the command ends.
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        while os.read(lifeline, 64):  # nothing is ever written: this waits for the end
            pass
    finally:  # even if watching failed: no command left without a watchdog
        group = os.getpgrp()
        if remove:  # out of the group first, so as to outlive it and clean up after it
            try:
                os.setpgid(0, 0)
            except OSError:
                remove = []
        os.killpg(group, signal.SIGKILL)
        remove_sockets(remove)
        os._exit(0)


def remove_sockets(paths: list[str]) -> None:
    """Removes each path that is a socket of this user's; anything else there is left."""
    for path in paths:
        try:
            info = os.lstat(path)
            if stat.S_ISSOCK(info.st_mode) and info.st_uid == os.getuid():
                os.unlink(path)
        except OSError:
            continue


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2:]))

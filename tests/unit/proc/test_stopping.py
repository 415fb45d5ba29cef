"""Stop signals become an exception inside `stopping_on_signals`, and only there."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from annexgen.proc.stopping import Stopped, stopping_on_signals


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_raises_where_the_program_stands(signum):
    # A signal the parent ignores stays ignored (a test run started in the background of a
    # shell ignores SIGINT): this test is about one that is not.
    inherited = signal.signal(signum, signal.SIG_DFL)
    try:
        with pytest.raises(Stopped) as stopped, stopping_on_signals():
            os.kill(os.getpid(), signum)
            signal.pause()  # never reached: the handler raises as the signal arrives
        assert stopped.value.signum == signum and isinstance(stopped.value, KeyboardInterrupt)
        assert signal.getsignal(signum) is signal.SIG_DFL
    finally:
        signal.signal(signum, inherited)


def test_a_second_signal_does_not_cut_the_cleanup_short():
    with pytest.raises(Stopped), stopping_on_signals():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        finally:
            os.kill(os.getpid(), signal.SIGTERM)  # ignored: the cleanup goes on
            cleaned = True
    assert cleaned


def test_an_ignored_signal_stays_ignored():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with stopping_on_signals():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    finally:
        signal.signal(signal.SIGINT, previous)


def test_outside_the_main_thread_nothing_changes():
    seen = []

    def run():
        with stopping_on_signals():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]


def test_a_signal_inside_a_deferred_section_is_raised_at_its_end():
    from annexgen.proc.stopping import stops_deferred

    reached = []
    with pytest.raises(Stopped) as stopped, stopping_on_signals():
        with stops_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # the handler has run by now, and held the signal
                pass
            reached.append("end of the section")
        reached.append("after it")  # never: the held signal is raised as the section ends
    assert reached == ["end of the section"] and stopped.value.signum == signal.SIGTERM

"""The renderers' failure paths, through a fake driver: crash, time-out, no uno, bad start."""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pytest

import annexgen.render.uno_backend as uno_backend
from annexgen.core.deliverables import Anchor
from annexgen.render.renderer import Job, Pool, Rendering, timeout_for
from annexgen.render.soffice import RenderError
from annexgen.render.uno_backend import UnoRenderer

FAKE = Path(__file__).resolve().parents[2] / "fakes" / "fake_driver.py"


def _renderer(mode: str, tmp_path: Path, startup: float = 30) -> UnoRenderer:
    state = tmp_path / f"state-{mode}"
    return UnoRenderer(lambda soffice, profile, pipe, started: [sys.executable, str(FAKE),
                                                                 mode, str(state)],
                       startup_timeout=startup)


def _job(name: str = "annex-a", timeout: float = 30) -> Job:
    return Job(name, "docx", b"PK fake", (Anchor("first", "A. First", "c_first"),), timeout)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split()[2] == "Z")


def test_a_job_comes_back_with_its_pdf_pages_and_anchors(tmp_path):
    with _renderer("ok", tmp_path) as renderer:
        [future] = renderer.submit([_job()])
        rendering = future.result(timeout=30)
    assert rendering.pdf.startswith(b"%PDF") and rendering.pages == 1
    assert rendering.anchor_pages == {"first": 1}


def test_a_crash_fails_the_job_with_what_the_driver_said_and_the_next_job_starts_afresh(
        tmp_path):
    with _renderer("crash-once", tmp_path) as renderer:
        [future] = renderer.submit([_job()])
        with pytest.raises(RenderError, match=r"stopped unexpectedly \(driver exit 1\)"
                                              r"(.|\n)*segmentation fault"):
            future.result(timeout=30)
        [again] = renderer.submit([_job()])
        assert again.result(timeout=30).pages == 1
        assert renderer.launches == 2


@pytest.mark.parametrize(("mode", "said"), [("crash-on-job", "stopped unexpectedly"),
                                             ("out-of-turn", "out of turn")])
def test_every_job_waiting_behind_a_crash_or_a_mixed_up_answer_fails_too(tmp_path, mode, said):
    """An answer to another job than the oldest fails them all rather than mix them up."""
    with _renderer(mode, tmp_path) as renderer:
        futures = renderer.submit([_job("annex-a"), _job("annex-b")])
        for future in futures:
            with pytest.raises(RenderError, match=said):
                future.result(timeout=30)


def test_a_job_past_its_time_is_a_render_error_and_libreoffice_is_killed(tmp_path):
    with _renderer("hang", tmp_path) as renderer:
        started = time.monotonic()
        [future] = renderer.submit([_job(timeout=1)])
        pid = _driver_pid(renderer)
        with pytest.raises(RenderError, match=r"did not finish annex-a\.docx within 1 s"
                                              r".*--render-timeout"):
            future.result(timeout=30)
        took = time.monotonic() - started
        assert renderer.process is None  # the next job starts a fresh LibreOffice
    assert 1 <= took < 10
    assert not _alive(pid)


def _driver_pid(renderer: UnoRenderer) -> int:
    process = renderer.process
    assert process is not None
    return process.pid


def test_the_time_of_a_job_counts_from_when_libreoffice_could_begin_it(tmp_path):
    """Two jobs sent together: the second's time starts when the first is done, so a queue
    of jobs each within its time never times out. Each takes the slow fake 1.5 s: counted
    from sending, the second (done 3 s after) would pass its 2.5 s."""
    with _renderer("slow", tmp_path) as renderer:
        renderer.start()
        time.sleep(0.5)  # the fake is ready: what is timed is the jobs, not its start
        futures = renderer.submit([_job("a", timeout=2.5), _job("b", timeout=2.5)])
        assert [f.result(timeout=30).pages for f in futures] == [1, 1]


def test_two_answers_in_one_read_complete_both_jobs(tmp_path):
    with _renderer("burst", tmp_path) as renderer:
        futures = renderer.submit([_job("a"), _job("b")])
        assert [f.result(timeout=30).pages for f in futures] == [1, 1]


@pytest.mark.parametrize("mode", ["garbled", "garbled-null"])
def test_an_answer_that_is_no_json_object_fails_every_job_and_ends_the_driver(tmp_path, mode):
    with _renderer(mode, tmp_path) as renderer:
        futures = renderer.submit([_job("a"), _job("b")])
        pid = _driver_pid(renderer)
        for future in futures:
            with pytest.raises(RenderError, match="does not understand"):
                future.result(timeout=30)
    assert not _alive(pid)


def test_a_job_queued_behind_a_full_pipe_does_not_block_submit_or_the_time_out(tmp_path):
    """A request larger than the pipe holds, sent while the driver is busy (not reading):
    submit returns at once, and the job before it still times out."""
    many = tuple(Anchor(f"c{n}", "", f"c_{n}_{'x' * 30}") for n in range(4000))
    with _renderer("hang", tmp_path) as renderer:
        started = time.monotonic()
        first, second = renderer.submit([_job("a", timeout=1),
                                         Job("b", "docx", b"PK", many, 30)])
        assert time.monotonic() - started < 2
        with pytest.raises(RenderError, match=r"did not finish a\.docx within 1 s"):
            first.result(timeout=30)
        with pytest.raises(RenderError):
            second.result(timeout=30)


def test_closing_a_renderer_at_work_does_not_wait_for_a_clean_shutdown(tmp_path):
    renderer = _renderer("hang", tmp_path)
    [future] = renderer.submit([_job()])
    started = time.monotonic()
    renderer.close()  # wait=True, but a job is in flight: LibreOffice is ended at once
    assert time.monotonic() - started < 5
    with pytest.raises(RenderError, match="closed"):
        future.result(timeout=5)


def test_an_error_answer_fails_that_job_only(tmp_path):
    with _renderer("error", tmp_path) as renderer:
        [future] = renderer.submit([_job()])
        with pytest.raises(RenderError, match=r"could not convert annex-a\.docx: .*could not "
                                              r"load it"):
            future.result(timeout=30)
        assert renderer.launches == 1 and renderer.process is not None


@pytest.mark.parametrize("mode", ["unavailable", "silent-exit-3"])
def test_without_uno_every_job_goes_to_soffice_convert_to_once_and_for_all(tmp_path,
                                                                          monkeypatch, mode):
    batches: list[list[str]] = []

    class Converting:
        def __init__(self, reason: str):
            self.reason = reason

        def submit(self, jobs):
            batches.append([job.name for job in jobs])
            futures: list[Future[Rendering]] = [Future() for _ in jobs]
            for future in futures:
                future.set_result(Rendering(b"%PDF converted"))
            return futures

        def close(self, wait=True):
            pass

    monkeypatch.setattr(uno_backend, "ConvertRenderer", Converting)
    with _renderer(mode, tmp_path) as renderer:
        futures = renderer.submit([_job("a"), _job("b")])
        assert [f.result(timeout=30).pdf for f in futures] == [b"%PDF converted"] * 2
        [later] = renderer.submit([_job("c")])
        assert later.result(timeout=30).pdf == b"%PDF converted"
        assert renderer.fallback is not None and "uno" in renderer.fallback
    assert batches == [["a", "b"], ["c"]]  # the two sent together stay one batch
    assert renderer.launches == 1


def test_a_libreoffice_that_does_not_start_is_a_render_error(tmp_path):
    with _renderer("fail-start", tmp_path) as renderer:
        [future] = renderer.submit([_job()])
        with pytest.raises(RenderError, match=r"LibreOffice did not start: .*status 81"):
            future.result(timeout=30)


def test_a_libreoffice_that_never_answers_at_start_times_out(tmp_path):
    with _renderer("no-ready", tmp_path, startup=1) as renderer:
        [future] = renderer.submit([_job()])
        with pytest.raises(RenderError, match="did not finish starting within 1 s"):
            future.result(timeout=30)


def test_closing_fails_the_jobs_still_waiting_and_ends_the_driver(tmp_path):
    renderer = _renderer("hang", tmp_path)
    [future] = renderer.submit([_job()])
    pid = _driver_pid(renderer)
    renderer.close(wait=False)
    with pytest.raises(RenderError, match="closed"):
        future.result(timeout=30)
    assert not _alive(pid)


def test_a_pool_sends_jobs_to_the_renderer_with_the_least_work(tmp_path):
    first, second = _renderer("ok", tmp_path / "1"), _renderer("ok", tmp_path / "2")
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    pool = Pool([first, second])
    try:
        big = Job("annex-a", "docx", b"x" * 1000)
        small = Job("annex-b", "xlsx", b"x" * 900)
        futures = pool.submit([big, small, Job("paper", "docx", b"x" * 10)])
        assert all(f.result(timeout=30).pages == 1 for f in futures)
        assert (first.launches, second.launches) == (1, 1)
    finally:
        pool.close()


def test_the_time_a_render_may_take_grows_with_the_file_and_can_be_set():
    assert timeout_for(b"x" * 1_000_000) > timeout_for(b"x" * 1_000) >= 120
    assert timeout_for(b"x" * 1_000_000, override=7) == 7


def test_closing_the_convert_to_renderer_without_waiting_ends_its_libreoffice(tmp_path,
                                                                             monkeypatch):
    from annexgen.render.convert import ConvertRenderer

    slow = tmp_path / "bin" / "soffice"
    slow.parent.mkdir()
    slow.write_text("#!/bin/sh\nsleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{slow.parent}{os.pathsep}{os.environ['PATH']}")
    renderer = ConvertRenderer()
    [running] = renderer.submit([_job("a")])
    [queued] = renderer.submit([_job("b")])
    time.sleep(0.5)  # the first batch's soffice runs
    started = time.monotonic()
    renderer.close(wait=False)
    assert time.monotonic() - started < 5
    for future in (running, queued):
        with pytest.raises(RenderError):
            future.result(timeout=5)


def test_a_convert_to_job_whose_folder_cannot_be_made_fails_instead_of_waiting(tmp_path,
                                                                              monkeypatch):
    import tempfile

    from annexgen.render.convert import ConvertRenderer

    blocked = tmp_path / "a-file"
    blocked.write_text("no folder can be made in here")
    monkeypatch.setattr(tempfile, "tempdir", str(blocked))
    renderer = ConvertRenderer()
    try:
        [future] = renderer.submit([_job("a")])
        with pytest.raises(RenderError, match="cannot write LibreOffice's files in the "
                                              "temporary folder: Not a directory"):
            future.result(timeout=5)
    finally:
        renderer.close(wait=False)

"""The workbench's targets, each measured side by side with its yardstick in one run:
- an action (accept a topic, add a key phrase) through HTTP to a warm server, until its file
  is written and read back, against `annexgen check` (whole process), on the shipped content
  and at 10 times the content;
- the first page of the review queue at 10 times the content from a cold server (process
  start to the page);
- an action until all three PDFs are current, against `watch`'s save → PDFs.
Run: python -m benchmarks.workbench [--no-render]."""

from __future__ import annotations

import http.client
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks import synth
from benchmarks.measure import ANNEXGEN, CHILD_ENV, REPO, TREE, annexgen

WAITING = "    suggested:\n      topics:\n        {topic}: []\n"
FIRST_PAGE_LIMIT_S = 1.0
ACTION_VS_CHECK = {1: 0.5, 10: 1.5}
PDFS_VS_WATCH = 1.2


def _waiting_exercise(target: Path, scale: int) -> Path:
    """A content folder at `scale` whose first outcome of each file waits for review (its
    topics moved under `suggested:`)."""
    content = synth.generate(target, scale, 2019, TREE.content) if scale > 1 else \
        _copy(TREE.content, target)
    for path in sorted((content / "outcomes").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        at = lines.index("    topics:")
        topic = lines[at + 1].strip().split(":")[0]
        end = at + 1
        while end < len(lines) and lines[end].startswith("      "):
            end += 1
        lines[at:end] = WAITING.format(topic=topic).rstrip("\n").split("\n")
        path.write_text("\n".join(lines), encoding="utf-8")
    return content


def _copy(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


class _Server:
    """`annexgen serve` in a child process, and requests to it with its cookie."""

    def __init__(self, content: Path, out: Path, render: bool):
        options = [] if render else ["--no-render"]
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [ANNEXGEN, "serve", "--no-browser", "--port", "0", "--content", str(content),
             "--styles", str(TREE.styles), "--out", str(out), *options],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=CHILD_ENV,
            cwd=REPO)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        url = urlsplit(line.split("open ", 1)[1].strip())
        self.netloc, self.token = url.netloc, url.query.removeprefix("token=")

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        host, port = self.netloc.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=600)
        headers = {"Host": self.netloc, "Cookie": f"annexgen-workbench={self.token}"}
        if method == "POST":
            headers |= {"Origin": f"http://{self.netloc}", "HX-Request": "true",
                        "Content-Type": "application/x-www-form-urlencoded"}
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        connection.close()
        return answer.status, data

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _waiting_outcomes(content: Path) -> list[tuple[str, str]]:
    """(outcome id, suggested topic) of each outcome waiting for review."""
    found = []
    for path in sorted((content / "outcomes").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        at = lines.index("    suggested:")
        entry = max(i for i in range(at) if lines[i].startswith("  - id: "))
        found.append((lines[entry].split(": ", 1)[1], lines[at + 2].strip().split(":")[0]))
    return found


def actions(scale: int, runs: int, scratch: Path) -> dict:
    """Action round trips on a warm server (accept a topic, then add a phrase), each until
    the file is written and read back, beside `annexgen check` of the same content."""
    content = _waiting_exercise(scratch / f"content-{scale}", scale)
    server = _Server(content, scratch / f"out-{scale}", render=False)
    seconds, checks = [], []
    try:
        server.request("GET", "/review")  # warm: the workspace is read once
        for outcome_id, topic in _waiting_outcomes(content)[:runs]:
            for body in (f"op=accept&topic={topic}",
                         f"op=add-phrase&topic={topic}&start=0&end=3"):
                started = time.perf_counter()
                status, _ = server.request("POST", f"/outcome/{outcome_id}/edit",
                                           body.encode())
                seconds.append(time.perf_counter() - started)
                if status not in (200, 422):
                    raise RuntimeError(f"the action answered {status}")
            checks.append(annexgen("check", "--content", str(content), "--styles",
                                   str(TREE.styles)).seconds)
    finally:
        server.close()
    return {"action_s": seconds, "check_s": checks,
            "ratio": statistics.median(seconds) / statistics.median(checks)}


def first_page(runs: int, scratch: Path, scale: int = 10) -> dict:
    """From starting `annexgen serve` to the first page of the review queue, cold."""
    content = _waiting_exercise(scratch / f"content-first-{scale}", scale)
    seconds = []
    for run in range(runs):
        server = _Server(content, scratch / f"out-first-{run}", render=False)
        try:
            status, _ = server.request("GET", "/review")
            seconds.append(time.perf_counter() - server.started)
            if status != 200:
                raise RuntimeError(f"the review page answered {status}")
        finally:
            server.close()
    return {"scale": scale, "first_page_s": seconds, "median_s": statistics.median(seconds)}


def action_to_pdfs(runs: int, scratch: Path) -> dict:
    """An action until the server says the three PDFs are current, beside `watch`'s save →
    PDFs on the same content (render_targets.watch_edits)."""
    from benchmarks.render_targets import watch_edits

    content = _waiting_exercise(scratch / "content-pdfs", 1)
    out = scratch / "out-pdfs"
    server = _Server(content, out, render=True)
    seconds = []
    try:
        _wait_current(server, 300)
        outcome_id, topic = _waiting_outcomes(content)[0]
        for run in range(runs):
            body = (f"op={'accept' if run % 2 == 0 else 'remove-topic'}&topic={topic}").encode()
            started = time.perf_counter()
            server.request("POST", f"/outcome/{outcome_id}/edit", body)
            time.sleep(0.3)  # the save is seen by the build session's watcher
            _wait_current(server, 300)
            seconds.append(time.perf_counter() - started)
    finally:
        server.close()
    watch = watch_edits(runs, scratch / "watch")
    return {"action_to_pdfs_s": seconds, "watch_s": watch["edit_to_pdfs_s"],
            "ratio": statistics.median(seconds) / watch["median_s"]}


def _wait_current(server: _Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, body = server.request("GET", "/build-status")
        if b"build-current" in body and b"unresolved" not in body:
            return
        time.sleep(0.1)
    raise RuntimeError("the deliverables did not become current")


def measure(runs: int, scratch: Path, render: bool = True) -> dict:
    scratch.mkdir(parents=True, exist_ok=True)
    found = {"actions": {scale: actions(scale, max(runs, 3), scratch) for scale in (1, 10)},
             "first_page": first_page(max(runs, 3), scratch)}
    if render:
        found["pdfs"] = action_to_pdfs(max(runs, 3), scratch)
    return found


def summary(found: dict) -> list[tuple[str, float | None, float]]:
    """(target, measured, limit) of each workbench target."""
    rows = [(f"workbench: an action / annexgen check, scale {scale}",
             found["actions"][scale]["ratio"], limit)
            for scale, limit in ACTION_VS_CHECK.items() if scale in found.get("actions", {})]
    if "first_page" in found:
        rows.append(("workbench: first page of the queue, scale 10, cold server (s)",
                     found["first_page"]["median_s"], FIRST_PAGE_LIMIT_S))
    if "pdfs" in found:
        rows.append(("workbench: action → three PDFs current / watch save → PDFs",
                     found["pdfs"]["ratio"], PDFS_VS_WATCH))
    return rows


if __name__ == "__main__":
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="annexgen-bench-workbench-"))
    try:
        results = measure(3, folder, render="--no-render" not in sys.argv)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for name, measured, limit in summary(results):
        verdict = "met" if measured is not None and measured <= limit else "NOT met"
        print(f"{name}: {measured:.3f} (limit {limit}) {verdict}")
    for scale, row in results["actions"].items():
        print(f"scale {scale}: action median {statistics.median(row['action_s']):.3f} s, "
              f"check median {statistics.median(row['check_s']):.3f} s")

"""Stands in for uno_driver.py: speaks its protocol and misbehaves as told.

`python fake_driver.py MODE STATE_FILE`; MODE is one of
  ok                 answers every job with a one-page PDF (anchors on page 1)
  slow               as ok, 1.5 s a job
  crash-on-job       ready, then dies at its first job without answering
  crash-once         as crash-on-job on its first run (STATE_FILE remembers), then ok
  hang               ready, then never answers a job
  error              answers every job with an error
  burst              holds answers until two jobs came, then writes both in one write
  unavailable        says it cannot import uno, exits 3
  silent-exit-3      exits 3 without a word (uno missing, message lost)
  no-ready           never says ready
  fail-start         says LibreOffice did not start
  garbled            answers its first job with JSON that is no object, then hangs
  garbled-null       answers its first job with `null`, then hangs
  out-of-turn        answers each job with the next job's number
It prints its process id on stderr first (the renderer's log).
"""

import json
import os
import sys
import time
from pathlib import Path

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def reply(**message) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def answer(job: dict) -> str:
    Path(job["pdf"]).write_bytes(PDF)
    anchors = {cluster: 1 for cluster, _mark in job.get("anchors", [])}
    return json.dumps({"job": job["job"], "done": True, "pages": 1, "anchors": anchors}) + "\n"


def main(mode: str, state: Path) -> int:
    print(f"fake driver {os.getpid()} in mode {mode}", file=sys.stderr, flush=True)
    if mode == "crash-once":
        mode = "ok" if state.exists() else "crash-on-job"
        state.write_text("ran")
    if mode == "unavailable":
        reply(unavailable="python module uno: No module named 'uno'")
        return 3
    if mode == "silent-exit-3":
        return 3
    if mode == "fail-start":
        reply(error="LibreOffice exited with status 81 before it accepted a connection")
        return 1
    if mode == "no-ready":
        time.sleep(3600)
        return 0
    reply(ready=True)
    held = []
    for line in sys.stdin:
        job = json.loads(line)
        if mode == "crash-on-job":
            print("soffice.bin: segmentation fault", file=sys.stderr, flush=True)
            os._exit(1)
        if mode == "hang":
            time.sleep(3600)
        if mode in ("garbled", "garbled-null"):
            sys.stdout.write("null\n" if mode == "garbled-null" else "[1]\n")
            sys.stdout.flush()
            time.sleep(3600)
        if mode == "error":
            reply(job=job["job"], error="RuntimeError: LibreOffice could not load it")
            continue
        if mode == "out-of-turn":
            reply(job=job["job"] + 1, done=True, pages=1, anchors={})
            continue
        if mode == "slow":
            time.sleep(1.5)
        if mode == "burst":
            held.append(answer(job))
            if len(held) == 2:
                sys.stdout.write("".join(held))
                sys.stdout.flush()
                held = []
            continue
        sys.stdout.write(answer(job))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))

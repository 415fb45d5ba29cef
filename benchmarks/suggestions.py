"""How good the import's suggestions are: each meeting's report imported into the exercise
without that meeting's outcomes (so suggestions are learnt from the other four), compared
with the shipped tagging. Run: python -m benchmarks.suggestions [content]."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from annexgen.core.diagnostics import Report
from annexgen.core.model import Corpus
from annexgen.edit.yamlfile import load
from annexgen.importer.run import import_reports
from annexgen.importer.suggest import terms
from annexgen.load.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Scores:
    paragraphs: int
    cluster_accuracy: float  # the suggested cluster is the agenda item's
    top1: float  # the first suggested topic is one of the outcome's
    top3_recall: float  # share of the outcome's topics among the three suggested
    phrase_overlap: float  # word F1 of suggested and tagged phrases, for topics found
    seconds: float  # the five imports

    def lines(self) -> list[str]:
        return [f"paragraphs        {self.paragraphs}",
                f"cluster accuracy  {self.cluster_accuracy:.3f}",
                f"topic top-1       {self.top1:.3f}",
                f"topic top-3 recall {self.top3_recall:.3f}",
                f"key-phrase F1     {self.phrase_overlap:.3f}",
                f"import time       {self.seconds:.2f} s (five reports, in process)"]


def held_out(content: Path, cold: bool = False) -> Scores:
    """Scores over the five reports; `cold`: nothing tagged yet (the exercise's first import),
    so suggestions come from the titles alone."""
    sys.path.insert(0, str(ROOT))
    from tests.reportgen import write_report

    corpus = load_corpus(content)
    with tempfile.TemporaryDirectory(prefix="annexgen-suggest-") as scratch:
        folder = Path(scratch)
        tallies = _Tallies()
        seconds = 0.0
        for meeting in corpus.meetings:
            exercise = folder / meeting.id
            shutil.copytree(content, exercise)
            for path in (exercise / "outcomes").iterdir():
                if cold or load(path.read_text()).data.get("meeting") == meeting.id:
                    path.unlink()
            report_file = folder / f"{meeting.id}.docx"
            expected = write_report(corpus, meeting.id, report_file)
            started = time.perf_counter()
            import_reports([report_file], None, exercise, Report())
            seconds += time.perf_counter() - started
            written = load((exercise / "outcomes" / f"{meeting.id}.yaml").read_text()).data
            for entry in written["outcomes"]:
                outcome_id = expected.outcome_ids_by_para[entry["para"]]
                tallies.add(corpus, outcome_id, entry["suggested"])
    return tallies.scores(seconds)


class _Tallies:
    def __init__(self):
        self.n = self.cluster = self.top1 = self.placements = self.found = 0
        self.overlaps: list[float] = []

    def add(self, corpus: Corpus, outcome_id: str, suggested) -> None:
        outcome = next(o for o in corpus.outcomes if o.id == outcome_id)
        clusters_of = {t.id: c.id for c in corpus.clusters for t in c.topics}
        truth = [p.topic_id for p in outcome.placements]
        topics = list(suggested["topics"])
        self.n += 1
        self.cluster += suggested.get("cluster") == clusters_of[truth[0]]
        self.top1 += bool(topics) and topics[0] in truth
        self.placements += len(truth)
        self.found += sum(t in topics for t in truth)
        if outcome.first_para == outcome.last_para:
            for topic in topics:
                if topic in truth:
                    tagged = [outcome.text[p.start:p.end] for p in outcome.phrases_for(topic)]
                    self.overlaps.append(_f1(suggested["topics"][topic] or [], tagged))

    def scores(self, seconds: float) -> Scores:
        return Scores(self.n, self.cluster / self.n, self.top1 / self.n,
                      self.found / self.placements,
                      sum(self.overlaps) / len(self.overlaps) if self.overlaps else 0.0, seconds)


def _f1(suggested, tagged) -> float:
    left = {w for p in suggested for w in terms(p)}
    right = {w for p in tagged for w in terms(p)}
    if not left or not right:
        return float(left == right)
    return 2 * len(left & right) / (len(left) + len(right))


def main(content: str = str(ROOT / "content")) -> None:
    print("each meeting held out, suggestions learnt from the other four:")
    for line in held_out(Path(content)).lines():
        print(f"  {line}")
    print("nothing tagged yet (titles only):")
    for line in held_out(Path(content), cold=True).lines():
        print(f"  {line}")


if __name__ == "__main__":
    main(*sys.argv[1:])

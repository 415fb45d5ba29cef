"""Loading the shipped content and the YAML rules, unit by unit."""

from __future__ import annotations

import itertools

import pytest

from annexgen.core.diagnostics import CODES, ContentError, Report
from annexgen.load.corpus import load_corpus
from annexgen.load.schema import _letter
from annexgen.load.yamlio import parse_yaml
from tests.conftest import CONTENT, ROOT


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(CONTENT)


def test_shipped_content_meets_the_brief(corpus):
    assert [m.symbol for m in corpus.meetings] == [
        "A/CONF.234/RPM.1/1", "A/CONF.234/RPM.3/1", "A/CONF.234/RPM.2/1",
        "A/CONF.234/RPM.4/1", "A/CONF.234/RPM.5/1"]
    assert [c.letter for c in corpus.clusters] == list("ABCDEFG")
    assert len(corpus.outcomes) >= 200
    multi = [o for o in corpus.outcomes if len(o.placements) > 1]
    assert len(multi) * 3 >= len(corpus.outcomes)
    assert all(30 <= len(o.text.split()) <= 120 for o in corpus.outcomes)
    table = corpus.outcomes_by_topic()
    for cluster in corpus.clusters[:6]:
        for topic in cluster.topics:
            assert len(table.get(topic.id, {})) >= 2, topic.id
    other = corpus.clusters[-1]
    serving = {m for t in other.topics for m in table.get(t.id, {})}
    assert "western-asia" not in serving and len(serving) >= 3
    assert not corpus.document.is_final and "ILLUSTRATIVE" in corpus.document.marking


def test_key_phrases_are_ranges_of_the_text(corpus):
    for outcome in corpus.outcomes:
        for placement in outcome.placements:
            spans = placement.phrases
            assert spans, (outcome.id, placement.topic_id)
            assert all(0 <= k.start < k.end <= len(outcome.text) for k in spans)
            assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_outcomes_are_in_meeting_then_paragraph_order(corpus):
    order = [m.id for m in corpus.meetings]
    keys = [(order.index(o.meeting_id), o.first_para) for o in corpus.outcomes]
    assert keys == sorted(keys)


def test_yaml_refuses_tags_and_reports_positions():
    report = Report()
    source = parse_yaml("a: !!python/object:os.system x\n", "f.yaml", report)
    assert [(str(d.loc), d.code) for d in report.items] == [("f.yaml:1:4", "E104")]
    assert source.root is not None


def test_missing_content_folder(tmp_path):
    report = Report()
    with pytest.raises(ContentError):
        load_corpus(tmp_path / "nowhere", report)
    assert [d.code for d in report.items] == ["E106"]


def test_symlinked_file_outside_the_folder_is_refused(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    outside = tmp_path / "secret.yaml"
    outside.write_text("meeting: europe\noutcomes: []\n")
    (content / "outcomes" / "link.yaml").symlink_to(outside)
    report = Report()
    with pytest.raises(ContentError):
        load_corpus(content, report)
    assert [(d.code, d.loc.path.endswith("link.yaml")) for d in report.errors] == [("E107", True)]


def test_every_code_is_documented():
    text = (ROOT / "docs" / "diagnostics.md").read_text()
    assert all(f"| {code} | {name} |" in text for code, name in CODES.items())


@pytest.mark.parametrize(("position", "letter"), [(0, "A"), (6, "G"), (25, "Z"), (26, "AA"),
                                                  (51, "AZ"), (701, "ZZ"), (702, "AAA")])
def test_cluster_letters_never_run_out(position, letter):
    assert _letter(position) == letter

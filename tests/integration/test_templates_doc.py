"""docs/templates.md documents every variable, attribute, filter and function a template sees."""

from __future__ import annotations

import re

import jinja2
import pytest

from annexgen.core.deliverables import STANDARD
from annexgen.core.words import english
from annexgen.load.templates import _environment, template_context
from annexgen.load.undefined import attributes_of
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")


def _records(shipped) -> dict[str, object]:
    """Each kind of record a template reaches, by the name the doc writes it under."""
    corpus, _ = shipped
    doc = corpus.document
    return {"doc": doc, "doc.supports": doc.supports, "doc.annex_a": doc.annex_a,
            "doc.annex_b": doc.annex_b, "m": corpus.meetings[0], "c": corpus.clusters[0],
            "t": corpus.clusters[0].topics[0]}


def test_every_variable_is_documented(shipped):
    corpus, _ = shipped
    names = template_context(corpus.document, corpus.meetings, corpus.clusters)
    assert [name for name in names if f"`{name}`" not in DOC] == []


def test_every_attribute_is_documented(shipped):
    missing = [f"{prefix}.{name}" for prefix, record in _records(shipped).items()
               for name in attributes_of(record)
               if not re.search(rf"`[^`\n]*(?<![\w.]){re.escape(prefix)}\.{name}\b", DOC)]
    assert missing == []


def test_every_function_and_filter_of_annexgen_is_documented():
    env = _environment({}, english(), STANDARD)
    own_filters = set(env.filters) - set(jinja2.Environment().filters)
    assert own_filters  # annexgen adds some: the set is not empty by accident
    missing = [f"filter {name}" for name in sorted(own_filters)
               if f"| `{name}" not in DOC]
    missing += [f"function {name}" for name in sorted(env.globals)
                if f"| `{name}(" not in DOC]
    assert missing == []


@pytest.mark.parametrize("code", ["E402", "E403", "E404", "E405", "E308", "E309", "W503"])
def test_the_codes_it_names_exist(code):
    assert code in DOC and code in (ROOT / "docs" / "diagnostics.md").read_text()

"""Generated content, valid or broken, is built (exit 0) or refused cleanly (exit 2)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import string
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from annexgen.cli import main
from annexgen.core.deliverables import STANDARD
from annexgen.core.diagnostics import CODES
from annexgen.writers.verify import verify_package
from tests.conftest import CASES, STYLES, tree_digest

BASE = CASES / "_base"
YAML_FILES = ("document.yaml", "meetings.yaml", "index.yaml",
              "outcomes/north.yaml", "outcomes/south.yaml")
TEMPLATES = tuple(f"templates/{item.template_file}" for item in STANDARD)
TOPICS = ("alpha", "beta", "gamma")

DIAGNOSTIC = re.compile(r"(?P<path>[^\n]+?):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): "
                        r"(?P<code>[EW]\d{3}): \S[^\n]*")
REFUSAL = re.compile(r"annexgen: [1-9]\d* error\(s\), \d+ warning\(s\); nothing was written")

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example])

Tree = dict  # file name → parsed YAML (or template text)


# -- generating valid content ------------------------------------------------------------

WORD = st.text(string.ascii_lowercase, min_size=2, max_size=9)
_LEGAL = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
# Characters the paper's markup reads (*bold*, [^note], {.style}, <url>, \ escapes): fields
# that templates interpolate leave them out, since they would be read as markup (see report).
_MARKUP = "*^[]{}<>\\#`"
# Text that is legal in content, with what needs escaping in XML and Excel (formula triggers).
PROSE = st.text(_LEGAL | st.sampled_from("&<>\"'=+-@*_^[]{}#%\\"), min_size=1, max_size=60)
PLAIN_PROSE = st.text(_LEGAL.filter(lambda c: c not in _MARKUP) | st.sampled_from("&\"'=+-@_%"),
                      min_size=1, max_size=60)
# No ASCII letters, so that no key phrase (ASCII words) can be found in it a second time.
TAIL = st.text(_LEGAL.filter(lambda c: c not in string.ascii_letters), max_size=30)


@st.composite
def outcome(draw, outcome_id: str, para: int) -> dict:
    """An outcome whose key phrases are distinct whole words of its text (so found once)."""
    words = draw(st.lists(WORD, min_size=3, max_size=12, unique=True))
    lead = draw(st.sampled_from(["", "=", "+", "-", "@", "&", "<b>"]))
    text = lead + " ".join(words) + " " + draw(TAIL) + draw(st.sampled_from([".", " – “q”."]))
    chosen = draw(st.lists(st.sampled_from(words), unique=True, max_size=3))
    topic_ids = draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True))
    topics = {topic: [] for topic in topic_ids}
    for n, phrase in enumerate(chosen):
        topics[topic_ids[n % len(topic_ids)]].append(phrase)
    return {"id": outcome_id, "para": para, "text": text,
            "topics": {t: (phrases or None) for t, phrases in topics.items()}}


@st.composite
def outcome_file(draw, meeting: str) -> dict:
    count = draw(st.integers(1, 5))
    paras = sorted(draw(st.lists(st.integers(1, 400), min_size=count, max_size=count,
                                 unique=True)))
    return {"meeting": meeting,
            "outcomes": [draw(outcome(f"{meeting[0]}-{n}", para)) for n, para in enumerate(paras)]}


@st.composite
def valid_content(draw) -> Tree:
    """The base content with generated outcomes and generated prose in its text fields."""
    tree = base_tree()
    tree["document.yaml"]["title"] = draw(PLAIN_PROSE).strip() or "Title"
    tree["document.yaml"]["status"] = draw(st.sampled_from(["DRAFT", "final", "For review"]))
    tree["meetings.yaml"]["meetings"][0]["name"] = draw(PROSE).strip() or "Name"
    tree["meetings.yaml"]["meetings"][1]["region"] = draw(PROSE).strip() or "Region"
    tree["index.yaml"]["clusters"][1]["topics"][0]["title"] = draw(PLAIN_PROSE).strip() or "G"
    tree["outcomes/north.yaml"] = draw(outcome_file("north"))
    tree["outcomes/south.yaml"] = draw(outcome_file("south"))
    return tree


def base_tree() -> Tree:
    tree: Tree = {name: yaml.safe_load((BASE / name).read_text()) for name in YAML_FILES}
    tree.update({name: (BASE / name).read_text() for name in TEMPLATES})
    return tree


# -- breaking it -------------------------------------------------------------------------

def nodes(tree: Tree, kind: type | tuple[type, ...]) -> list[tuple[str, tuple]]:
    """(file, path) of every node of a kind in the YAML files, paths as key/index tuples."""
    found = []
    stack = [(name, tree[name], ()) for name in YAML_FILES if name in tree]
    while stack:
        name, node, path = stack.pop()
        if isinstance(node, kind):
            found.append((name, path))
        if isinstance(node, dict):
            stack.extend((name, child, (*path, key)) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((name, child, (*path, n)) for n, child in enumerate(node))
    return sorted(found, key=repr)


def get(tree: Tree, name: str, path: tuple):
    node = tree[name]
    for key in path:
        node = node[key]
    return node


def put(tree: Tree, name: str, path: tuple, value) -> None:
    if not path:
        tree[name] = value
    else:
        get(tree, name, path[:-1])[path[-1]] = value


OTHER_TYPES = st.sampled_from([
    42, 0, -1, 3.5, True, False, None, [], {}, ["a"], {"k": "v"}, "", " ",
    dt.date(2019, 1, 1), dt.datetime(2019, 1, 1, 12, 0), "2019-13-45", "yes", "12-14",
    "https://example.org", "javascript:alert(1)", 10**30,
])
BAD_CHARACTERS = st.sampled_from(
    [chr(c) for c in range(0x20) if c not in (9, 10, 13)]
    + ["\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\uffff", "\U0001f600"])
YAML_SNIPPETS = st.sampled_from([
    ":", "- ", "\t", "&a ", "*a", "!!python/name:os.system ", "!custom ", "{", "}", "[",
    "[" * 3000, "{a: " * 500, "'", '"', "\\", "%YAML 1.1\n", "---\n", "...\n", "? ",
    "<<: {}\n", "\ufeff", "\x00", "#", "|\n", ">-\n", "@", "`", "key: value\n", "  ",
])
TEMPLATE_SNIPPETS = st.sampled_from([
    "{{", "}}", "{%", "%}", "{% if %}", "{% for x in meetings %}", "{% endfor %}",
    "{{ 'x' * 10**18 }}", "{{ 3 ** (10 ** 8) }}", "{{ [1] * 10**9 }}", "\x07",
    "{{ '\\x07' }}",
    "{{ doc.nope }}", "{{ doc.title | nofilter }}", "{{ doc.title.nomethod() }}",
    "[^zz]", "[^about]: again.\n", "**", "*", "^", "{.nostyle} ", "{.body} ", "\\",
    "{{ pages('annex-a', 'nope') }}", "{{ pages('annex-z', 'first') }}",
    "{{ ''.__class__ }}", "{{ cycler.__init__.__globals__ }}", "{{ 1 / 0 }}",
    "{% include 'paper.md.j2' %}", "{% include '../document.yaml' %}",
    "{% extends 'annex-b.md.j2' %}", "{{ meetings[99] }}", "{{ range(10**6) | list }}",
    "<https://example.org>", "[link](https://example.org)", "[x](javascript:alert(1))",
    "[x](file:///etc/passwd)", "[x](mailto:a@b.org)", "# ", "## ", "- ", "1. ",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{{ 'x' * 10**6 }}",
])


@st.composite
def drop_key(draw, tree: Tree) -> None:
    places = [(n, p) for n, p in nodes(tree, dict) if get(tree, n, p)]
    if places:
        name, path = draw(st.sampled_from(places))
        del get(tree, name, path)[draw(st.sampled_from(sorted(get(tree, name, path))))]


@st.composite
def swap_type(draw, tree: Tree) -> None:
    places = [(n, p) for n, p in nodes(tree, (str, int, float, bool, list, dict, type(None)))
              if p]
    if places:
        name, path = draw(st.sampled_from(places))
        put(tree, name, path, draw(OTHER_TYPES))


@st.composite
def duplicate_id(draw, tree: Tree) -> None:
    """Two records of the same kind (meetings, clusters, topics, outcomes) get the same id."""
    kinds: dict[str, list] = {}
    for name, path in nodes(tree, dict):
        if "id" in get(tree, name, path) and len(path) >= 2:
            kinds.setdefault(path[-2], []).append((name, path))
    kinds = {kind: records for kind, records in kinds.items() if len(records) > 1}
    if kinds:
        records = kinds[draw(st.sampled_from(sorted(kinds)))]
        first, second = draw(st.lists(st.sampled_from(records), min_size=2, max_size=2,
                                      unique=True))
        get(tree, *second)["id"] = get(tree, *first)["id"]


@st.composite
def bad_character(draw, tree: Tree) -> None:
    places = nodes(tree, str)
    if places:
        name, path = draw(st.sampled_from(places))
        text = get(tree, name, path)
        at = draw(st.integers(0, len(text)))
        put(tree, name, path, text[:at] + draw(BAD_CHARACTERS) + text[at:])


@st.composite
def long_string(draw, tree: Tree) -> None:
    places = nodes(tree, str)
    if places:
        name, path = draw(st.sampled_from(places))
        unit = draw(st.sampled_from(["word ", "x", "line\n", "é", "legal aid "]))
        put(tree, name, path, unit * draw(st.sampled_from([300, 5_000, 40_000, 120_000])))


@st.composite
def deep_nesting(draw, tree: Tree) -> None:
    places = [(n, p) for n, p in nodes(tree, (str, list, dict)) if p]
    if places:
        name, path = draw(st.sampled_from(places))
        value = draw(st.sampled_from(["x", {"id": "x"}, None]))
        for _ in range(draw(st.sampled_from([5, 25, 120]))):
            value = [value] if draw(st.booleans()) else {"k": value}
        put(tree, name, path, value)


@st.composite
def template_edit(draw, tree: Tree) -> None:
    name = draw(st.sampled_from(TEMPLATES))
    text = tree[name]
    at = draw(st.integers(0, len(text)))
    tree[name] = text[:at] + draw(TEMPLATE_SNIPPETS) + text[at:]


TREE_MUTATIONS = (drop_key, swap_type, duplicate_id, bad_character, long_string, deep_nesting,
                  template_edit)


@st.composite
def broken_content(draw) -> tuple[Tree, list[tuple[str, int, str]]]:
    """Valid content with some tree mutations, and raw text edits to apply after dumping."""
    tree = draw(valid_content())
    for mutation in draw(st.lists(st.sampled_from(TREE_MUTATIONS), min_size=1, max_size=3)):
        draw(mutation(tree))
    raw_edits = draw(st.lists(st.tuples(st.sampled_from(YAML_FILES), st.integers(0, 10**6),
                                        YAML_SNIPPETS), max_size=2))
    return tree, raw_edits


# -- running annexgen ----------------------------------------------------------------------

def write_content(tree: Tree, folder: Path, raw_edits=()) -> Path:
    content = folder / "content"
    for name, value in tree.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = value if name in TEMPLATES else yaml.safe_dump(value, allow_unicode=True,
                                                              sort_keys=False, width=80)
        path.write_text(text, encoding="utf-8")
    for name, position, snippet in raw_edits:
        path = content / name
        text = path.read_text(encoding="utf-8")
        at = position % (len(text) + 1)
        path.write_text(text[:at] + snippet + text[at:], encoding="utf-8")
    return content


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def assert_located(err: str, status: int) -> None:
    """Every line a diagnostic `path:line:col: CODE: message`; on exit 2, then the refusal."""
    lines = err.splitlines()
    if status == 2:
        assert lines and REFUSAL.fullmatch(lines[-1]), err[-2000:]
        lines = lines[:-1]
    codes = []
    for line in lines:
        found = DIAGNOSTIC.fullmatch(line)
        assert found, f"not a located diagnostic: {line[:300]!r}"
        assert found["code"] in CODES, line[:300]
        codes.append(found["code"])
    assert any(code.startswith("E") for code in codes) == (status == 2), err[-2000:]


def check_and_build(content: Path, work: Path) -> tuple[int, int]:
    """Runs both commands; asserts everything that must hold whatever the content."""
    checked, _, check_err = run("check", "--content", str(content), "--styles", str(STYLES))
    assert checked in (0, 2), check_err[-3000:]
    assert_located(check_err, checked)

    out = work / "out"
    out.mkdir()
    (out / "annex-a.docx").write_bytes(b"previous good build")
    before = tree_digest(out)
    built, _, build_err = run("build", "--no-render", "--content", str(content),
                              "--styles", str(STYLES), "--out", str(out))
    assert built in (0, 2), build_err[-3000:]
    event(f"check {checked}, build {built}")
    assert_located(build_err, built)
    for code in sorted(set(re.findall(r": ([EW]\d{3}): ", build_err))):
        event(code)
    if built == 2:
        assert tree_digest(out) == before
    else:
        for name in STANDARD.offices:
            assert verify_package(name, (out / name).read_bytes()) == []
    return checked, built


# -- the properties ------------------------------------------------------------------------

@pytest.mark.slow
@PROPERTY_SETTINGS
@given(tree=valid_content())
def test_valid_content_builds_and_verifies(tree):
    with tempfile.TemporaryDirectory() as tmp:
        content = write_content(tree, Path(tmp))
        assert check_and_build(content, Path(tmp)) == (0, 0)


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(case=broken_content())
def test_broken_content_is_built_or_refused_with_located_diagnostics(case):
    tree, raw_edits = case
    with tempfile.TemporaryDirectory() as tmp:
        content = write_content(tree, Path(tmp), raw_edits)
        checked, built = check_and_build(content, Path(tmp))
        assert checked == built, "check and build disagree about the same content"


@pytest.mark.slow
@PROPERTY_SETTINGS
@given(tree=valid_content(), mutation=st.sampled_from(TREE_MUTATIONS), data=st.data())
def test_each_kind_of_breakage_alone(tree, mutation, data):
    data.draw(mutation(tree))
    with tempfile.TemporaryDirectory() as tmp:
        content = write_content(tree, Path(tmp))
        checked, built = check_and_build(content, Path(tmp))
        assert checked == built, "check and build disagree about the same content"


def test_the_properties_can_fail():
    """The diagnostic shape is strict: a traceback line or an unlocated message is caught."""
    with pytest.raises(AssertionError):
        assert_located("Traceback (most recent call last):\nannexgen: 1 error(s), 0 warning(s); "
                       "nothing was written", 2)
    with pytest.raises(AssertionError):
        assert_located("content/x.yaml: E101: no position\n", 0)
    assert_located("content/x.yaml:3:7: E101: YAML syntax: oops\n"
                   "annexgen: 1 error(s), 0 warning(s); nothing was written", 2)


# -- crashes and gaps found while exploring, now fixed ---------------------------------------

def _with_template_line(line: str) -> Tree:
    tree = base_tree()
    tree["templates/annex-a.md.j2"] = tree["templates/annex-a.md.j2"].replace(
        "\n\n[^about]", f"\n\n{line}\n\n[^about]")
    return tree


def test_template_asking_for_a_huge_string_is_refused_located(tmp_path):
    content = write_content(_with_template_line("{{ 'x' * 10**18 }}"), tmp_path)
    status, _, err = run("check", "--content", str(content), "--styles", str(STYLES))
    assert status == 2, err[-1500:]
    assert_located(err, status)
    assert f"{content}/templates/annex-a.md.j2:5:1: E" in err



@pytest.mark.parametrize("template", ["paper", "annex-a", "annex-b"])
def test_control_character_in_a_template_is_refused_located(template, tmp_path):
    tree = base_tree()
    name = f"templates/{template}.md.j2"
    lines = tree[name].split("\n")
    lines[2] = "\x07" + lines[2]
    tree[name] = "\n".join(lines)
    content = write_content(tree, tmp_path)
    status, _, err = run("check", "--content", str(content), "--styles", str(STYLES))
    assert (status, f"{content}/{name}:3:1: E205" in err) == (2, True), err[-1500:]
    built, _, err = run("build", "--no-render", "--content", str(content),
                        "--styles", str(STYLES), "--out", str(tmp_path / "out"))
    assert built == 2, err[-1500:]


@pytest.mark.parametrize("field", [("index.yaml", ("clusters", 1, "topics", 0, "title")),
                                   ("meetings.yaml", ("meetings", 0, "region"))])
def test_text_too_long_for_an_excel_cell_is_refused(field, tmp_path):
    tree = base_tree()
    name, path = field
    put(tree, name, path, "word " * 8_000)
    content = write_content(tree, tmp_path)
    status, _, err = run("build", "--no-render", "--content", str(content),
                         "--styles", str(STYLES), "--out", str(tmp_path / "out"))
    assert status == 2, err[-1500:]
    assert re.search(rf"{re.escape(name)}:\d+:\d+: E206: ", err), err[-1500:]


def test_template_asking_for_a_huge_power_is_refused_located(tmp_path):
    content = write_content(_with_template_line("{{ 3 ** (10 ** 8) }}"), tmp_path)
    status, _, err = run("check", "--content", str(content), "--styles", str(STYLES))
    assert status == 2 and f"{content}/templates/annex-a.md.j2:5:1: E403" in err, err[-1500:]


def test_markup_characters_in_content_values_are_text(tmp_path):
    tree = base_tree()
    put(tree, "index.yaml", ("clusters", 0, "topics", 0, "title"), "Crime* and [^x] <b> #1")
    content = write_content(tree, tmp_path)
    status, _, err = run("build", "--no-render", "--content", str(content),
                         "--styles", str(STYLES), "--out", str(tmp_path / "out"))
    assert status == 0, err[-1500:]
    import docx
    texts = [p.text for p in docx.Document(tmp_path / "out" / "snapshot-paper.docx").paragraphs]
    assert "Crime* and [^x] <b> #1" in texts

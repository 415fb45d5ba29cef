"""The workbench in a real browser (Debian's chromium and chromium-driver through Selenium):
a review with the keyboard alone and a mouse-drag selection, a conflict between two tabs,
an edit on disk showing in the open page. Screenshots go to docs/workbench/ when asked
(ANNEXGEN_SCREENSHOTS=1) and to the test's folder otherwise."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from annexgen import api
from annexgen.serve.run import running, workbench
from tests.conftest import CONTENT, ROOT, STYLES

EXERCISES = ROOT / "tests" / "exercises"
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                       reason="chromium and chromium-driver are not installed (make setup "
                              "installs them as root)"),
]

WAITING = """    suggested:
      topics:
        declaration-concise: [short and concise document]
        declaration-inclusive: [inclusive and open process]
"""
REVIEWED = """    topics:
      declaration-concise: [short and concise document]
      declaration-inclusive: [inclusive and open process, all Member States could contribute]
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """The shipped exercise with Africa's first outcome waiting for review."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    africa = folder / "outcomes" / "africa.yaml"
    africa.write_text(africa.read_text().replace(REVIEWED, WAITING, 1))
    return folder


@pytest.fixture
def served(content: Path, tmp_path: Path):
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        yield started


@pytest.fixture
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=en-GB"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _shoot(driver, name: str, tmp_path: Path) -> Path:
    folder = ROOT / "docs" / "workbench" if os.environ.get("ANNEXGEN_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def _wait(predicate, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the page did not get there in time")


def _panel_version(driver) -> str:
    """The version of the outcome the panel shows, with its message (read in one go: the
    panel may be swapped at any moment)."""
    return driver.execute_script(
        "const p = document.getElementById('panel');"
        "return p ? p.dataset.version + (p.querySelector('.message')?.textContent ?? '') : '';")


def _shown(driver) -> str:
    return driver.execute_script("return document.getElementById('panel').dataset.outcome")


def _keys(driver, keys: str, shift: bool = False) -> None:
    """Presses the keys (with Shift held) and waits for the panel to show the answer."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    before = _panel_version(driver)
    chain = ActionChains(driver)
    if shift:
        chain = chain.key_down(Keys.SHIFT)
    chain = chain.send_keys(keys)
    if shift:
        chain = chain.key_up(Keys.SHIFT)
    chain.perform()
    _wait(lambda: _panel_version(driver) != before)


def _drag_select(driver, phrase: str) -> None:
    """Selects `phrase` in the outcome's text with a real mouse drag (W3C pointer actions),
    from a little inside its first letter to a little inside its last (right to left in
    right-to-left text)."""
    script = """
        const [text, phrase] = arguments;
        const box = document.getElementById('text');
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        let node, at = -1;
        while ((node = walker.nextNode()) && (at = node.data.indexOf(phrase)) < 0) {}
        const range = document.createRange();
        const rect = (i) => { range.setStart(node, i); range.setEnd(node, i + 1);
                              return range.getBoundingClientRect(); };
        const first = rect(at), last = rect(at + phrase.length - 1);
        const origin = box.getBoundingClientRect();
        const rtl = getComputedStyle(box).direction === 'rtl';
        const begin = rtl ? first.right - 2 : first.left + 2;  // a phrase starts at its
        const end = rtl ? last.left + 2 : last.right - 2;      // right in right-to-left text
        return [begin - origin.left - origin.width / 2,
                first.top + first.height / 2 - origin.top - origin.height / 2,
                end - origin.left - origin.width / 2,
                last.top + last.height / 2 - origin.top - origin.height / 2];"""
    from selenium.webdriver.common.action_chains import ActionChains

    box = driver.find_element("id", "text")
    x1, y1, x2, y2 = driver.execute_script(script, "", phrase)
    (ActionChains(driver).move_to_element_with_offset(box, int(x1), int(y1)).click_and_hold()
     .move_to_element_with_offset(box, int(x2), int(y2)).release().perform())
    assert driver.execute_script("return window.getSelection().toString()").strip() == phrase


def test_a_review_with_the_keyboard_and_a_mouse_selection_is_what_check_and_annex_a_take(
        served, browser, content, tmp_path):
    browser.get(served.url)
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    assert _shown(browser) == "af-kyoto-concise"  # the queue opens on what waits for review
    _shoot(browser, "1-review-queue", tmp_path)
    _keys(browser, "1")  # accept the first suggested topic
    assert browser.execute_script(
        "return document.querySelector('li.topic[data-key=\"1\"]').dataset.accepted") == "1"
    _keys(browser, "2", shift=True)  # reject the second
    _drag_select(browser, "clear message")
    _shoot(browser, "2-selection", tmp_path)
    _keys(browser, "1")  # the selection becomes a key phrase of topic 1
    marks = browser.execute_script(
        "return [...document.querySelectorAll('#text mark.phrase')].map(m => m.textContent)")
    assert marks == ["short and concise document", "clear message"]
    # Every suggested topic decided: the outcome is reviewed, and so is the exercise.
    assert "Done: every outcome is reviewed" in browser.execute_script(
        "return document.getElementById('progress').textContent")
    _shoot(browser, "3-key-phrase", tmp_path)
    _keys(browser, "j")  # next, in report order
    assert _shown(browser) == "af-political-message-2030"

    checked = api.check(content, STYLES)
    assert not [d for d in checked.diagnostics if d.is_error]
    assert not [d for d in checked.diagnostics if d.code == "W506"]
    api.build(content, STYLES, tmp_path / "out", render=False)
    from docx import Document

    annex_a = Document(str(tmp_path / "out" / "annex-a.docx"))
    marked = {run.text for paragraph in annex_a.paragraphs for run in paragraph.runs
              if run.font.highlight_color is not None}
    assert {"short and concise document", "clear message"} <= marked


def test_two_tabs_editing_one_outcome_get_a_conflict_not_a_lost_edit(served, browser,
                                                                     content, tmp_path):
    browser.get(served.url)
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    first = browser.current_window_handle
    browser.execute_script("window.annexgenEvents.close()")  # as if it had not heard yet
    browser.switch_to.new_window("tab")
    browser.get(served.url.split("?")[0] + "review?o=af-kyoto-concise")
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    _keys(browser, "1")  # the second tab accepts topic 1
    browser.switch_to.window(first)
    before = (content / "outcomes" / "africa.yaml").read_bytes()
    _keys(browser, "2", shift=True)  # the first tab, still showing the old version, rejects topic 2
    message = browser.execute_script("return document.querySelector('#panel .message').textContent")
    assert "changed this outcome since you saw it" in message
    _shoot(browser, "4-conflict", tmp_path)
    assert (content / "outcomes" / "africa.yaml").read_bytes() == before


def test_an_edit_made_on_disk_shows_in_the_open_page(served, browser, content, tmp_path):
    browser.get(served.url)
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    africa = content / "outcomes" / "africa.yaml"
    africa.write_text(africa.read_text().replace("short and\n      concise document",
                                                 "brief and\n      concise document", 1))
    _wait(lambda: "brief and concise document" in browser.execute_script(
        "return document.getElementById('text').textContent"))
    _shoot(browser, "5-edited-on-disk", tmp_path)


def test_the_other_views_show_annex_a_the_matrix_and_the_problems(served, browser, content,
                                                                  tmp_path):
    browser.get(served.url)
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    base = served.url.split("?")[0]
    browser.get(base + "topics")
    headings = browser.execute_script(
        "return [...document.querySelectorAll('main h2')].map(h => h.textContent)")
    assert headings == [cluster.title for cluster in served.bench.workspace.clusters]
    _shoot(browser, "6-by-topic", tmp_path)
    browser.get(base + "matrix")
    cells = browser.execute_script(
        "return [...document.querySelectorAll('table.matrix td')].map(td => td.className)")
    meetings = len(served.bench.workspace.meetings)
    topics = sum(len(cluster.topics) for cluster in served.bench.workspace.clusters)
    assert len(cells) == meetings * topics and "empty" in cells
    _shoot(browser, "7-matrix", tmp_path)
    browser.get(base + "problems")
    links = browser.execute_script(
        "return [...document.querySelectorAll('ul.problems a')].map(a => a.href)")
    assert any("o=af-kyoto-concise" in link for link in links)  # W506 leads to its outcome
    _shoot(browser, "8-problems", tmp_path)


@pytest.mark.render
def test_live_deliverables_say_when_they_are_current_and_link_the_outcome_s_pages(
        content, browser, tmp_path):
    from tests.conftest import HAS_RENDERER

    if not HAS_RENDERER:
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    from annexgen.render.pdftext import pdf_page_texts

    out = tmp_path / "out"
    with running(lambda: workbench(content, STYLES, out, port=0)) as started:
        browser.get(started.url)
        _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
        browser.get(started.url.split("?")[0] + "review?o=af-political-message-2030")
        _wait(lambda: "Deliverables current" in browser.execute_script(
            "return document.getElementById('build-status').textContent"), 180)
        browser.refresh()
        link, words = _wait(lambda: browser.execute_script(
            "const a = document.querySelector('.outcome-head a[href*=\"#page=\"]');"
            "return a ? [a.href, a.textContent] : null;"))
        first = int(link.rsplit("#page=", 1)[1])
        last = int(words.rsplit("–", 1)[1])
        _shoot(browser, "9-live", tmp_path)
        pages = pdf_page_texts((out / "annex-a.pdf").read_bytes())
        outcome = started.bench.workspace.outcome("af-political-message-2030")
        opening = " ".join(outcome.text.split()[:6])
        printed = [n for n, text in enumerate(pages, start=1) if opening in " ".join(text.split())]
        assert printed and first <= printed[0] <= last  # LibreOffice's own layout says so


def test_every_control_has_a_name_and_the_page_reflows_at_200_percent(served, browser,
                                                                      tmp_path):
    browser.get(served.url)
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    base = served.url.split("?")[0]
    for page in ("review", "topics", "matrix", "problems", "deliverables"):
        browser.get(base + page)
        controls = browser.find_elements(
            "css selector", "button, a[href], input:not([type=hidden]), select, textarea")
        unnamed = [c.get_attribute("outerHTML")[:80] for c in controls
                   if c.is_displayed() and not c.accessible_name.strip()]
        assert not unnamed, (page, unnamed)
    browser.get(base + "review")
    browser.set_window_size(640, 900)  # 1280 CSS pixels at 200% zoom
    _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    _shoot(browser, "10-zoom-200", tmp_path)


def _first_outcome_in(content: Path, text: str) -> Path:
    """Africa's outcome waiting for review, its text `text` and no suggested key phrase."""
    africa = content / "outcomes" / "africa.yaml"
    written = africa.read_text()
    start = written.index("    text: >-\n      Participants recommended that the Kyoto")
    end = written.index("    suggested:", start)
    africa.write_text(written[:start] + f"    text: {text}\n" + written[end:]
                      .replace("[short and concise document]", "[]")
                      .replace("[inclusive and open process]", "[]", 1))
    return africa


ARABIC = "أوصى المشاركون بأن يكون الإعلان وثيقة موجزة ومركزة تعكس أولويات جميع المناطق."


def test_right_to_left_text_is_shown_as_written_and_a_dragged_phrase_is_exact(
        content, browser, tmp_path):
    africa = _first_outcome_in(content, ARABIC)
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        browser.get(started.url)
        _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
        direction = browser.execute_script(
            "return getComputedStyle(document.getElementById('text')).direction")
        assert direction == "rtl"
        _drag_select(browser, "وثيقة موجزة")
        _keys(browser, "1")
        marks = browser.execute_script(
            "return [...document.querySelectorAll('#text mark.phrase')].map(m => m.textContent)")
        assert marks == ["وثيقة موجزة"]
        _shoot(browser, "11-right-to-left", tmp_path)
    assert "declaration-concise: [وثيقة موجزة]" in africa.read_text()


# The first outcome of the Chinese exercise (no spaces between words) and of the Arabic, each
# with a phrase to drag over that cuts words in two (its key phrase, "法律援助" or "المساعدة
# القانونية", less its first and last letters): the key phrase written is the whole words it
# touches, as the browser's word segmenter (Intl.Segmenter) tells them.
PHRASES = [
    ("zh", "律援", "13-words-zh"),
    ("ar", "ساعدة القانو", "12-words-ar"),
]


def _exercise(language: str, tmp_path: Path) -> Path:
    """The small exercise in `language` (its document in that language), its first
    outcome's topic (legal-aid) accepted without key phrases."""
    content = tmp_path / "content"
    shutil.copytree(EXERCISES / language, content)
    north = content / "outcomes" / "north.yaml"
    lines = north.read_text().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("legal-aid:"))
    lines[at] = "      legal-aid: []\n"
    north.write_text("".join(lines))
    return content


@pytest.mark.parametrize(("language", "dragged", "screenshot"), PHRASES)
def test_a_phrase_dragged_across_parts_of_words_becomes_the_whole_words(
        browser, tmp_path, language, dragged, screenshot):
    content = _exercise(language, tmp_path)
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        browser.get(started.url)
        _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
        assert _shown(browser) == "n-one"
        text = browser.execute_script("return document.getElementById('text').textContent")
        whole = browser.execute_script(_WORDS_TOUCHED, text, dragged, language)
        assert dragged in whole and whole != dragged
        _drag_select(browser, dragged)
        _keys(browser, "1")
        marks = browser.execute_script(
            "return [...document.querySelectorAll('#text mark.phrase')].map(m => m.textContent)")
        assert marks == [whole]
        _shoot(browser, screenshot, tmp_path)
    outcome = api.workspace(content).outcome("n-one")
    assert outcome is not None
    assert [(p.topic_id, [outcome.text[k.start:k.end] for k in p.phrases])
            for p in outcome.placements] == [("legal-aid", [whole])]


# The words of `text` that `dragged` touches, by the browser's own segmenter.
_WORDS_TOUCHED = """
    const [text, dragged, language] = arguments;
    const from = text.indexOf(dragged), to = from + dragged.length;
    let start = from, end = to;
    for (const w of new Intl.Segmenter(language, {granularity: 'word'}).segment(text)) {
      const last = w.index + w.segment.length;
      if (!w.isWordLike || last <= from || w.index >= to) continue;
      start = Math.min(start, w.index); end = Math.max(end, last);
    }
    return text.slice(start, end);"""

# The language and direction each element shows, as the browser resolves them: the nearest
# `lang` and the computed `direction`, of every element the selector finds on the page.
_LANGUAGES = """
    return [...document.querySelectorAll(arguments[0])].map(
      e => [e.closest('[lang]')?.lang ?? '', getComputedStyle(e).direction]);"""


def _languages(driver, selector: str) -> set[tuple[str, str]]:
    found = driver.execute_script(_LANGUAGES, selector)
    assert found, f"nothing on the page is {selector}"
    return {tuple(each) for each in found}


# The content's own text (outcomes, phrases, titles, meetings) and the interface around it.
CONTENT_TEXT = {
    "review": ("#text", "#text mark.phrase", "li.topic .title", "#edit-text",
               "#outcome-title .meeting", "#progress .meeting", "#phrase-topic option",
               "#all-topics option"),
    "topics": ("section.cluster h2", "section.cluster h3 .title", "ul.placed .outcome"),
    "matrix": ("table.matrix thead th.meeting", "tr.cluster-row th", "tbody th[scope=row]",
               "table.matrix td a[title]"),
}
INTERFACE = ("header.top nav a", "button[data-action=done]", "li.topic kbd.key",
             "#outcome-title", "label[for=edit-text]", "#progress strong")


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("zh", "ltr")])
def test_the_interface_is_english_left_to_right_and_the_content_keeps_its_language(
        browser, tmp_path, language, direction):
    """An Arabic (or Chinese) document in the English workbench: the page is English, left
    to right; only what the content itself says carries its language and direction."""
    content = tmp_path / "content"
    shutil.copytree(EXERCISES / language, content)
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        browser.get(started.url)
        _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
        assert browser.execute_script(
            "const html = document.documentElement;"
            "return [html.lang, html.dir, getComputedStyle(document.body).direction]"
        ) == ["en", "ltr", "ltr"]
        base = started.url.split("?")[0]
        for page, selectors in CONTENT_TEXT.items():
            browser.get(base + page)
            for selector in selectors:
                assert _languages(browser, selector) == {(language, direction)}, selector
        browser.get(base + "review")
        for selector in INTERFACE:
            assert _languages(browser, selector) == {("en", "ltr")}, selector
        # The content's block sits at its own start (the right, in Arabic), and a topic's
        # number key stays before its title, at the left of the English page.
        gap, key_first = browser.execute_script("""
            const text = document.getElementById('text'), style = getComputedStyle(text);
            const range = document.createRange();
            range.selectNodeContents(text);
            const line = range.getClientRects()[0], box = text.getBoundingClientRect();
            const inner = [box.left + parseFloat(style.borderLeftWidth)
                             + parseFloat(style.paddingLeft),
                           box.right - parseFloat(style.borderRightWidth)
                             - parseFloat(style.paddingRight)];
            const topic = document.querySelector('li.topic');
            return [arguments[0] === 'rtl' ? inner[1] - line.right : line.left - inner[0],
                    topic.querySelector('.key').getBoundingClientRect().right
                      <= topic.querySelector('.title').getBoundingClientRect().left];""",
            direction)
        assert abs(gap) < 2 and key_first


# An element's own aria-label, and each element its aria-labelledby names: its text and the
# language it resolves to (the nearest `lang`).
_NAME_PARTS = """
    const e = arguments[0];
    return [e.getAttribute('aria-label'),
            (e.getAttribute('aria-labelledby') ?? '').split(/\\s+/).filter(Boolean).map(id => {
              const part = document.getElementById(id);
              return [part.textContent.trim(), part.closest('[lang]')?.lang ?? ''];
            })];"""


@pytest.mark.parametrize("language", ["ar", "zh"])
def test_english_names_are_english_and_the_content_in_them_keeps_its_language(
        browser, tmp_path, language):
    """A screen reader speaks each part of a name in its own language: the outcome's text
    (Arabic) is named by an English element, not by an English aria-label of its own, and
    a topic's buttons join English words and the topic's title, each marked as what it is."""
    content = tmp_path / "content"
    shutil.copytree(EXERCISES / language, content)
    north = content / "outcomes" / "north.yaml"
    written = north.read_text()
    # the first outcome waits for review: one topic accepted, one suggested
    end = written.index("  - id: n-two")
    north.write_text(written[:end] + "    suggested:\n      topics:\n        restorative: []\n"
                     + written[end:])
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        browser.get(started.url)
        _wait(lambda: browser.find_elements("css selector", "#panel[data-outcome]"))
        text = browser.find_element("id", "text")
        assert browser.execute_script(_NAME_PARTS, text) == [None, [["Outcome text", "en"]]]
        assert text.accessible_name == "Outcome text"
        described = browser.find_element("id", text.get_attribute("aria-describedby"))
        assert browser.execute_script("return arguments[0].closest('[lang]').lang",
                                      described) == "en"
        lines = browser.find_elements("css selector", "li.topic")
        expected = {"Remove": ("Remove topic", None), "Accept": ("Accept topic", "(key {})"),
                    "Reject": ("Reject topic", "(Shift+{})")}
        seen = set()
        for line in lines:
            key = line.get_attribute("data-key")
            title = line.find_element("css selector", ".title").text
            for button in line.find_elements("css selector", "button"):
                before, after = expected[button.text]
                parts = [[before, "en"], [title, language]]
                if after:
                    parts.append([after.format(key), "en"])
                assert browser.execute_script(_NAME_PARTS, button) == [None, parts]
                assert button.accessible_name == " ".join(p for p, _ in parts)
                seen.add(button.text)
        assert seen == set(expected)
        # a key phrase's tooltip names its topics by their titles, in the text's language
        marks = browser.find_elements("css selector", "#text mark.phrase")
        assert marks
        for mark in marks:
            title = browser.execute_script(
                "return document.querySelector(`li.topic[data-topic='${arguments[0]}'] .title`)"
                ".textContent", mark.get_attribute("data-topic"))
            assert mark.get_attribute("title").split(", ")[0] == title


def test_a_report_named_in_arabic_is_imported_from_the_import_button(browser, tmp_path):
    """A header holds Latin-1 only: the page sends the file's name percent-encoded, and the
    server reads it back (before, fetch refused the request and nothing was imported)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from tests.importing import empty_exercise
    from tests.reportgen.docx_report import write_report

    content = empty_exercise(tmp_path / "exercise")
    report = tmp_path / "تقرير أفريقيا.docx"
    write_report(_corpus(), "africa", report)
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        browser.get(started.url)  # the token sets the session, then /review
        browser.find_element(By.ID, "import-file").send_keys(str(report))
        WebDriverWait(browser, 60).until(
            lambda driver: any(o.suggested for o in started.bench.workspace.outcomes()))
        notice = browser.find_element(By.ID, "notice")
        WebDriverWait(browser, 10).until(lambda driver: "Importing" not in notice.text)
        assert "تقرير أفريقيا.docx" in notice.text


def _corpus():
    from annexgen.load.corpus import load_corpus

    return load_corpus(CONTENT)

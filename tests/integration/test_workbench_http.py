"""The workbench's safety rules over real HTTP (uvicorn in a thread, raw requests): no token,
a foreign Host, a foreign Origin, a change without the page's header, paths outside the
package and the output folder; and one action through the whole stack."""

from __future__ import annotations

import http.client
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from annexgen.serve.run import running, workbench
from tests.conftest import CONTENT, STYLES


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workbench")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    (folder / "out").mkdir()
    (folder / "out" / "annex-a.pdf").write_bytes(b"%PDF-1.7 test")
    (folder / "secret.txt").write_text("not for the browser")
    with running(lambda: workbench(content, STYLES, folder / "out", port=0,
                                   live=False)) as started:
        yield started


def _request(served, method: str, path: str, headers: dict[str, str] | None = None,
             body: bytes | None = None, cookie: bool = True) -> http.client.HTTPResponse:
    address = urlsplit(served.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=20)
    sent = {"Host": address.netloc, **(headers or {})}
    if cookie:
        token = address.query.removeprefix("token=")
        sent.setdefault("Cookie", f"annexgen-workbench={token}")
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    response.read_body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def _change_headers(served) -> dict[str, str]:
    origin = f"http://{urlsplit(served.url).netloc}"
    return {"Origin": origin, "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded"}


def test_the_printed_address_exchanges_its_token_for_a_strict_cookie(served):
    address = urlsplit(served.url)
    answer = _request(served, "GET", f"/?{address.query}", cookie=False)
    assert answer.status == 303 and answer.getheader("location") == "/"
    cookie = answer.getheader("set-cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "default-src 'self'" in answer.getheader("content-security-policy")


def test_without_the_token_nothing_is_served(served):
    assert _request(served, "GET", "/review", cookie=False).status == 403
    assert _request(served, "GET", "/static/workbench.js", cookie=False).status == 403
    assert _request(served, "GET", "/?token=guess", cookie=False).status == 403
    assert _request(served, "GET", "/review",
                    headers={"Cookie": "annexgen-workbench=guess"}).status == 403


def test_a_foreign_host_is_refused_against_dns_rebinding(served):
    port = urlsplit(served.url).port
    for host in (f"attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", ""):
        assert _request(served, "GET", "/review", headers={"Host": host}).status == 400
    assert _request(served, "GET", "/review",
                    headers={"Host": f"localhost:{port}"}).status == 200


def test_a_change_from_another_origin_or_without_the_pages_header_is_refused(served):
    africa = Path(served.bench.content) / "outcomes" / "africa.yaml"
    before = africa.read_bytes()
    body = b"op=remove-topic&topic=action-oriented"
    for headers in ({**_change_headers(served), "Origin": "http://attacker.example"},
                    {k: v for k, v in _change_headers(served).items() if k != "HX-Request"},
                    {k: v for k, v in _change_headers(served).items() if k != "Origin"}):
        answer = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                          headers=headers, body=body)
        assert answer.status == 403
    assert africa.read_bytes() == before
    answer = _request(served, "GET", "/review", headers={"Origin": "http://attacker.example"})
    assert answer.status == 200 and answer.getheader("access-control-allow-origin") is None


def test_nothing_outside_the_package_and_the_output_folder_is_served(served):
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                 "/files/..%2fsecret.txt", "/files/../secret.txt", "/files/manifest.json",
                 "/static//etc/passwd", "/files/%2e%2e%2fcontent%2fdocument.yaml"):
        answer = _request(served, "GET", path)
        assert answer.status == 404, path
        assert b"not for the browser" not in answer.read_body  # type: ignore[attr-defined]
    assert _request(served, "GET", "/files/annex-a.pdf").status == 200


def test_an_action_is_one_edit_answered_with_the_outcome_as_it_now_is(served):
    africa = Path(served.bench.content) / "outcomes" / "africa.yaml"
    version = served.bench.workspace.version("af-political-message-2030")
    answer = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                      headers=_change_headers(served),
                      body=f"op=remove-topic&topic=action-oriented&version={version}".encode())
    assert answer.status == 200
    assert "action-oriented:" not in africa.read_text().split("af-political-message-2030")[1] \
        .split("- id:")[0]
    stale = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                     headers=_change_headers(served),
                     body=f"op=add-topic&topic=action-oriented&version={version}".encode())
    assert stale.status == 409 and b"changed this outcome" in stale.read_body  # type: ignore
    refused = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                       headers=_change_headers(served), body=b"op=paras&first=9&last=9")
    assert refused.status == 422 and b"E307" in refused.read_body  # type: ignore


def test_undo_puts_the_outcome_back_as_it_was_and_only_for_the_browser_that_did_it(served):
    africa = Path(served.bench.content) / "outcomes" / "africa.yaml"
    before = africa.read_bytes()
    mine = {**_change_headers(served), "X-Annexgen-Client": "tab-1"}
    answer = _request(served, "POST", "/outcome/af-doha-point-of-departure/edit", headers=mine,
                      body=b"op=add-topic&topic=action-oriented")
    assert answer.status == 200 and africa.read_bytes() != before
    other = {**_change_headers(served), "X-Annexgen-Client": "tab-2"}
    assert _request(served, "POST", "/undo", headers=other).status == 204
    undone = _request(served, "POST", "/undo", headers=mine)
    assert undone.status == 200 and undone.getheader("x-annexgen-outcome") == \
        "af-doha-point-of-departure"
    assert africa.read_bytes() == before


def test_a_report_dropped_on_the_page_is_imported_and_waits_for_review(docx_reports, tmp_path):
    from tests.importing import empty_exercise

    content = empty_exercise(tmp_path)
    report, expected = docx_reports["africa"]
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        assert _upload(started, "notes.txt", b"hello").status == 400
        broken = _upload(started, "africa.docx", b"PK\x03\x04 not a zip")
        assert broken.status == 422 and b"E601" in broken.read_body  # type: ignore
        answer = _upload(started, "A-CONF.234-RPM.4-1.docx", report.read_bytes())
        assert answer.status == 200, answer.read_body  # type: ignore[attr-defined]
        waiting = [o for o in started.bench.workspace.outcomes() if o.suggested]
        assert len(waiting) == len(expected.paragraphs)
        page = _request(started, "GET", "/review")
        assert f'data-outcome="{waiting[0].id}"'.encode() in page.read_body  # type: ignore


def test_a_key_phrase_can_be_typed_instead_of_selected(served):
    answer = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                      headers=_change_headers(served),
                      body=b"op=add-phrase-words&topic=action-oriented&words=Goal++16")
    assert answer.status == 200
    outcome = served.bench.workspace.outcome("af-political-message-2030")
    marked = [outcome.text[p.start:p.end] for p in outcome.phrases_for("action-oriented")]
    assert "Goal 16" in marked
    missing = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                       headers=_change_headers(served),
                       body=b"op=add-phrase-words&topic=action-oriented&words=Goal+17")
    assert missing.status == 400 and b"not in the outcome" in missing.read_body  # type: ignore


def test_a_topic_can_be_added_by_its_title(served):
    topic = next(t for c in served.bench.workspace.clusters for t in c.topics
                 if t.id == "declaration-concise")
    answer = _request(served, "POST", "/outcome/af-doha-point-of-departure/edit",
                      headers=_change_headers(served),
                      body=f"op=add-topic&topic={topic.title.upper()}".encode())
    assert answer.status == 200
    outcome = served.bench.workspace.outcome("af-doha-point-of-departure")
    assert "declaration-concise" in [p.topic_id for p in outcome.placements]


def test_a_bug_is_said_as_one_not_as_a_refusal(served, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(served.bench.workspace, "apply", broken)
    answer = _request(served, "POST", "/outcome/af-political-message-2030/edit",
                      headers=_change_headers(served), body=b"op=accept&topic=action-oriented")
    assert answer.status == 500
    assert b"internal error in annexgen: RuntimeError: simulated bug" in answer.read_body  # type: ignore
    assert "simulated bug" in capsys.readouterr().err


def test_undo_never_reverts_what_someone_else_did_since(served):
    africa = Path(served.bench.content) / "outcomes" / "africa.yaml"
    mine = {**_change_headers(served), "X-Annexgen-Client": "tab-3"}
    assert _request(served, "POST", "/outcome/af-doha-point-of-departure/edit", headers=mine,
                    body=b"op=add-topic&topic=political-message-2030").status == 200
    theirs = {**_change_headers(served), "X-Annexgen-Client": "tab-4"}
    assert _request(served, "POST", "/outcome/af-doha-point-of-departure/edit", headers=theirs,
                    body=b"op=add-topic&topic=declaration-inclusive").status == 200
    after_theirs = africa.read_bytes()
    undone = _request(served, "POST", "/undo", headers=mine)
    assert undone.status == 409 and b"Could not undo" in undone.read_body  # type: ignore
    assert africa.read_bytes() == after_theirs  # their topic, and mine under it, stay


def test_content_quoted_in_an_english_sentence_is_isolated(tmp_path):
    """A report's name, and a diagnostic's file, go in `<bdi>`: an Arabic name must not turn
    the English sentence round it. (A header carries Latin-1 only: the name here is ASCII.)"""
    from tests.importing import empty_exercise

    content = empty_exercise(tmp_path)
    with running(lambda: workbench(content, STYLES, tmp_path / "out", port=0,
                                   live=False)) as started:
        upload = {**_change_headers(started), "Content-Type": "application/octet-stream",
                  "X-Filename": "report.docx"}
        broken = _request(started, "POST", "/import", body=b"PK\x03\x04 not a zip",
                          headers=upload)
        said = broken.read_body.decode()  # type: ignore[attr-defined]
        assert broken.status == 422
        assert "<bdi>report.docx</bdi> was not imported" in said
        assert "<code><bdi>" in said and "</bdi>: E601: " in said


def test_a_report_name_is_read_percent_encoded_and_a_control_character_refused(served):
    """The page sends the name percent-encoded (a header holds Latin-1 only); a name that
    decodes to a control character is refused, never written to disk."""
    assert _upload(served, "report%00.docx", b"PK\x03\x04").status == 400
    named = _upload(served, "%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.docx", b"PK\x03\x04 not a zip")
    assert named.status == 422 and "<bdi>تقرير.docx</bdi>".encode() in named.read_body  # type: ignore


def _upload(started, name: str, body: bytes):
    """A report posted as the page posts it, its name in X-Filename as given."""
    headers = {**_change_headers(started), "Content-Type": "application/octet-stream",
               "X-Filename": name}
    return _request(started, "POST", "/import", body=body, headers=headers)

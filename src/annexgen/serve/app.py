"""The workbench's pages and actions: each action one edit of one outcome through the API,
answered with the outcome as it now is; server-sent events tell open pages what changed."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from annexgen import api
from annexgen.serve import views
from annexgen.serve.live import BuildState, LiveBuild

HERE = Path(__file__).parent
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # a report larger than this is not a meeting report
DELIVERABLE_SUFFIXES = (".docx", ".xlsx", ".pdf")
UNDO_DEPTH = 50
MAX_FORM_BYTES = 1024 * 1024  # an outcome's text is at most MAX_OUTCOME_CHARS


@dataclass
class Bench:
    """What the server holds for one content folder: the workspace, the live build, when the
    files last changed, and each browser's undo history (by its own id)."""

    workspace: api.Workspace
    content: Path
    styles: Path
    out: Path
    live: LiveBuild | None = None
    changed_at: float = field(default_factory=time.time)
    generation: int = -1
    # each browser's edits, newest last: (outcome id, its lines before, its version after)
    undo: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)  # ends the event streams

    def look(self) -> bool:
        """Picks up what changed on disk; True when something did."""
        changed = self.workspace.refresh() or self.workspace.generation != self.generation
        if changed:
            self.generation, self.changed_at = self.workspace.generation, time.time()
        return changed

    def build_state(self) -> BuildState:
        if self.live is None:
            return BuildState("off")
        return self.live.state(self.changed_at)


def create_app(bench: Bench) -> Starlette:
    templates = _templates()

    def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        bench.look()
        outcomes = bench.workspace.outcomes()
        body = templates.get_template(template).render(
            request=request, bench=bench, views=views, outcomes=outcomes,
            written=views.written(bench.workspace),
            progress=views.progress(bench.workspace, outcomes), build=bench.build_state(),
            **context)
        return HTMLResponse(body, status_code=status)

    async def home(request: Request) -> Response:
        return RedirectResponse("/review", status_code=303)

    async def review(request: Request) -> Response:
        bench.look()
        outcomes = bench.workspace.outcomes()
        wanted = request.query_params.get("o") or views.first_to_review(outcomes)
        if wanted is None:
            return page(request, "empty.html")
        if bench.workspace.outcome(wanted) is None:
            return page(request, "empty.html", status=404, missing=wanted)
        return page(request, "review.html", **_panel_context(bench, wanted))

    async def panel(request: Request) -> Response:
        outcome_id = request.path_params["outcome_id"]
        bench.look()
        if bench.workspace.outcome(outcome_id) is None:
            return PlainTextResponse("no such outcome", status_code=404)
        return page(request, "panel.html", fragment=True, **_panel_context(bench, outcome_id))

    async def act(request: Request) -> Response:
        outcome_id = request.path_params["outcome_id"]
        client = request.headers.get("x-annexgen-client", "")
        try:
            fields = await _form(request)
            fields["topic"] = views.topic_named(bench.workspace, fields.get("topic", ""))
            operations = _operations(fields, bench.workspace.outcome(outcome_id))
        except ValueError as exc:
            return page(request, "panel.html", fragment=True, status=400, message=str(exc),
                        kind="refused", **_panel_context(bench, outcome_id))
        return await asyncio.to_thread(_apply, request, outcome_id, operations,
                                       fields.get("version") or None, client)

    def _apply(request: Request, outcome_id: str, operations, version: str | None,
               client: str) -> Response:
        workspace = bench.workspace
        with bench.lock:
            try:
                applied = workspace.apply(outcome_id, operations, version)
            except api.OutcomeChanged:
                return page(request, "panel.html", fragment=True, status=409, kind="conflict",
                            message="Someone else changed this outcome since you saw it "
                            "(another tab, another person or an editor). Nothing of yours "
                            "was written: here it is as it now is.",
                            **_panel_context(bench, outcome_id))
            except api.FileChanged:
                return page(request, "panel.html", fragment=True, status=409, kind="conflict",
                            message="The outcome file changed while saving; nothing was "
                            "written. Here is the outcome as it now is.",
                            **_panel_context(bench, outcome_id))
            except api.AnnexgenError as exc:
                return page(request, "panel.html", fragment=True, status=422, kind="refused",
                            message=exc.in_words(), problems=exc.diagnostics,
                            **_panel_context(bench, outcome_id))
            if applied.changed:
                history = bench.undo.setdefault(client, [])
                history.append((outcome_id, applied.before, applied.version))
                del history[:-UNDO_DEPTH]
        return page(request, "panel.html", fragment=True, kind="saved" if applied.changed else "",
                    **_panel_context(bench, outcome_id))

    async def undo(request: Request) -> Response:
        client = request.headers.get("x-annexgen-client", "")
        return await asyncio.to_thread(_undo, request, client)

    def _undo(request: Request, client: str) -> Response:
        with bench.lock:
            history = bench.undo.get(client) or []
            if not history:
                return Response(status_code=204)  # nothing to undo: the page stays as it is
            outcome_id, entry, version = history.pop()
            try:
                bench.workspace.restore(outcome_id, entry, version)
            except api.AnnexgenError as exc:  # changed since (by someone else): kept as it is
                return page(request, "panel.html", fragment=True, status=409, kind="conflict",
                            message=f"Could not undo: {exc.in_words()}",
                            **_panel_context(bench, outcome_id))
        response = page(request, "panel.html", fragment=True, kind="undone",
                        **_panel_context(bench, outcome_id))
        response.headers["x-annexgen-outcome"] = outcome_id
        return response

    async def topics(request: Request) -> Response:
        outcomes = bench.workspace.outcomes()
        return page(request, "topics.html",
                    tree=views.annex_a_order(bench.workspace, outcomes))

    async def matrix(request: Request) -> Response:
        outcomes = bench.workspace.outcomes()
        return page(request, "matrix.html", rows=views.matrix(bench.workspace, outcomes))

    async def problems(request: Request) -> Response:
        checked = await asyncio.to_thread(_check, bench)
        return page(request, "problems.html",
                    problems=views.located(bench.workspace, checked))

    async def deliverables(request: Request) -> Response:
        return page(request, "deliverables.html", files=_deliverables(bench.out))

    async def download(request: Request) -> Response:
        name = request.path_params["name"]
        files = dict(_deliverables(bench.out))
        if name not in files:
            return PlainTextResponse("no such deliverable", status_code=404)
        return FileResponse(bench.out / name, filename=name)

    async def upload(request: Request) -> Response:
        name = Path(unquote(request.headers.get("x-filename", ""))).name
        if not name.lower().endswith((".docx", ".pdf")) or not name.isprintable():
            return page(request, "imported.html", status=400,
                        message="Drop a meeting report saved as .docx or .pdf.")
        data = bytearray()
        async for chunk in request.stream():
            data += chunk
            if len(data) > MAX_UPLOAD_BYTES:
                return page(request, "imported.html", status=413, report=name,
                            message=f"it is larger than {MAX_UPLOAD_BYTES // 2**20} MB.")
        return await asyncio.to_thread(_import, request, name, bytes(data))

    def _import(request: Request, name: str, data: bytes) -> Response:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="annexgen-upload-") as folder:
            report = Path(folder) / name
            report.write_bytes(data)
            try:
                with bench.lock:
                    imported = api.import_reports([report], bench.content)
            except api.AnnexgenError as exc:
                return page(request, "imported.html", status=422, message=exc.in_words(),
                            problems=exc.diagnostics, report=name)
        bench.look()
        return page(request, "imported.html", imported=imported, report=name)

    async def build_status(request: Request) -> Response:
        return page(request, "build_status.html")

    async def events(request: Request) -> Response:
        return StreamingResponse(_event_stream(request, bench), media_type="text/event-stream",
                                 headers={"x-accel-buffering": "no"})

    routes = [
        Route("/", home), Route("/review", review), Route("/topics", topics),
        Route("/matrix", matrix), Route("/problems", problems),
        Route("/deliverables", deliverables), Route("/files/{name}", download),
        Route("/outcome/{outcome_id}/panel", panel),
        Route("/outcome/{outcome_id}/edit", act, methods=["POST"]),
        Route("/undo", undo, methods=["POST"]), Route("/import", upload, methods=["POST"]),
        Route("/events", events), Route("/build-status", build_status),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={Exception: _internal_error})


async def _internal_error(request: Request, exc: Exception) -> Response:
    """A bug must not look like a refusal: the page says so, the terminal has the details."""
    import traceback

    traceback.print_exception(exc)
    return PlainTextResponse(f"internal error in annexgen: {type(exc).__name__}: {exc}; "
                             "please report it (the terminal shows the details)",
                             status_code=500)


def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["clock"] = lambda at: time.strftime("%H:%M:%S", time.localtime(at))
    return environment


def _panel_context(bench: Bench, outcome_id: str) -> dict:
    workspace = bench.workspace
    outcomes = workspace.outcomes()
    outcome = workspace.outcome(outcome_id)
    before, after, waiting = (views.neighbours(outcomes, outcome_id) if outcome is not None
                              else (None, None, None))
    meeting = next((m for m in workspace.meetings if outcome and m.id == outcome.meeting_id),
                   None)
    topic_of = views.topics_by_id(workspace)
    return {"outcome": outcome, "version": workspace.version(outcome_id), "meeting": meeting,
            "lines": views.topic_lines(workspace, outcome) if outcome else [],
            "pieces": views.pieces(outcome) if outcome else [],
            "colours": views.colour_of(workspace), "previous": before, "next": after,
            "next_waiting": waiting, "source": workspace.source_of(outcome_id),
            "topic_of": topic_of, "all_topics": list(topic_of.values()),
            "position": [o.id for o in outcomes].index(outcome_id) + 1 if outcome else 0,
            "pages": views.pages_of(workspace, outcome, api.published_pages(bench.out))
            if outcome else []}


def _operations(fields: dict[str, str], outcome) -> list:
    """The typed operations a form asks for; ValueError when it asks for none we know."""
    op, topic = fields.get("op", ""), fields.get("topic", "")
    if op == "add-phrase-words":  # the keyboard's way: the words typed, found in the text
        words = " ".join(fields.get("words", "").split())
        start = outcome.text.find(words) if outcome is not None and words else -1
        if start < 0:
            raise ValueError(f"the words {words!r} are not in the outcome's text as typed")
        return [api.AcceptTopic(topic), api.AddPhrase(topic, start, start + len(words))]
    if op == "accept":
        return [api.AcceptTopic(topic)]
    if op == "accept-all":
        return [api.AcceptTopic(t) for t in fields.get("topics", "").split() if t]
    if op == "reject":
        return [api.RejectTopic(topic)]
    if op == "add-topic":
        return [api.AddTopic(topic)]
    if op == "remove-topic":
        return [api.RemoveTopic(topic)]
    if op == "add-phrase":
        start, end = _number(fields, "start"), _number(fields, "end")
        accept = [api.AcceptTopic(topic)] if fields.get("accept") == "1" else []
        return [*accept, api.AddPhrase(topic, start, end)]
    if op == "remove-phrase":
        return [api.RemovePhraseAt(topic, _number(fields, "start"), _number(fields, "end"))]
    if op == "done":
        return [api.FinishReview()]
    if op == "text":
        return [api.SetText(fields.get("text", ""))]
    if op == "paras":
        return [api.SetParas(_number(fields, "first"), _number(fields, "last"))]
    raise ValueError(f"unknown action {op!r}")


async def _form(request: Request) -> dict[str, str]:
    """An action's fields: the page sends them URL-encoded (no multipart parser needed)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise ValueError("the action is too large")
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _number(fields: dict[str, str], name: str) -> int:
    value = fields.get(name, "")
    if not value.isdigit() or len(value) > 9:
        raise ValueError(f"{name} must be a whole number")
    return int(value)


def _check(bench: Bench) -> tuple:
    try:
        return api.check(bench.content, bench.styles).diagnostics
    except api.AnnexgenError as exc:
        return exc.diagnostics


def _deliverables(out: Path) -> list[tuple[str, float]]:
    try:
        entries = sorted(out.iterdir())
    except OSError:
        return []
    return [(entry.name, entry.stat().st_mtime) for entry in entries
            if entry.suffix in DELIVERABLE_SUFFIXES and entry.is_file()
            and not entry.name.startswith(".")]


async def _event_stream(request: Request, bench: Bench) -> AsyncIterator[str]:
    """Every half second: `content` when the files changed, `build` when the deliverables'
    state did; a comment now and then keeps the connection open."""
    seen_generation, seen_state = bench.generation, None
    quiet = 0
    yield "retry: 1000\n\n"
    while not bench.stopping.is_set() and not await request.is_disconnected():
        await asyncio.to_thread(bench.look)
        if bench.generation != seen_generation:
            seen_generation = bench.generation
            yield f"event: content\ndata: {seen_generation}\n\n"
        state = bench.build_state()
        if state != seen_state:
            seen_state = state
            yield f"event: build\ndata: {json.dumps(state.state)}\n\n"
        quiet += 1
        if quiet % 30 == 0:
            yield ": still here\n\n"
        await asyncio.sleep(0.5)

"""The render stage: the annexes to PDF, where each cluster fell, the paper with those pages.

One function, `render_and_resolve`, read top to bottom: reuse what the last build rendered
from the same bytes, send everything else to the renderer at once (what cites the annexes'
pages too, written with the last build's pages, as a guess), read the clusters' pages,
write what cites them again only where the guess was wrong, and check that each such PDF
prints the pages it should.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from annexgen.core.deliverables import Anchor, Deliverable, Pages
from annexgen.core.words import PageWords
from annexgen.publish.manifest import Manifest
from annexgen.render.bookmarks import with_cluster_bookmarks
from annexgen.render.pages import check_printed, cluster_pages, spans
from annexgen.render.pdf_tags import mend_tags
from annexgen.render.pdfnorm import normalize_pdf
from annexgen.render.pdftext import fonts, page_count, pdf_page_texts
from annexgen.render.renderer import Job, Renderer, Rendering, timeout_for
from annexgen.render.soffice import RenderError, find_tool


@dataclass(frozen=True)
class Part:
    """A run of whole clusters of an annex, rendered on its own: `source` writes its office
    file with its pages numbered from a given first page (each cluster starts a page, so
    the parts' pages, joined, are the whole annex's). Where the composer knows the part's
    `first_page` and `pages`, every part is sent at once; else one after another."""

    anchors: tuple[Anchor, ...]
    source: Callable[[int], bytes]
    first_page: int | None = None
    pages: int | None = None


@dataclass(frozen=True)
class AnnexSource:
    """A deliverable to render that cites no pages (an annex, when it has anchors): the
    bytes its PDF is made from (what the manifest keeps), its clusters' anchors, and the
    parts it is rendered in when it is too large for one go."""

    deliverable: Deliverable
    source: bytes
    anchors: tuple[Anchor, ...]
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True)
class Citing:
    """A deliverable that cites the annexes' pages (the paper): how to write it with given
    pages, and the (annex, cluster id) of each reference its PDF must print, in order."""

    deliverable: Deliverable
    write: Callable[[Pages | None], bytes]
    references: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class RenderPlan:
    """What the render stage is given: the annexes, and what cites their pages."""

    annexes: tuple[AnnexSource, ...]
    citing: tuple[Citing, ...]
    page_words: PageWords  # how the document words its page references
    when: dt.datetime  # the time stamped into every PDF
    timeout: float | None = None  # seconds a render may take, else grown with its size
    language: str = ""  # the language tag every PDF declares (/Lang), else LibreOffice's


@dataclass(frozen=True)
class Previous:
    """The last build's outputs, to reuse where the bytes they were made from are the same."""

    manifest: Manifest
    out: Path

    def reused(self, pdf: str, source: bytes) -> bytes | None:
        return self.manifest.reusable(self.out, pdf, source)


@dataclass(frozen=True)
class PdfFacts:
    """What a published PDF is: its file name, its page count and the fonts it embeds."""

    name: str
    pages: int
    fonts: tuple[str, ...]


@dataclass(frozen=True)
class Rendered:
    """The PDFs by file name, what each was made from, the office files written with the
    resolved pages (by file name), the pages."""

    pdfs: dict[str, bytes]
    sources: dict[str, bytes]
    resolved: dict[str, bytes]
    pages: Pages
    facts: tuple[PdfFacts, ...]


@dataclass(frozen=True)
class _Pdf:
    """One rendered (or reused) PDF: its bytes, its page count, and its clusters' pages
    when the renderer told them (and counted the pages it has)."""

    data: bytes
    pages: int
    anchor_pages: dict[str, int] | None = None


def _reused(data: bytes) -> _Pdf:
    return _Pdf(data, page_count(data))


def render_and_resolve(renderer: Renderer, plan: RenderPlan,
                       previous: Previous | None) -> Rendered:
    renderer.start()  # RendererMissing without LibreOffice; a no-op when it runs already
    find_tool("pdftotext")  # before LibreOffice works for nothing
    guess = previous.manifest.page_map() if previous else None
    guessed = {item.deliverable: item.write(guess) for item in plan.citing} if guess else {}
    wanted = [*plan.annexes, *(AnnexSource(item, data, ()) for item, data in guessed.items())]
    in_parts = ThreadPoolExecutor(thread_name_prefix="annexgen-parts")
    try:
        started = _start(renderer, plan, previous, wanted, in_parts)
        finished = {annex.deliverable.name: _finish(started[annex.deliverable.name], plan)
                    for annex in plan.annexes}
        pages = _read_pages(plan, finished)
        finished = _bookmarked(plan, finished, pages)
        written = {item.deliverable: item.write(pages) for item in plan.citing}
        # Where the guess held for every page it cites, what was sent with it is the PDF.
        again = [AnnexSource(item, data, ()) for item, data in written.items()
                 if data != guessed.get(item)]
        started |= _start(renderer, plan, previous, again, in_parts)
        cited = {item.name: _finish(started[item.name], plan) for item in written}
    finally:  # on the way out of a failure, the parts' thread ends once the renderer closes
        in_parts.shutdown(wait=False, cancel_futures=True)
    for item in plan.citing:
        check_printed(" ".join(pdf_page_texts(cited[item.deliverable.name].data)),
                      list(item.references), pages, plan.page_words)
    done = {f"{name}.pdf": pdf for name, pdf in (finished | cited).items()}
    sources = {annex.deliverable.pdf: annex.source for annex in plan.annexes}
    sources |= {item.pdf: data for item, data in written.items()}
    return Rendered({name: pdf.data for name, pdf in done.items()}, sources,
                    {item.office: data for item, data in written.items()}, pages,
                    _describe(done))


# A PDF on its way: reused at once, or a future of the renderer's.
_Started = _Pdf | Future[Rendering]


def _start(renderer: Renderer, plan: RenderPlan, previous: Previous | None,
           wanted: list[AnnexSource], in_parts: ThreadPoolExecutor) -> dict[str, _Started]:
    """Each wanted PDF by deliverable name: reused from the last build where its source
    did not change, else sent to the renderer, all whole ones in one submission (an annex
    in parts goes part after part, in a thread of `in_parts`)."""
    started: dict[str, _Started] = {}
    jobs = []
    for item in wanted:
        reused = previous.reused(item.deliverable.pdf, item.source) if previous else None
        if reused is not None:
            started[item.deliverable.name] = _reused(reused)
        elif item.parts:
            started[item.deliverable.name] = in_parts.submit(_render_parts, renderer, plan,
                                                             item)
        else:
            jobs.append(Job(item.deliverable.name, item.deliverable.kind, item.source,
                            item.anchors, timeout_for(item.source, plan.timeout)))
    if jobs:
        started |= zip((job.name for job in jobs), renderer.submit(jobs), strict=True)
    return started


def _render_parts(renderer: Renderer, plan: RenderPlan, annex: AnnexSource) -> Rendering:
    """The annex rendered part after part, each numbered on from the pages before it (so
    that LibreOffice lays out no more than a part at once: its time per page grows past
    about 1,500 pages), then joined into one PDF."""
    from annexgen.render.join import join_pdfs

    ahead = all(part.first_page is not None for part in annex.parts)
    sent = renderer.submit([_part_job(plan, annex, index, part, part.first_page or 1)
                            for index, part in enumerate(annex.parts)]) if ahead else []
    first, pdfs, found = 1, [], dict[str, int]()
    for index, part in enumerate(annex.parts):
        [future] = sent[index:index + 1] or renderer.submit([_part_job(plan, annex, index,
                                                                       part, first)])
        pdf = _finish(future, plan)
        if part.pages is not None and pdf.pages != part.pages:
            raise RenderError(f"part {index + 1} of {annex.deliverable.title} printed "
                              f"{pdf.pages} pages where {part.pages} were composed, so its "
                              "page numbers would be wrong")
        told = pdf.anchor_pages
        if told is not None and all(a.cluster_id in told for a in part.anchors):
            found |= {a.cluster_id: first - 1 + told[a.cluster_id] for a in part.anchors}
        pdfs.append(pdf.data)
        first += pdf.pages
    complete = all(anchor.cluster_id in found for anchor in annex.anchors)
    return Rendering(join_pdfs(pdfs, plan.when), first - 1, found if complete else None,
                     reproducible=True)


def _part_job(plan: RenderPlan, annex: AnnexSource, index: int, part: Part,
              first: int) -> Job:
    source = part.source(first)
    return Job(f"{annex.deliverable.name}.{index + 1}", annex.deliverable.kind, source,
               part.anchors, timeout_for(source, plan.timeout))


def _finish(started: _Started, plan: RenderPlan) -> _Pdf:
    """The PDF, waited for if need be, with its dates and ids made reproducible, its
    language the document's, and no annotation outside its structure tree."""
    if isinstance(started, _Pdf):
        return started
    rendering = started.result()
    data = rendering.pdf if rendering.reproducible else normalize_pdf(
        mend_tags(rendering.pdf), plan.when, plan.language)
    pages = page_count(data)
    return _Pdf(data, pages, rendering.anchor_pages if rendering.pages == pages else None)


def _read_pages(plan: RenderPlan, pdfs: dict[str, _Pdf]) -> Pages:
    """Each cluster's pages in each annex: from LibreOffice's layout where it told them,
    else (a reused PDF, or a renderer that cannot tell) found in the PDF's text. The
    texts are read side by side."""
    pages: Pages = {}
    unknown = []
    for annex in plan.annexes:
        if not annex.anchors:
            continue  # a deliverable nothing cites
        pdf = pdfs[annex.deliverable.name]
        starts = _told_starts(annex, pdf)
        if starts is None:
            unknown.append(annex)
        else:
            pages |= spans(annex.deliverable.name, starts, pdf.pages)
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = pool.map(lambda annex: pdf_page_texts(pdfs[annex.deliverable.name].data),
                         unknown)
        for annex, text in zip(unknown, texts, strict=True):
            headings = [(anchor.cluster_id, anchor.heading) for anchor in annex.anchors]
            pages |= cluster_pages(annex.deliverable.title, annex.deliverable.name, headings,
                                   text)
    return pages


def _bookmarked(plan: RenderPlan, pdfs: dict[str, _Pdf], pages: Pages) -> dict[str, _Pdf]:
    """Each annex's PDF, with a bookmark per cluster where its clusters are sheet rows."""
    return {annex.deliverable.name: _with_clusters(annex, pdfs[annex.deliverable.name], pages)
            for annex in plan.annexes}


def _with_clusters(annex: AnnexSource, pdf: _Pdf, pages: Pages) -> _Pdf:
    """Calc bookmarks the sheet alone: under it, each cluster's heading at its first page.
    Writer's PDFs have their clusters' bookmarks already, from the headings."""
    if annex.deliverable.anchors != "row" or not annex.anchors:
        return pdf
    name = annex.deliverable.name
    clusters = [(anchor.heading, pages[name, anchor.cluster_id][0]) for anchor in annex.anchors]
    return replace(pdf, data=with_cluster_bookmarks(pdf.data, annex.deliverable.title, clusters))


def _told_starts(annex: AnnexSource, pdf: _Pdf) -> list[tuple[str, int]] | None:
    """The first page of each cluster as LibreOffice reported it, if it reported all of
    them, in order, within the PDF."""
    told = pdf.anchor_pages
    if told is None or any(anchor.cluster_id not in told for anchor in annex.anchors):
        return None
    starts = [(anchor.cluster_id, told[anchor.cluster_id]) for anchor in annex.anchors]
    firsts = [first for _, first in starts]
    if firsts != sorted(firsts) or (firsts and not 1 <= firsts[-1] <= pdf.pages):
        return None  # not as the annex is written: the PDF's text says where they are
    return starts


def _describe(pdfs: dict[str, _Pdf]) -> tuple[PdfFacts, ...]:
    return tuple(PdfFacts(name, pdf.pages, tuple(fonts(pdf.data)))
                 for name, pdf in pdfs.items())

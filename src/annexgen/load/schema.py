"""Builds content-model records from the YAML nodes of each content file."""

from __future__ import annotations

import datetime as dt
import re
import string

import yaml

from annexgen.core.links import WEB_SCHEMES, link_problem
from annexgen.core.model import Annex, Cluster, DocumentSet, Event, Meeting, ReportSections, Topic
from annexgen.core.words import nth_letter
from annexgen.load import fields
from annexgen.load.fields import Ctx, Fields
from annexgen.load.titles import Title, read_title

# 38 characters at most, so that a bookmark name (prefix + id) stays within Word's 40.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,37}")
LIST_STYLES = ("bullet", "number")


def check_id(ctx: Ctx, f: Fields, what: str) -> str | None:
    """The record's id; ids are lowercase letters, digits and hyphens (bookmark-safe)."""
    value = f.text("id")
    if value is not None and not ID_PATTERN.fullmatch(value):
        f.error_at("id", "E204", f"{what} id {value!r} must be 1–38 lowercase letters, "
                   "digits or hyphens, starting with a letter or digit")
        return None
    return value


def read_document(ctx: Ctx, root: yaml.Node, title_keys: tuple[str, ...]) -> DocumentSet | None:
    """document.yaml, with a `title:` under each of `title_keys` (the deliverables')."""
    f = Fields(ctx, root, "document.yaml")
    title, short_title, congress, prepared_by, author, language, status = (f.text(key) for key in (
        "title", "short_title", "congress", "prepared_by", "author", "language", "status"))
    supports = _read_event(ctx, f.node_of("supports"))
    date = f.date("date")
    annexes = {key: _read_annex(ctx, f.node_of(key), key) for key in title_keys}
    symbol = f.text("symbol", required=False)
    sections_node = f.node_of("import", required=False)
    sections = (_read_sections(ctx, sections_node) if sections_node is not None
                else ReportSections(None, None))
    f.done()
    if (title is None or short_title is None or congress is None or prepared_by is None
            or author is None or language is None or status is None or supports is None
            or date is None or sections is None):
        return None
    titled = {key: annex for key, annex in annexes.items() if annex is not None}
    if len(titled) < len(annexes):
        return None
    return DocumentSet(title=title, short_title=short_title, congress=congress,
                       prepared_by=prepared_by, author=author, supports=supports,
                       language=language, status=status, date=date, annexes=titled,
                       language_loc=f.loc_of("language"),
                       report_sections=sections, symbol=symbol)


def _read_sections(ctx: Ctx, node: yaml.Node) -> ReportSections | None:
    """`import:` in document.yaml: the report headings to take outcomes from and to skip."""
    f = Fields(ctx, node, "'import'")
    lists = {key: _headings(ctx, f.node_of(key, required=False), key) for key in ("take", "skip")}
    f.done()
    if not f.ok or any(v == () for v in lists.values()):
        return None
    return ReportSections(take=lists["take"], skip=lists["skip"])


def _headings(ctx: Ctx, node: yaml.Node | None, key: str) -> tuple[str, ...] | None:
    """None when absent (the defaults for the language apply); () when unusable."""
    if node is None:
        return None
    items = fields.sequence(ctx, node, f"{key!r} in 'import'")
    if items is None:
        return ()
    found = [fields.text(ctx, item, f"a heading in {key!r}") for item in items]
    if not found:
        ctx.error(node, "E204", f"{key!r} in 'import' lists no heading")
    names = tuple(name for name in found if name is not None)
    return names if names and len(names) == len(found) else ()


def _read_event(ctx: Ctx, node: yaml.Node | None) -> Event | None:
    if node is None:
        return None
    f = Fields(ctx, node, "'supports'")
    name, city, country = f.text("name"), f.text("city"), f.text("country")
    start, end = f.date("start"), f.date("end")
    f.done()
    if name is None or city is None or country is None or start is None or end is None:
        return None
    if not _rising(f, start, end):
        return None
    return Event(name=name, city=city, country=country, start=start, end=end)


def _rising(f: Fields, start: dt.date, end: dt.date) -> bool:
    """A meeting ends on or after the day it starts."""
    if start <= end:
        return True
    f.error_at("end", "E204", f"'end' ({end.isoformat()}) is before 'start' "
               f"({start.isoformat()})")
    return False


def _read_annex(ctx: Ctx, node: yaml.Node | None, key: str) -> Annex | None:
    if node is None:
        return None
    f = Fields(ctx, node, repr(key))
    title = f.text("title")
    f.done()
    return None if title is None else Annex(title=title)


def read_meetings(ctx: Ctx, root: yaml.Node) -> list[Meeting] | None:
    """The meetings; None when any of them has a problem (its outcomes are then not
    reported as naming an unknown meeting: that would only repeat the problem)."""
    f = Fields(ctx, root, "meetings.yaml")
    items = f.node_of("meetings")
    f.done()
    nodes = fields.sequence(ctx, items, "'meetings'") if items is not None else None
    found = [_read_meeting(ctx, node) for node in nodes or ()]
    meetings = [meeting for meeting in found if meeting is not None]
    return meetings if nodes is not None and len(meetings) == len(found) else None


def _read_meeting(ctx: Ctx, node: yaml.Node) -> Meeting | None:
    f = Fields(ctx, node, "a meeting")
    meeting_id = check_id(ctx, f, "meeting")
    region, name, symbol = f.text("region"), f.text("name"), f.text("symbol")
    city, country = f.text("city"), f.text("country")
    start, end, url = f.date("start"), f.date("end"), f.text("url")
    cite_country = f.boolean("cite_country")
    other = _read_other_issues(ctx, f)
    f.done()
    if (not f.ok or meeting_id is None or region is None or name is None or symbol is None
            or city is None or country is None or start is None or end is None or url is None):
        return None
    if not _rising(f, start, end):
        return None
    if problem := link_problem(url, WEB_SCHEMES):
        f.error_at("url", "E204", f"a meeting's url {problem}")
        return None
    return Meeting(id=meeting_id, region=region, name=name, symbol=symbol, city=city,
                   country=country, cite_country=cite_country, start=start, end=end, url=url,
                   other_issues_section=other, loc=ctx.loc(node))


def _read_other_issues(ctx: Ctx, f: Fields) -> str | None:
    """The name of the report's "other issues" section; null when it had none."""
    node = f.node_of("other_issues_section", required=False)
    if node is None:
        return "Other issues"
    if fields.is_null(node):
        return None
    return fields.text(ctx, node, "'other_issues_section'")


def read_index(ctx: Ctx, root: yaml.Node, language: str | None = None) -> list[Cluster]:
    """The clusters and topics, their titles in `language` (document.yaml's; None when it
    could not be read: the first title given)."""
    f = Fields(ctx, root, "index.yaml")
    items = f.node_of("clusters")
    f.done()
    nodes = fields.sequence(ctx, items, "'clusters'") if items is not None else None
    clusters = []
    for position, node in enumerate(nodes or ()):
        cluster = _read_cluster(ctx, node, _letter(position), language)
        if cluster is not None:
            clusters.append(cluster)
    return clusters


def _letter(position: int) -> str:
    """A, B, … Z, AA, AB, … until the document's words letter them (load/corpus.lettered)."""
    return nth_letter(position, string.ascii_uppercase)


def _read_cluster(ctx: Ctx, node: yaml.Node, letter: str,
                  language: str | None) -> Cluster | None:
    f = Fields(ctx, node, "a cluster")
    cluster_id = check_id(ctx, f, "cluster")
    title = _title(ctx, f, f"the title of cluster {cluster_id!r}", language)
    theme_node = f.node_of("theme", required=False)
    theme = None if theme_node is None else read_title(
        ctx, theme_node, f"the theme of cluster {cluster_id!r}", language, "theme").text
    list_style = f.choice("list", LIST_STYLES, "number")
    topic_nodes = f.node_of("topics")
    f.done()
    if topic_nodes is None or cluster_id is None:
        return None
    topics = [
        _read_topic(ctx, item, number, cluster_id, language)
        for number, item in enumerate(fields.sequence(ctx, topic_nodes, "'topics'") or (), 1)
    ]
    return Cluster(id=cluster_id, letter=letter, title=title.text or "", theme=theme,
                   list_style=list_style, topics=tuple(t for t in topics if t is not None),
                   loc=ctx.loc(node), titles=title.given)


def _read_topic(ctx: Ctx, node: yaml.Node, number: int, cluster_id: str,
                language: str | None) -> Topic | None:
    f = Fields(ctx, node, "a topic")
    topic_id = check_id(ctx, f, "topic")
    title = _title(ctx, f, f"the title of topic {topic_id!r}", language)
    f.done()
    if topic_id is None:
        return None
    # A topic whose title is wrong (reported) is still known, so that outcomes placed
    # under it are not reported as placed under an unknown topic.
    return Topic(id=topic_id, number=number, title=title.text or "", cluster_id=cluster_id,
                 loc=ctx.loc(node), titles=title.given)


def _title(ctx: Ctx, f: Fields, what: str, language: str | None) -> Title:
    node = f.node_of("title")
    return Title(None, ()) if node is None else read_title(ctx, node, what, language)

"""What each command prints: it calls the API (annexgen.api) and words the results; a
failure is printed by `failed`, with its diagnostics and its exit status."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time

from annexgen import api
from annexgen.cli.exit_codes import EXIT_CHANGES, EXIT_CONTENT, EXIT_INTERNAL, EXIT_OK
from annexgen.core.diagnostics import CODES, ContentError
from annexgen.core.errors import AnnexgenError
from annexgen.core.text import counted


def failed(exc: AnnexgenError, output_format: str = "text") -> int:
    """A failure as the command line says it: the diagnostics found (every located problem,
    and the warnings before it), then one line; its exit status."""
    print_diagnostics(exc.diagnostics, output_format)
    if isinstance(exc, ContentError) and not exc.report.errors:
        # exit 2 promises located problems; refusing without one is a bug
        print("annexgen: internal error: the content was refused without a located problem; "
              "please report it", file=sys.stderr)
        return EXIT_INTERNAL
    print(f"annexgen: {exc.in_words()}", file=sys.stderr)
    return exc.exit_status


def print_diagnostics(items, output_format: str = "text") -> None:
    """Located problems: a line each on stderr, or (json) one array on stdout."""
    if output_format == "json":
        print(json.dumps([_as_json(item) for item in items], ensure_ascii=False, indent=1))
        return
    for item in items:
        print(item, file=sys.stderr)


def _as_json(item) -> dict:
    """A diagnostic's stable fields (docs/diagnostics.md, "Machine-readable output")."""
    return {"file": item.loc.path, "line": item.loc.line, "column": item.loc.col,
            "code": item.code, "name": CODES[item.code],
            "severity": "error" if item.is_error else "warning", "message": item.message}


def _say(args: argparse.Namespace, line: str) -> None:
    """A summary line: on stdout, or on stderr when stdout carries JSON."""
    print(line, file=sys.stderr if args.output_format == "json" else sys.stdout)


def run_check(args: argparse.Namespace) -> int:
    checked = api.check(args.content, args.styles, strict=args.strict)
    print_diagnostics(checked.diagnostics, args.output_format)
    if not args.quiet:
        warnings = sum(not d.is_error for d in checked.diagnostics)
        _say(args, f"ok: {counts_in_words(checked.counts)}; {warnings} warning(s)")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from annexgen.cli.progress import Progress

    with Progress(enabled=None if not args.quiet else False) as progress:
        built = api.build(args.content, args.styles, args.out, render=not args.no_render,
                          force=args.force, render_timeout=args.render_timeout, tune_gc=True,
                          strict=args.strict, progress=progress)
    said = built.diagnostics or built.result.earlier_warnings
    print_diagnostics(said, args.output_format)
    if not args.quiet:
        for line in build_summary(built.result, args.out, args.verbose):
            _say(args, line)
    return EXIT_OK


def build_summary(result, out, verbose: bool = False) -> list[str]:
    """What build says when it is done: its summary line, then its notes (always when the
    page references are unresolved)."""
    if result.unchanged:
        pages = "page references resolved" if result.resolved else "page references UNRESOLVED"
        return [f"nothing changed since the last build of {out} ({len(result.written)} "
                f"files, {pages}); nothing was written"]
    if result.resolved:
        families = sorted({font.split("-")[0] for font in result.fonts})
        pages = f"page references resolved; rendered in {', '.join(families)}"
    else:
        pages = "page references UNRESOLVED"
    changed = [name for name in result.changed if not name.startswith(".")]
    written = f"written: {', '.join(changed)}" if changed else "all unchanged"
    notes = build_notes(result) if (verbose or not result.resolved) else []
    return [f"built {len(result.written)} files in {out} in {result.seconds:.1f} s "
            f"({pages}); {written}", *(f"  {note}" for note in notes)]


def build_notes(result) -> list[str]:
    """Each PDF's pages and fonts, or why none was rendered, and the PDFs removed."""
    return _rendering_notes(result.pdfs, result.not_rendered, result.removed,
                            "page references unresolved")


def _rendering_notes(pdfs, why, removed, without: str) -> list[str]:
    """Each PDF's pages and fonts, or why none was rendered and what that leaves
    (`without`), and the PDFs removed."""
    notes = [f"{pdf.name}: {pdf.pages} pages, fonts {', '.join(pdf.fonts)}" for pdf in pdfs]
    if why is not None and why.reason == "no-render":
        notes.append(f"not rendered (--no-render): {without}")
    elif why is not None:
        notes.append(f"not rendered: {why.detail}; {without}")
    if removed:
        notes.append(f"removed out-of-date {', '.join(removed)}")
    return notes


def run_watch(args: argparse.Namespace) -> int:
    api.check_out_folder(args.out, args.content, args.styles)
    print(f"watching {args.content} and {args.styles}; Ctrl-C stops", flush=True)

    def show(event) -> None:
        for line in watch_lines(event, args.out):
            print(line, flush=True)

    with contextlib.suppress(KeyboardInterrupt), api.session(
            args.content, args.styles, args.out, render=not args.no_render,
            render_timeout=args.render_timeout, tune_gc=True) as session:
        session.watch(show)
    print("stopped")
    return EXIT_OK


def watch_lines(event, out) -> list[str]:
    """What a round of watch prints: what build prints (its located warnings, its summary
    with the time), a loud line for each meeting that lost its outcomes, or why the round
    kept the last good outputs."""
    clock = time.strftime("%H:%M:%S", time.localtime(event.at))
    lines = [str(d) for d in event.diagnostics]
    if event.kind == "invalid":
        errors = sum(d.is_error for d in event.diagnostics)
        return [*lines, f"{errors} error(s): kept the last good outputs; waiting for the next "
                "save"]
    if event.kind == "failed":
        return [*lines, f"build failed: {event.failure}; kept the last good outputs"]
    summary, *notes = build_summary(event.result, out)
    lost = [f"!! {clock} meeting {meeting!r} had {count} outcomes in the last build and has "
            "none now: the outputs just published are without them (was its outcome file "
            "removed or renamed?)" for meeting, count in event.lost]
    earlier = [str(warning) for warning in event.result.earlier_warnings]
    return [*lines, *earlier, f"{clock} {summary}", *notes, *lost]


def run_diff(args: argparse.Namespace) -> int:
    diffed = api.diff(args.old, args.new, args.content, args.styles, args.out,
                      render=not args.no_render, render_timeout=args.render_timeout)
    print_diagnostics(diffed.diagnostics, args.output_format)
    if not args.quiet:
        changes = diffed.changes
        _say(args, f"changes from {args.old} to {args.new}: {changes.summary()}")
        limit = None if args.verbose else 20
        for change in changes.changes[:limit]:
            _say(args, f"  {change.kind:<12} {change.outcome_id:<30} under “{change.topic}”")
        if limit is not None and len(changes.changes) > limit:
            _say(args, f"  ... {len(changes.changes) - limit} more (-v lists all)")
        _say(args, f"wrote {', '.join(str(p) for p in diffed.written)}")
        for note in diff_notes(diffed, args.verbose):
            _say(args, f"  {note}")
    return EXIT_CHANGES if args.exit_code and diffed.changes.changes else EXIT_OK


def diff_notes(diffed: api.Diffed, verbose: bool = False) -> list[str]:
    """Why no PDF was written (always said), the PDFs of an earlier diff removed, and with
    `verbose` each PDF's pages and fonts."""
    return _rendering_notes(diffed.pdfs if verbose else (), diffed.not_rendered,
                            diffed.removed, "office files only, no PDFs")


def run_init(args: argparse.Namespace) -> int:
    written = api.init(args.folder, args.meetings, with_styles=args.with_styles,
                       language=args.language)
    command, folder = command_name(), args.folder
    print(f"wrote {len(written)} files in {folder} (the content in {folder / 'content'}); "
          f"next: {command} check --content {folder}, then {command} build --content "
          f"{folder} (into {folder / 'out'})")
    return EXIT_OK


def command_name() -> str:
    """How to run this annexgen again from here: `annexgen` when that is what the shell
    finds, else the path it was started by (a virtual environment not activated), else
    `python -m annexgen`."""
    import os
    import shutil

    started = sys.argv[0]
    if started.endswith("__main__.py") or not started:
        return f"{sys.executable} -m annexgen"
    found = shutil.which("annexgen")
    if found and os.path.realpath(found) == os.path.realpath(started):
        return "annexgen"
    return started


def counts_in_words(counts: api.Counts) -> str:
    return ", ".join(counted(count, noun) for count, noun in (
        (counts.meetings, "meeting"), (counts.clusters, "cluster"), (counts.topics, "topic"),
        (counts.outcomes, "outcome"), (counts.placements, "placement")))


def run_import(args: argparse.Namespace) -> int:
    if args.meeting is not None and len(args.report) > 1:
        print("annexgen: --meeting names the meeting of one report; for several reports, "
              "leave it out (each report's symbol tells its meeting)", file=sys.stderr)
        return EXIT_CONTENT
    done = api.import_reports(args.report, args.content, meeting=args.meeting,
                              force=args.force, dry_run=args.dry_run, styles=args.styles)
    print_diagnostics(done.diagnostics)
    if not args.quiet:
        for result in done.reports:
            _print_import(result, args)
    return EXIT_OK


# The summary's counts, in the order printed.
_IMPORT_COUNTS = (("added", "added"), ("updated", "updated from the report"),
                  ("renumbered", "renumbered"), ("kept-edit", "edited here and kept"),
                  ("conflict", "edited in both (report's wording offered)"),
                  ("replaced", "replaced in the report (report's wording offered)"),
                  ("not-in-report", "not in the report (kept)"))


def _print_import(result, args: argparse.Namespace) -> None:
    notes = (f"; {counted(result.footnotes, 'footnote reference')} left out of the outcome "
             "texts" if result.footnotes else "")
    agenda = result.by_agenda_item()
    print(f"read {result.source} ({result.meeting_id}): "
          f"{counted(result.numbered, 'numbered paragraph')}, {len(result.found)} under "
          f"outcome headings of {counted(len(agenda), 'agenda item')}{notes}")
    for heading, count in agenda:
        print(f"  {count:>4}  {heading}")
    counts = ", ".join(f"{result.count(kind)} {words}" for kind, words in _IMPORT_COUNTS
                       if result.count(kind) or kind in ("added", "updated"))
    unchanged = result.count("unchanged")
    targets = ", ".join(result.targets) or "no file"
    verb = ("would write" if args.dry_run else "wrote" if result.written
            else "changed nothing in")
    waiting = counted(result.suggested, "outcome")
    print(f"{verb} {targets}: {counts}, {unchanged} unchanged; {waiting} carry suggestions "
          "to review (docs/import.md says how)")
    if args.dry_run or args.verbose:
        for change in result.changes:
            if change.message:
                print(f"  {change.kind:<13} {change.message}")


def run_suggest(args: argparse.Namespace) -> int:
    done = api.suggest(args.content, meetings=args.meeting, every=args.all,
                       dry_run=args.dry_run)
    print_diagnostics(done.diagnostics)
    if not args.quiet:
        verb = "would refresh" if args.dry_run else "refreshed"
        for shown, count in done.files:
            print(f"{verb} {shown}: suggestions for {counted(count, 'outcome')}")
    return EXIT_OK

"""What `annexgen check` and `annexgen build` do, with their summaries and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time

from annexgen.cli.exit_codes import EXIT_CONTENT, EXIT_INTERNAL, EXIT_OK
from annexgen.core.diagnostics import ContentError, Report
from annexgen.core.text import counted


def run_check(args: argparse.Namespace) -> int:
    from annexgen.compose.check import check_inputs

    report = Report()
    try:
        corpus, _ = check_inputs(args.content, args.styles, report)
    except ContentError:
        return _fail(report, args)
    _print_diagnostics(report.sorted())
    if not args.quiet:
        print(f"ok: {summary(corpus)}; {len(report.warnings)} warning(s)")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from annexgen.pipeline.build import BuildFailed, build
    from annexgen.publish.outfolder import CannotWrite, OutFolderRefused

    report = Report()
    try:
        result = build(args.content, args.styles, args.out, report, render=not args.no_render,
                       force=args.force, render_timeout=args.render_timeout)
    except ContentError:
        return _fail(report, args)
    except OutFolderRefused as exc:
        return _refuse_out(exc)
    except CannotWrite as exc:
        return _cannot_write(exc, report)
    except BuildFailed as exc:
        _print_diagnostics(report.sorted())
        print(f"annexgen: {exc}; nothing was written", file=sys.stderr)
        return EXIT_INTERNAL
    _print_diagnostics(report.sorted())
    for line in result.earlier_warnings:
        print(line, file=sys.stderr)
    if not args.quiet:
        _print_build(result, args)
    return EXIT_OK


def _print_build(result, args: argparse.Namespace) -> None:
    for line in build_summary(result, args.out, args.verbose):
        print(line)


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
    notes = result.notes if (verbose or not result.resolved) else ()
    return [f"built {len(result.written)} files in {out} in {result.seconds:.1f} s "
            f"({pages}); {written}", *(f"  {note}" for note in notes)]


def run_watch(args: argparse.Namespace) -> int:
    from annexgen.pipeline.watch import watch
    from annexgen.publish.outfolder import OutFolderRefused, check_out_dir

    try:
        check_out_dir(args.out, {"content": args.content, "styles": args.styles})
    except OutFolderRefused as exc:
        return _refuse_out(exc)
    print(f"watching {args.content} and {args.styles}; Ctrl-C stops", flush=True)

    def show(event) -> None:
        for line in watch_lines(event, args.out):
            print(line, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        watch(args.content, args.styles, args.out, show, render=not args.no_render,
              render_timeout=args.render_timeout)
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
    return [*lines, *event.result.earlier_warnings, f"{clock} {summary}", *notes, *lost]


def run_diff(args: argparse.Namespace) -> int:
    from annexgen.diff.run import diff
    from annexgen.diff.sources import SourceError
    from annexgen.publish.outfolder import CannotWrite, OutFolderBusy, OutFolderRefused

    report = Report()
    try:
        result = diff(args.old, args.new, args.content, args.styles, args.out, report)
    except SourceError as exc:
        print(f"annexgen: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except ContentError:
        return _fail(report, args)
    except OutFolderRefused as exc:
        return _refuse_out(exc)
    except OutFolderBusy as exc:
        print(f"annexgen: {exc}; nothing was written", file=sys.stderr)
        return EXIT_INTERNAL
    except CannotWrite as exc:
        return _cannot_write(exc, report)
    if not args.quiet:
        changes = result.changes
        print(f"changes from {args.old} to {args.new}: {changes.summary()}")
        limit = None if args.verbose else 20
        for change in changes.changes[:limit]:
            print(f"  {change.kind:<12} {change.outcome_id:<30} under “{change.topic}”")
        if limit is not None and len(changes.changes) > limit:
            print(f"  ... {len(changes.changes) - limit} more (-v lists all)")
        print(f"wrote {', '.join(str(p) for p in result.written)}")
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from annexgen.pipeline.init import FolderNotEmpty, write_skeleton

    try:
        written = write_skeleton(args.folder, args.meetings)
    except FolderNotEmpty as exc:
        print(f"annexgen: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"wrote {len(written)} files in {args.folder}; next: annexgen check --content "
          f"{args.folder}, then annexgen build --content {args.folder}")
    return EXIT_OK


def summary(corpus) -> str:
    return ", ".join(counted(count, noun) for count, noun in (
        (len(corpus.meetings), "meeting"), (len(corpus.clusters), "cluster"),
        (len(corpus.topics()), "topic"), (len(corpus.outcomes), "outcome"),
        (corpus.placements(), "placement")))


def _fail(report: Report, args: argparse.Namespace) -> int:
    _print_diagnostics(report.sorted())
    errors, warnings = len(report.errors), len(report.warnings)
    if not errors:  # exit 2 promises located problems; refusing without one is a bug
        print("annexgen: internal error: the content was refused without a located problem; "
              "please report it", file=sys.stderr)
        return EXIT_INTERNAL
    print(f"annexgen: {errors} error(s), {warnings} warning(s); nothing was written",
          file=sys.stderr)
    return EXIT_CONTENT


def _refuse_out(exc: Exception) -> int:
    """A wrong --out is a mistake on the command line: exit 2, as argparse's own are."""
    print(f"annexgen: {exc}; nothing was written", file=sys.stderr)
    return EXIT_CONTENT


def _cannot_write(exc: Exception, report: Report) -> int:
    """The file system refused a write: the machine's state, said as such (exit 1), after
    the warnings found before it."""
    _print_diagnostics(report.sorted())
    print(f"annexgen: {exc}", file=sys.stderr)
    return EXIT_INTERNAL


def _print_diagnostics(items) -> None:
    for item in items:
        print(item, file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    from annexgen.edit.writes import FileChanged, WriteFailed
    from annexgen.importer.run import import_reports

    report = Report()
    if args.meeting is not None and len(args.report) > 1:
        print("annexgen: --meeting names the meeting of one report; for several reports, "
              "leave it out (each report's symbol tells its meeting)", file=sys.stderr)
        return EXIT_CONTENT
    try:
        results = import_reports(args.report, args.meeting, args.content, report,
                                 dry_run=args.dry_run, force=args.force,
                                 styles_dir=args.styles)
    except ContentError:
        return _fail(report, args)
    except (FileChanged, WriteFailed) as exc:
        _print_diagnostics(report.sorted())
        print(f"annexgen: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    _print_diagnostics(report.sorted())
    if not args.quiet:
        for result in results:
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
    from annexgen.edit.writes import FileChanged, WriteFailed
    from annexgen.importer.run import refresh

    report = Report()
    try:
        done = refresh(args.meeting, args.content, report, every=args.all, dry_run=args.dry_run)
    except ContentError:
        return _fail(report, args)
    except (FileChanged, WriteFailed) as exc:
        _print_diagnostics(report.sorted())
        print(f"annexgen: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    _print_diagnostics(report.sorted())
    if not args.quiet:
        verb = "would refresh" if args.dry_run else "refreshed"
        for shown, count in done:
            print(f"{verb} {shown}: suggestions for {counted(count, 'outcome')}")
    return EXIT_OK

"""What `annexgen check` and `annexgen build` do, with their summaries and exit codes."""

from __future__ import annotations

import argparse
import sys

from annexgen.diagnostics import ContentError, Report

EXIT_OK, EXIT_CONTENT = 0, 2


def run_check(args: argparse.Namespace) -> int:
    from annexgen.build import load_inputs

    report = Report()
    try:
        corpus, _ = load_inputs(args.content, args.styles, report)
    except ContentError:
        return _fail(report, args)
    _print_diagnostics(report.sorted())
    if not args.quiet:
        print(f"ok: {summary(corpus)}; {len(report.warnings)} warning(s)")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from annexgen.build import build

    report = Report()
    try:
        result = build(args.content, args.styles, args.out, report, render=not args.no_render)
    except ContentError:
        return _fail(report, args)
    _print_diagnostics(report.sorted())
    if not args.quiet:
        for line in result.notes if args.verbose else result.notes[:0]:
            print(f"  {line}")
        print(result.summary)
    return EXIT_OK


def summary(corpus) -> str:
    return (f"{len(corpus.meetings)} meetings, {len(corpus.clusters)} clusters, "
            f"{len(corpus.topics())} topics, {len(corpus.outcomes)} outcomes, "
            f"{corpus.placements()} placements")


def _fail(report: Report, args: argparse.Namespace) -> int:
    _print_diagnostics(report.sorted())
    errors, warnings = len(report.errors), len(report.warnings)
    print(f"annexgen: {errors} error(s), {warnings} warning(s); nothing was written",
          file=sys.stderr)
    return EXIT_CONTENT


def _print_diagnostics(items) -> None:
    for item in items:
        print(item, file=sys.stderr)

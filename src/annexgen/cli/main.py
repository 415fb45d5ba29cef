"""Command line: build, check, watch, diff, import, suggest; parsing and exit codes only."""

from __future__ import annotations

import argparse
import signal
import sys
import traceback
from pathlib import Path

from annexgen import __version__
from annexgen.cli.exit_codes import EXIT_INTERNAL, EXIT_OK
from annexgen.core.errors import AnnexgenError
from annexgen.proc.stopping import stopping_on_signals

EPILOG = """exit status: 0 done (warnings allowed), 2 errors in the content, the styles or
the command line (nothing in the output folder is touched), 1 the build could not finish
(the renderer failed, another build is writing the output folder, the file system refused
to write, or a bug)."""


OUT_HELP = ("output folder (the out/ beside the content folder: ./out for ./content, X/out "
            "for an exercise folder X from init)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annexgen", epilog=EPILOG,
        description="Build UN-format deliverables (paper, Annex A, Annex B) from content.")
    parser.add_argument("--version", action="version", version=f"annexgen {__version__}")
    _loudness(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser(
        "build", help="check the content and write the deliverables", epilog=EPILOG,
        description="Check the content and styles, then write the snapshot paper, Annex A and "
                    "Annex B into the output folder with their PDFs, page references resolved "
                    "from LibreOffice's layout; all files or none. Unchanged outputs are not "
                    "rewritten.")
    _common(build, outputs=True)
    build.add_argument("--force", action="store_true",
                       help="rewrite and re-render every output, even unchanged ones")
    _strict(build)
    watch = commands.add_parser(
        "watch", help="build, then rebuild on every save (Ctrl-C stops)", epilog=EPILOG,
        description="Build, then rebuild after every save under the content or styles folder, "
                    "with LibreOffice kept running; the last good outputs stay in place while "
                    "the content has errors.")
    _common(watch, outputs=True)
    diff = commands.add_parser(
        "diff", epilog=EPILOG, help="report what changed between two versions of the content",
        description="OLD and NEW are content folders or git revisions (of --content). Writes "
                    "the change report (changes.docx) and Annex B with the changed cells "
                    "marked (annex-b-changes.xlsx) into the output folder, each with its PDF; "
                    "all files or none.")
    diff.add_argument("old", help="content folder or git revision (e.g. HEAD~1, v1.0)")
    diff.add_argument("new", help="content folder or git revision")
    _common(diff)
    diff.add_argument("--out", type=Path, default=None, help=OUT_HELP)
    _rendering(diff, "office files only: no PDFs (those of an earlier diff are removed)")
    diff.add_argument("--exit-code", action="store_true",
                      help="exit with 1 when there are changes, 0 when there are none (as git "
                           "diff --exit-code)")
    check = commands.add_parser(
        "check", help="check the content and report every problem", epilog=EPILOG,
        description="Read and check the content and styles as build does (composition "
                    "included) and report every problem as file:line:col: CODE: message; "
                    "nothing is written. Exit 2 when there are errors.")
    _common(check)
    _strict(check)
    init = commands.add_parser(
        "init", help="start a new exercise: a small valid exercise folder", epilog=EPILOG,
        description="Write a small, valid exercise into a new or empty folder: content/ "
                    "(document, meetings, one cluster and topic, one outcome file, the "
                    "templates), a README, a .gitignore for out/, and with --with-styles a "
                    "copy of the shipped styles to change. Values only you can give are "
                    "marked TO SET, and check warns (W510) while one is left.")
    init.add_argument("folder", type=Path, help="where to write it (new or empty)")
    init.add_argument("--meetings", type=_meeting_count, default=5, metavar="N",
                      help="how many meetings meetings.yaml lists (5)")
    init.add_argument("--with-styles", action="store_true",
                      help="also write styles/styles.yaml, a copy of the shipped styles that "
                           "this exercise then uses")
    init.add_argument("--language", default="en", metavar="TAG",
                      help="the document's language, a BCP 47 tag: ar, en, es, fr, ru, zh "
                           "(or fr-FR, zh-Hans …); the templates and examples are written in "
                           "it (en)")
    _import_commands(commands)
    _serve_command(commands)
    completion = commands.add_parser(
        "completion", help="print the shell completion script (bash, zsh or tcsh)",
        description="Print a script that completes annexgen's commands and options in your "
                    "shell, e.g. `annexgen completion bash > ~/.local/share/bash-completion/"
                    "completions/annexgen` (made from this parser by shtab).")
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"))
    return parser


def _serve_command(commands) -> None:
    serve = commands.add_parser(
        "serve", epilog=EPILOG, help="the mapping workbench in your browser",
        description="A local web application over the content folder: review the imported "
                    "outcomes, choose their topics and key phrases, see Annex A's order, the "
                    "matrix and the problems; the deliverables are rebuilt on every change.")
    _common(serve, outputs=True)
    serve.add_argument("--port", type=_port, default=8470, metavar="N",
                       help="the port on 127.0.0.1 (8470; 0 for any free one)")
    serve.add_argument("--no-browser", action="store_true",
                       help="print the address only; do not open a browser")
    serve.add_argument("--expose", metavar="ADDRESS",
                       help="listen on this address instead of 127.0.0.1: anyone who can "
                            "reach it and has the printed address (with its token) can read "
                            "and change the content")


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError("a port number from 0 to 65535")
    return int(text)


def _meeting_count(text: str) -> int:
    from annexgen.core.limits import MAX_MEETINGS

    if not text.isdigit() or not 1 <= int(text) <= MAX_MEETINGS:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to {MAX_MEETINGS}")
    return int(text)


def _import_commands(commands) -> None:
    imp = commands.add_parser(
        "import", epilog=EPILOG, help="read a meeting report (.docx or .pdf) into outcomes/",
        description="Reads the numbered paragraphs under the report's outcome headings into "
        "the meeting's outcome file (new, or merged into the existing one), with suggested "
        "topics and key phrases to review. See docs/import.md.")
    imp.add_argument("report", type=Path, nargs="+",
                     help="meeting reports, .docx or .pdf (each names its meeting by symbol)")
    imp.add_argument("--meeting", metavar="ID",
                     help="the meeting's id in meetings.yaml, when the report does not print "
                     "its symbol")
    imp.add_argument("--force", action="store_true",
                     help="with --meeting: import the report even though it prints another "
                     "meeting's symbol")
    imp.add_argument("--content", type=_content, default=Path("content"),
                     help="content folder, or an exercise folder from init (content)")
    imp.add_argument("--styles", type=Path, default=None,
                     help="styles folder (as for check): the content as it would be written "
                     "is checked with them, as `check` does")
    imp.add_argument("--dry-run", action="store_true",
                     help="print what would change; write nothing")
    _loudness(imp)
    sug = commands.add_parser(
        "suggest", epilog=EPILOG, help="refresh the suggested topics of outcomes under review",
        description="Writes new suggestions for the outcomes that carry a 'suggested:' block "
        "or serve no topic yet (with --all, for every outcome), learnt from the outcomes "
        "people have tagged.")
    sug.add_argument("--meeting", action="append", metavar="ID",
                     help="only this meeting (repeatable); all meetings by default")
    sug.add_argument("--all", action="store_true",
                     help="also suggest further topics for reviewed outcomes")
    sug.add_argument("--content", type=_content, default=Path("content"),
                     help="content folder, or an exercise folder from init (content)")
    sug.add_argument("--dry-run", action="store_true", help="write nothing")
    _loudness(sug)


def _content(given: str) -> Path:
    from annexgen.api import exercise_content

    return exercise_content(Path(given))


def _common(command: argparse.ArgumentParser, outputs: bool = False) -> None:
    command.add_argument("--content", type=_content, default=Path("content"),
                         help="content folder, or an exercise folder from init (content)")
    command.add_argument("--styles", type=Path, default=None,
                         help="styles folder (the content's own styles/, else the styles/ beside "
                              "it, else the styles annexgen ships)")
    command.add_argument("--output-format", choices=("text", "json"), default="text",
                         help="how problems are printed: text (file:line:col: CODE: message, "
                              "on stderr) or json (one array on stdout; docs/diagnostics.md)")
    if outputs:
        command.add_argument("--out", type=Path, default=None, help=OUT_HELP)
        _rendering(command, "office files only: no PDFs, page references unresolved")
    _loudness(command)


def _rendering(command: argparse.ArgumentParser, without: str) -> None:
    """--no-render (saying what is written `without` rendering) and --render-timeout."""
    command.add_argument("--no-render", action="store_true", help=without)
    command.add_argument("--render-timeout", type=_seconds, metavar="SECONDS",
                         help="the longest LibreOffice may take over one file (default: "
                              "120 s and a quarter of a second per kB of the file)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < 1e7:
        raise argparse.ArgumentTypeError(f"a number of seconds above 0 is wanted, not {text!r}")
    return value


def _loudness(command: argparse.ArgumentParser, top: bool = False) -> None:
    """-v and -q, before the command or after it (after it, they keep what was said before
    unless given again)."""
    default = False if top else argparse.SUPPRESS
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", default=default,
                          help="say more")
    loudness.add_argument("-q", "--quiet", action="store_true", default=default,
                          help="print nothing but problems")


def _strict(command: argparse.ArgumentParser) -> None:
    command.add_argument("--strict", "-W", action="store_true",
                         help="warnings are errors (for the build that is distributed): "
                              "exit 2 and write nothing while there is one")


@stopping_on_signals()
def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if "styles" in args and "content" in args:
            from annexgen import api

            args.styles = api.styles_for(args.content, args.styles)
        if "out" in args and args.out is None:
            args.out = args.content.parent / "out"
        if args.command == "check":
            from annexgen.cli.commands import run_check
            return run_check(args)
        if args.command == "diff":
            from annexgen.cli.commands import run_diff
            return run_diff(args)
        if args.command == "import":
            from annexgen.cli.commands import run_import
            return run_import(args)
        if args.command == "suggest":
            from annexgen.cli.commands import run_suggest
            return run_suggest(args)
        if args.command == "watch":
            from annexgen.cli.commands import run_watch
            return run_watch(args)
        if args.command == "init":
            from annexgen.cli.commands import run_init
            return run_init(args)
        if args.command == "completion":
            import shtab

            print(shtab.complete(_parser(), shell=args.shell))
            return EXIT_OK
        if args.command == "serve":
            from annexgen.cli.serve import run_serve
            return run_serve(args)
        from annexgen.cli.commands import run_build
        return run_build(args)
    except AnnexgenError as exc:
        from annexgen.cli.commands import failed

        return failed(exc, getattr(args, "output_format", "text"))
    except BrokenPipeError:  # the reader went away (`annexgen … | head`): stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt as exc:  # Ctrl-C, or a Stopped (SIGTERM too)
        print("annexgen: interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except Exception as exc:  # the last line of defence: a bug must not look like bad content
        print(f"annexgen: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        if getattr(args, "verbose", False):
            traceback.print_exc()
        else:
            print("run again with -v for the details, and please report it", file=sys.stderr)
        return EXIT_INTERNAL

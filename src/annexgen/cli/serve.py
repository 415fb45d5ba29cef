"""`annexgen serve`: starts the workbench, prints its address and stops on Ctrl-C."""

from __future__ import annotations

import argparse

from annexgen.cli.exit_codes import EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from annexgen.serve.run import open_browser, workbench

    started = workbench(args.content, args.styles, args.out, port=args.port,
                        expose=args.expose, render=not args.no_render)
    if args.expose:
        print(f"warning: listening on {args.expose}: anyone who can reach it with the address "
              "below can read and change the content")
    print(f"annexgen workbench for {args.content}: open {started.url}", flush=True)
    print("Ctrl-C stops it", flush=True)
    if not args.no_browser:
        open_browser(started.url)
    started.serve()
    print("stopped")
    return EXIT_OK

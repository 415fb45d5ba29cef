"""The command line: it parses, calls the library and prints."""

from annexgen.cli.main import main

__all__ = ["main"]

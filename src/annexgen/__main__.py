"""Entry point for `python -m annexgen`."""

from annexgen.cli import main

raise SystemExit(main())

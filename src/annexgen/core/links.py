"""Which link targets may go into the deliverables: safe schemes, and URLs that are URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from annexgen.core.limits import EXCEL_MAX_URL_CHARS

SAFE_SCHEMES = ("https://", "http://", "mailto:")
WEB_SCHEMES = ("https://", "http://")

# Characters RFC 3986 never allows unencoded in a URL (space and controls included).
_NOT_IN_URLS = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')
# A host name: labels of letters (any script), digits and hyphens; or an IPv4 address.
_LABEL = re.compile(r"(?!-)[^\W_]+(?:-+[^\W_]+)*", re.UNICODE)
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")


def link_problem(url: str, schemes: tuple[str, ...] = SAFE_SCHEMES) -> str | None:
    """Why `url` cannot be a link in a Word or Excel file, or None when it can."""
    if not url.lower().startswith(schemes):
        return f"must start with {', '.join(schemes[:-1])} or {schemes[-1]}" \
            if len(schemes) > 1 else f"must start with {schemes[0]}"
    if len(url) > EXCEL_MAX_URL_CHARS:
        return f"has {len(url):,} characters; Excel takes {EXCEL_MAX_URL_CHARS:,} at most"
    if bad := _NOT_IN_URLS.search(url):
        shown = repr(bad.group()) if bad.group().isprintable() else f"U+{ord(bad.group()):04X}"
        return f"holds {shown}, which a URL cannot hold (percent-encode it, e.g. %20 for a space)"
    if url.lower().startswith("mailto:"):
        return None if _ADDRESS.fullmatch(url[7:].split("?")[0]) else \
            "is not a mail address (mailto:name@example.org)"
    return _web_problem(url)


def _web_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError when the port is not a number
    except ValueError as exc:
        return f"is not a URL ({exc})"
    host = parts.hostname or ""
    if not host:
        return "has no host name (https://www.example.org/...)"
    labels = host.rstrip(".").split(".")
    if not all(_LABEL.fullmatch(label) for label in labels) and not host.startswith("["):
        return f"has an invalid host name {host!r}"
    return None

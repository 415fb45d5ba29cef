"""Who may talk to the workbench: the loopback Host it listens on, a token given once in
the URL and kept in a strict cookie, changes only from its own pages; and the headers that
keep a page from loading anything but its own files."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "annexgen-workbench"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
SAFE_METHODS = frozenset({"GET", "HEAD"})
# A cross-site form cannot send a custom header; htmx and the page's module send this one.
CHANGE_HEADER = b"hx-request"
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
     b"frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


@dataclass(frozen=True)
class Guard:
    """The rules for one start of the server: its port, its token, and the host names a
    browser may use for it (loopback only, unless the person asked for another address)."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    hosts: tuple[str, ...] = LOOPBACK_NAMES

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/?{urlencode({'token': self.token})}"

    def allowed_hosts(self) -> frozenset[str]:
        return frozenset(f"{name}:{self.port}" for name in self.hosts)

    def allowed_origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.allowed_hosts())


def guarded(app: App, guard: Guard) -> App:
    """The application behind the guard: a request with a foreign Host is 400 (DNS
    rebinding), without the token or its cookie 403, a change from another origin or
    without the page's header 403; every answer carries the security headers."""

    async def asgi(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        refusal = _refusal(scope, guard)
        if refusal is not None:
            await _plain(send, *refusal)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if query.get("token") and _same(query["token"][0], guard.token):
            await _welcome(send, scope, guard)
            return
        await app(scope, receive, _with_headers(send))

    return asgi


def _refusal(scope: Scope, guard: Guard) -> tuple[int, str] | None:
    headers = _headers(scope)
    if headers.get(b"host", b"").decode("latin-1").lower() not in guard.allowed_hosts():
        return 400, "this server answers only to the address it printed"
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("token"):
        return None if _same(query["token"][0], guard.token) else (403, "wrong token")
    if not _same(_cookie(headers), guard.token):
        return 403, "open the address annexgen serve printed (with its token)"
    if scope["method"] not in SAFE_METHODS:
        origin = headers.get(b"origin", b"").decode("latin-1").lower()
        if origin not in guard.allowed_origins() or CHANGE_HEADER not in headers:
            return 403, "changes are accepted only from the workbench's own pages"
    return None


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", [])}


def _cookie(headers: dict[bytes, bytes]) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed Cookie header is no cookie
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else None


async def _welcome(send: Send, scope: Scope, guard: Guard) -> None:
    """The token exchanged for the cookie, and the address without it."""
    cookie = f"{COOKIE}={guard.token}; HttpOnly; SameSite=Strict; Path=/"
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", scope.get("path", "/").encode() or b"/"),
                            (b"set-cookie", cookie.encode()), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": b""})


async def _plain(send: Send, status: int, text: str) -> None:
    body = f"{text}\n".encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            extra = [(name, value) for name, value in SECURITY_HEADERS if name not in names]
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return sending

"""Security headers, same-origin checks on state-changing requests, and the token.

* Every response carries a Content-Security-Policy without ``unsafe-inline``
  for scripts, ``X-Content-Type-Options``, ``Referrer-Policy`` and
  ``X-Frame-Options`` (plus ``frame-ancestors``).
* A POST to ``/api/…`` must send ``Content-Type: application/json`` (a plain
  HTML form cannot), and any request that is not GET/HEAD/OPTIONS must come
  from the same origin when the browser says where it comes from
  (``Origin``, else ``Referer``).
* With ``EXPLORER_TOKEN`` set, every page and API call needs the token: an
  ``Authorization: Bearer`` header or the login form (a signed cookie).
* The ``Host`` header must name a loopback address or a host in
  ``EXPLORER_ALLOWED_HOSTS``; anything else (DNS rebinding) answers 421. It is
  parsed strictly (:func:`host_name`): a name or a bracketed IPv6 literal exactly,
  then at most ``:`` and a port of digits; an absolute-form request line's host is
  checked the same way.
* ``next`` after login is followed only to a path on this site
  (:func:`safe_next`, parsed with :mod:`urllib.parse`).
"""

from __future__ import annotations

import hmac
import ipaddress
import re
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, redirect, request, session, url_for

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
OPEN_ENDPOINTS = {"pages.login", "static", "pages.vis_asset"}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def init_app(app: Flask) -> None:
    app.before_request(check_host)
    app.before_request(check_same_origin)
    app.before_request(check_token)
    app.after_request(add_headers)


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return response


def _same_origin(url: str) -> bool:
    if url == "null":
        return False
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() == request.host_url.rstrip("/").lower()


_HOST_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*\.?")
_PORT = re.compile(r"[0-9]{1,5}")


def host_name(host: str) -> str | None:
    """The name part of a Host header (or an absolute URI's authority), lower case,
    without the port; None when it is not exactly a name, an IPv4 address or a
    bracketed IPv6 literal, optionally followed by ``:`` and a port of digits.

    >>> host_name("LocalHost:5000"), host_name("[::1]:80"), host_name("evil.example")
    ('localhost', '[::1]', 'evil.example')
    >>> [host_name(h) for h in ["[::1]evil", "[::1].evil", "localhost:80@evil.com",
    ...                         "localhost:abc", "localhost:", "[::1", "a b", ""]]
    [None, None, None, None, None, None, None, None]
    """
    host = host.strip().lower()
    if host.startswith("["):
        literal, bracket, rest = host[1:].partition("]")
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            return None
        name = f"[{literal}]"
    else:
        name, colon, port = host.partition(":")
        rest, bracket = colon + port, "]"
        if not _HOST_NAME.fullmatch(name):
            return None
    if rest and not (rest.startswith(":") and _PORT.fullmatch(rest[1:])
                     and int(rest[1:]) <= 65535):
        return None
    return name if bracket else None


def _absolute_form_host() -> str | None:
    """The host of an absolute-form request line (``GET http://host/ HTTP/1.1``),
    parsed as :func:`host_name` does, or "" when the request line names a path."""
    uri = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI") or ""
    if uri.startswith("/") or uri in ("", "*"):
        return ""
    return host_name(urlsplit(uri).netloc)


def check_host():
    """Answer only to our own names: a page fetched through an attacker's
    name that resolves to 127.0.0.1 (DNS rebinding) is refused, and so is a Host
    header (or an absolute-form request line) that is not exactly a name with an
    optional port of digits."""
    allowed = LOOPBACK_NAMES | set(current_app.config.get("ALLOWED_HOSTS") or ())
    raw = request.headers.get("Host", "")
    for name, given in ((host_name(raw), raw), (_absolute_form_host(), "")):
        if name == "":
            continue
        if name is None or not (name.endswith(".localhost") or name in allowed):
            shown = name if name is not None else given
            abort(421, description=f"this server does not answer to the host name "
                                   f"{shown[:80]!r} (setting EXPLORER_ALLOWED_HOSTS)")
    return None


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else ``"/"``.

    >>> [safe_next(t) for t in ["/search?q=x", "//evil", "/\\evil", "/\t/evil", "http://e/"]]
    ['/search?q=x', '/', '/', '/', '/']
    """
    if not target or len(target) > 2000:
        return "/"
    if any(c in target for c in "\\") or not target.isprintable() or any(
            c.isspace() for c in target):
        return "/"
    decoded = unquote(target)
    if "\\" in decoded or not decoded.isprintable() or decoded.startswith("//"):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or \
            parts.path.startswith("//"):
        return "/"
    return target


def check_same_origin():
    """Refuse cross-site state-changing requests (CSRF)."""
    if request.method in SAFE_METHODS or request.routing_exception is not None:
        return None  # an unknown path or method answers 404 / 405 from routing
    if request.path.startswith("/api/") and request.mimetype != "application/json":
        abort(415, description="send the request body as JSON "
                               "(Content-Type: application/json)")
    origin = request.headers.get("Origin")
    referer = request.headers.get("Referer")
    if origin is not None:
        if not _same_origin(origin):
            abort(403, description="cross-origin request refused")
    elif referer and not _same_origin(referer):
        abort(403, description="cross-origin request refused")
    return None


def token_matches(given: str | None) -> bool:
    token = current_app.config.get("TOKEN")
    return bool(token and given) and hmac.compare_digest(given.encode(), token.encode())


def is_authenticated() -> bool:
    """True with a valid bearer token or a login cookie (or when no token is set)."""
    if not current_app.config.get("TOKEN"):
        return False
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and token_matches(header[7:].strip()):
        return True
    return session.get("authenticated") is True


def check_token():
    if not current_app.config.get("TOKEN") or request.endpoint in OPEN_ENDPOINTS:
        return None
    if is_authenticated():
        return None
    if request.path.startswith(("/api/", "/export/")):
        abort(401, description="this server needs a token: send Authorization: Bearer TOKEN")
    return redirect(url_for("pages.login", next=request.full_path))


def writes_allowed() -> bool:
    """Writes need EXPLORER_ALLOW_WRITES and an authenticated user."""
    return bool(current_app.config.get("ALLOW_WRITES")) and is_authenticated()

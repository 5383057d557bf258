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
  ``EXPLORER_ALLOWED_HOSTS``; anything else (DNS rebinding) answers 421.
* ``next`` after login is followed only to a path on this site
  (:func:`safe_next`, parsed with :mod:`urllib.parse`).
"""

from __future__ import annotations

import hmac
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


def host_name(host: str) -> str:
    """The name part of a Host header, lower case, without the port.

    >>> host_name("LocalHost:5000"), host_name("[::1]:80"), host_name("evil.example")
    ('localhost', '[::1]', 'evil.example')
    """
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def check_host():
    """Answer only to our own names: a page fetched through an attacker's
    name that resolves to 127.0.0.1 (DNS rebinding) is refused."""
    raw = request.headers.get("Host", "")
    name = host_name(raw)
    allowed = LOOPBACK_NAMES | set(current_app.config.get("ALLOWED_HOSTS") or ())
    if name.endswith(".localhost") or name in allowed:
        return None
    abort(421, description=f"this server does not answer to the host name {name[:80]!r} "
                           "(setting EXPLORER_ALLOWED_HOSTS)")


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

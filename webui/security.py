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
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, redirect, request, session, url_for

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
OPEN_ENDPOINTS = {"pages.login", "static", "pages.vis_asset"}


def init_app(app: Flask) -> None:
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
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def check_same_origin():
    """Refuse cross-site state-changing requests (CSRF)."""
    if request.method in SAFE_METHODS:
        return None
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

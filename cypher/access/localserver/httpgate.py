"""Only root may use the local server's HTTP API; the reader is Bolt-only.

The console's ``reader`` user needs nothing but Bolt, yet ArcadeDB lets any
user run SQL ``CHECK DATABASE FIX`` or the Redis language (``SET k v``) over
HTTP whatever its group allows. In the server process (the JVM runs inside it
through JPype) :func:`install` wraps the HTTP server's root handler before it
starts listening: a request under ``/api/`` whose ``Authorization`` is not
Basic for ``root`` is answered 403 and never reaches ArcadeDB. Root's own
calls (full-text DDL, ``list queries``, ``terminate query``) pass unchanged.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

MESSAGE = '{"error":"only the local server\'s root user may use its HTTP API"}'


def _is_root(header: str) -> bool:
    if not header.startswith("Basic "):
        return False
    try:
        user = base64.b64decode(header[6:], validate=True).decode("utf-8").split(":", 1)[0]
    except (binascii.Error, UnicodeDecodeError):
        return False
    return user == "root"


def install(server_box: dict[str, Any]) -> None:
    """Arrange for the gate to wrap the HTTP server of ``server_box["server"]``
    (an ``arcadedb_embedded`` server) when it starts; call after the JVM is up."""
    from jpype import JClass, JImplements, JOverride

    http_server_class = JClass("com.arcadedb.server.http.HttpServer")
    headers = JClass("io.undertow.util.Headers")

    @JImplements("io.undertow.server.HttpHandler")
    class RootOnly:
        def __init__(self, inner: Any):
            self.inner = inner

        @JOverride
        def handleRequest(self, exchange: Any) -> None:  # noqa: N802 - Java interface
            header = exchange.getRequestHeaders().getFirst("Authorization")
            if str(exchange.getRequestPath()).startswith("/api/") and not _is_root(
                    str(header or "")):
                exchange.setStatusCode(403)
                exchange.getResponseHeaders().put(headers.CONTENT_TYPE, "application/json")
                exchange.getResponseSender().send(MESSAGE)
                return
            self.inner.handleRequest(exchange)

    @JImplements("java.lang.Runnable")
    class Hook:
        @JOverride
        def run(self) -> None:
            http = server_box["server"]._java_server.getHttpServer()
            field = http_server_class.class_.getDeclaredField("undertow")
            field.setAccessible(True)
            undertow = field.get(http)
            root = undertow.getClass().getDeclaredField("rootHandler")
            root.setAccessible(True)
            root.set(undertow, RootOnly(root.get(undertow)))
            server_box["gated"] = True

    hook = http_server_class.class_.getDeclaredField("beforeUndertowStart")
    hook.setAccessible(True)
    hook.set(None, Hook())

"""A byte budget for the answer of one ad-hoc query, counted as the bytes arrive.

A console query can build one huge value on the server (a list of a million
long strings, a string doubled 28 times). Bolt sends such a row as one message,
and the driver holds a message whole before handing it on, so a cap on rows or
a check of each record comes too late: the web process would already hold
hundreds of megabytes. So the driver of such a query does not connect to the
server itself: its address resolver (a public driver option) points it at a
relay on 127.0.0.1 (:class:`AnswerBound`), which forwards the bytes both ways
unchanged (TLS included: the driver still checks the server's own name) and
counts what the server sends. Past the budget the relay closes both sides: the
driver fails on the cut connection, the server's send fails and the query ends,
and the caller raises :class:`AnswerTooLarge`, naming the setting. Memory stays
bounded by the budget plus one relay buffer per connection.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from neo4j.addressing import Address

from cypher.access.errors import QueryError

try:  # an address that keeps the server's own name for TLS (the driver's own type)
    from neo4j._addressing import ResolvedAddress as _Resolved
except ImportError:  # pragma: no cover - a driver without it: plain addresses
    _Resolved = None  # type: ignore[assignment, misc]

SETTING = "EXPLORER_MAX_RESULT_BYTES"
CHUNK = 64 * 1024


class AnswerTooLarge(QueryError):
    """The answer was larger than the byte budget; it was cut before being held."""

    @classmethod
    def over(cls, limit: int) -> AnswerTooLarge:
        """The error for an answer past ``limit`` bytes, naming the setting.

        >>> str(AnswerTooLarge.over(4 * 1024 * 1024))[:60]
        'the answer is larger than 4 MB (setting EXPLORER_MAX_RESULT_'
        """
        shown = f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
        return cls(f"the answer is larger than {shown} (setting {SETTING}={limit}) and was "
                   "stopped before it was held: return fewer rows or shorter values")


class AnswerBound:
    """Relays to the servers a driver asks for, cutting every connection once the
    servers have sent more than ``limit`` bytes in all. Use as a context manager;
    pass :meth:`resolver` as the driver's ``resolver`` option."""

    def __init__(self, limit: int):
        self.limit = limit
        self.received = 0
        self.exceeded = False
        self._lock = threading.Lock()
        self._listeners: dict[tuple[str, int], socket.socket] = {}
        self._sockets: list[socket.socket] = []
        self._closed = False

    def __enter__(self) -> AnswerBound:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def driver_options(self) -> dict[str, Any]:
        """The driver options that send its connections through this bound."""
        return {"resolver": self.resolver}

    def resolver(self, address: Address) -> list[Any]:
        """The driver's resolver: the relay for ``address`` (started on first use),
        keeping the server's own host name for TLS."""
        target = (str(address.host), int(address.port))
        with self._lock:
            listener = self._listeners.get(target)
            if listener is None:
                if self._closed:
                    raise OSError("the query's connections are closed")
                listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                listener.bind(("127.0.0.1", 0))
                listener.listen(8)
                self._listeners[target] = listener
                threading.Thread(target=self._accept, args=(listener, target), daemon=True,
                                 name="answer-bound-accept").start()
        port = listener.getsockname()[1]
        if _Resolved is None:
            return [("127.0.0.1", port)]
        return [_Resolved(("127.0.0.1", port), host_name=target[0])]

    def check(self) -> None:
        """Raise :class:`AnswerTooLarge` when the budget was exceeded."""
        if self.exceeded:
            raise AnswerTooLarge.over(self.limit)

    def close(self) -> None:
        """Close the relays and every connection through them."""
        with self._lock:
            self._closed = True
            listeners, self._listeners = list(self._listeners.values()), {}
            sockets, self._sockets = self._sockets, []
        for sock in (*listeners, *sockets):
            _close(sock)

    # -- relaying ------------------------------------------------------------
    def _accept(self, listener: socket.socket, target: tuple[str, int]) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(target, timeout=10)
                server.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._closed:
                    _close(client)
                    _close(server)
                    return
                self._sockets += [client, server]
            for source, sink, counted in ((client, server, False), (server, client, True)):
                threading.Thread(target=self._pump, args=(source, sink, counted),
                                 daemon=True, name="answer-bound-relay").start()

    def _pump(self, source: socket.socket, sink: socket.socket, counted: bool) -> None:
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                if counted:
                    with self._lock:
                        self.received += len(data)
                        over = self.received > self.limit
                    if over:
                        self.exceeded = True
                        self.close()
                        return
                sink.sendall(data)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()

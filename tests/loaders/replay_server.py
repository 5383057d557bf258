"""Replay recorded OpenAlex API responses from a local HTTP server (127.0.0.1, free port).

Requests are matched to ``responses/MANIFEST.json`` by path and decoded query
parameters, ignoring ``mailto``/``api_key`` and parameter order; ``per_page`` and
``per-page`` (the same OpenAlex parameter, both spellings occur in the
recordings) are treated as one. Recorded bodies are served gunzipped (gzipped
again when the client sends ``Accept-Encoding: gzip``). A recorded body that
is an error object (``{"error": …}`` without ``results``) is served with status
400: the manifest does not keep the status, and OpenAlex answers invalid
parameters with 400.

Not recorded, and so *derived*: ``/works/W…`` and ``/works/doi:…`` (no other
parameters) answer with that work as it appears in the recorded list results,
when ``single_works`` is on. Everything else is a 404.

Usage::

    with ReplayServer() as srv:
        client = OpenAlexClient(srv.base_url)
        srv.fail_next(2, status=429, retry_after="3")
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data"
RESPONSES_DIR = DATA_DIR / "openalex-api-fixtures-2025" / "responses"
IGNORED_PARAMS = {"mailto", "api_key"}
PARAM_ALIASES = {"per_page": "per-page"}


def request_key(path_and_query: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Normalise a URL or ``path?query`` into (path, sorted decoded params) for matching."""
    parts = urlsplit(path_and_query)
    params = [
        (PARAM_ALIASES.get(name, name), value)
        for name, value in parse_qsl(parts.query)
        if name not in IGNORED_PARAMS
    ]
    return parts.path or "/", tuple(sorted(params))


def load_manifest(responses_dir: Path = RESPONSES_DIR) -> list[dict]:
    """The manifest entries that have a real request URL, each with its ``path`` resolved."""
    entries = json.loads((responses_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    out = []
    for entry in entries:
        if entry["request_uri"].startswith("http"):
            out.append({**entry, "path": responses_dir.parent / entry["file"]})
    return out


def read_response(path: Path) -> dict:
    """A recorded response file (gzipped JSON) as a dict."""
    return json.loads(gzip.decompress(path.read_bytes()))


class _Recording:
    """What the server answers: recorded bodies by request key, plus derived single works."""

    def __init__(self, responses_dir: Path):
        self.by_key: dict[tuple, tuple[int, bytes]] = {}
        self.works: dict[str, dict] = {}
        for entry in load_manifest(responses_dir):
            body = gzip.decompress(entry["path"].read_bytes())
            data = json.loads(body)
            status = 400 if "error" in data and "results" not in data else 200
            self.by_key.setdefault(request_key(entry["request_uri"]), (status, body))
            for work in data.get("results") or []:
                self._index_work(work)

    def _index_work(self, work: dict) -> None:
        self.works.setdefault(work["id"].rsplit("/", 1)[-1].upper(), work)
        if work.get("doi"):
            doi = work["doi"].lower().removeprefix("https://doi.org/")
            self.works.setdefault("DOI:" + doi.upper(), work)

    def single_work(self, path: str) -> dict | None:
        name = unquote(path.removeprefix("/works/"))
        name = name.replace("https://doi.org/", "doi:")
        return self.works.get(name.upper())


@lru_cache(maxsize=4)
def _load_recording(responses_dir: Path) -> _Recording:
    """Read and index the recorded files once per directory (they are read-only)."""
    return _Recording(responses_dir)


class ReplayServer:
    """Threaded replay server; a context manager. See the module docstring.

    Attributes: ``base_url``; ``request_count``; ``requests`` (list of
    ``(path_and_query, headers)``, in arrival order). ``fail_next(n, status,
    retry_after)`` makes the next ``n`` requests fail with ``status`` (and a
    ``Retry-After`` header when given); failed requests are counted too.
    """

    def __init__(self, responses_dir: Path = RESPONSES_DIR, *, single_works: bool = True):
        self.recording = _load_recording(Path(responses_dir))
        self.single_works = single_works
        self.requests: list[tuple[str, dict]] = []
        self._failures: list[tuple[int, str | None]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def fail_next(self, n: int, status: int = 429, retry_after: str | None = None) -> None:
        """Answer the next ``n`` requests with ``status`` (and ``Retry-After`` if given)."""
        with self._lock:
            self._failures.extend([(status, retry_after)] * n)

    def start(self) -> ReplayServer:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join(timeout=5)
            self._httpd = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def answer(self, path_and_query: str, headers: dict) -> tuple[int, dict, bytes]:
        """Record the request and pick (status, extra headers, body) for it."""
        with self._lock:
            self.requests.append((path_and_query, headers))
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            status, retry_after = failure
            extra = {"Retry-After": retry_after} if retry_after is not None else {}
            return status, extra, json.dumps({"error": f"injected {status}"}).encode()
        hit = self.recording.by_key.get(request_key(path_and_query))
        if hit is not None:
            return hit[0], {}, hit[1]
        path, params = request_key(path_and_query)
        if self.single_works and path.startswith("/works/") and not params:
            work = self.recording.single_work(path)
            if work is not None:
                return 200, {}, json.dumps(work).encode()
        return 404, {}, json.dumps({"error": "404 Not Found", "message": "not recorded"}).encode()


def _make_handler(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            status, extra, body = server.answer(self.path, dict(self.headers.items()))
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                body = gzip.compress(body)
                extra = {**extra, "Content-Encoding": "gzip"}
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    return Handler

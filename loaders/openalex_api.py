"""A small, polite client for the OpenAlex ``/works`` API (standard library only).

It fetches one work (``get_work``), pages through a query with cursors
(``iter_works``) and collects a citation neighbourhood (``snowball``). Every
request is a plain GET whose URL is built here in full, so the URLs can be
logged, cached and replayed:

* ``/works/W123`` or ``/works/doi:10.x/y`` for one work;
* ``/works?filter=...&per-page=200&cursor=*`` then ``cursor=<meta.next_cursor>``
  for lists;
* ``mailto`` and ``api_key`` are appended last when set and are never part of
  the cache key or of an error message.

Retries: 429, 5xx and network errors are retried up to ``max_retries`` times,
waiting ``Retry-After`` when the server sends it, else ``backoff * 2**attempt``
seconds. Work dicts are returned exactly as OpenAlex sends them.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import quote, urlencode

from loaders.openalex_http import (
    _batched,
    _filter_text,
    _user_agent,
    normalize_work_id,
    parse_retry_after,
    short_id,
)

__all__ = ["API_URL", "ID_BATCH", "NoSuchWork", "OpenAlexClient", "OpenAlexError",
           "normalize_work_id", "short_id"]

API_URL = "https://api.openalex.org"
PER_PAGE = 200
ID_BATCH = 50
CREDENTIAL_PARAMS = ("mailto", "api_key")



class OpenAlexError(Exception):
    """An OpenAlex request failed; ``url`` (without credentials) and ``status`` say which."""

    def __init__(self, message: str, *, url: str, status: int | None = None):
        super().__init__(f"{message} (HTTP {status if status else 'n/a'}: {url})")
        self.url = url
        self.status = status


class NoSuchWork(OpenAlexError):
    """OpenAlex answered 404 for a single work."""


class _Retryable(Exception):
    """A transient failure: 429, 5xx or a network error."""

    def __init__(self, status: int | None, retry_after: float | None, detail: str):
        super().__init__(detail)
        self.status = status
        self.retry_after = retry_after


class OpenAlexClient:
    """OpenAlex ``/works`` client with credentials, retries, cursor paging and a disk cache.

    ``opener`` is anything with ``open(urllib.request.Request, timeout=…)`` returning a
    response (default: ``urllib.request.build_opener()``); ``sleep`` is called with the
    seconds to wait between retries. ``requests_made`` counts HTTP requests sent
    (cache hits are not requests).
    """

    def __init__(
        self,
        base_url: str = API_URL,
        *,
        mailto: str | None = None,
        api_key: str | None = None,
        cache_dir: str | os.PathLike | None = None,
        max_retries: int = 5,
        backoff: float = 1.0,
        timeout: float = 30,
        opener=None,
        sleep: Callable[[float], None] = time.sleep,
        max_retry_after: float = 300.0,
    ):
        self.base_url = base_url.rstrip("/")
        self.mailto = mailto or None
        self.api_key = api_key or None
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.max_retries = max_retries
        self.backoff = backoff
        self.timeout = timeout
        self.opener = opener if opener is not None else urllib.request.build_opener()
        self.sleep = sleep
        self.max_retry_after = max_retry_after
        self.user_agent = _user_agent(self.mailto)
        self.requests_made = 0

    # -- public API ---------------------------------------------------------------

    def get_work(self, id_or_doi: str) -> dict:
        """One work by OpenAlex id/URL or DOI (``/works/W…`` or ``/works/doi:…``).

        Raises ``NoSuchWork`` on 404, ``ValueError`` for text that is neither, and
        ``OpenAlexError`` for other failures.
        """
        key = normalize_work_id(id_or_doi)
        try:
            return self.get_json(f"/works/{quote(key, safe=':/')}")
        except OpenAlexError as exc:
            if exc.status == 404:
                raise NoSuchWork(f"no such work: {id_or_doi}", url=exc.url, status=404) from exc
            raise

    def iter_works(
        self,
        *,
        filter: str | Mapping[str, str] | None = None,
        search: str | None = None,
        max_results: int | None = None,
        stop_at_count: bool = True,
    ) -> Iterator[dict]:
        """Yield works matching ``filter``/``search`` page by page (``per-page=200``, cursors).

        Requests ``cursor=*`` first, then each ``meta.next_cursor``; stops at
        ``max_results``, at an empty page, at a null cursor, and (when
        ``stop_at_count``) once ``meta.count`` works have arrived, which saves the
        final empty page. Pages are fetched lazily, as the caller iterates.
        """
        params: list[tuple[str, str]] = []
        if (text := _filter_text(filter)) is not None:
            params.append(("filter", text))
        if search is not None:
            params.append(("search", search))
        params.append(("per-page", str(PER_PAGE)))
        yielded = received = 0
        cursor: str | None = "*"
        while cursor and (max_results is None or yielded < max_results):
            page = self.get_json("/works", [*params, ("cursor", cursor)])
            results = page.get("results") or []
            received += len(results)
            for work in results[: None if max_results is None else max_results - yielded]:
                yielded += 1
                yield work
            meta = page.get("meta") or {}
            cursor = meta.get("next_cursor")
            count = meta.get("count")
            if not results or (stop_at_count and count is not None and received >= count):
                return

    def snowball(
        self, seed_ids: Iterable[str], *, depth: int = 1, max_works: int = 500
    ) -> list[dict]:
        """Seed works plus, breadth-first to ``depth`` hops, what they cite and what cites them.

        Seeds (OpenAlex ids or DOIs) are fetched with ``filter=openalex:W1|W2|…``; each
        hop asks ``filter=cited_by:…`` (works the frontier cites) then
        ``filter=cites:…`` (works citing it), ids joined with ``|`` in batches of at
        most 50, in the order the works arrived. Works are deduplicated by id and
        collection stops as soon as ``max_works`` are held (seeds first, then by
        hop). Raises ``NoSuchWork`` when no seed exists.
        """
        found: dict[str, dict] = {}
        seeds = list(seed_ids)
        frontier = self._fetch_seeds(seeds, found, max_works)
        if seeds and not found:
            raise NoSuchWork(f"no such work: {', '.join(seeds)}", url=self.base_url, status=404)
        for _hop in range(depth):
            if not frontier or len(found) >= max_works:
                break
            new: list[str] = []
            for relation in ("cited_by", "cites"):
                for batch in _batched(frontier, ID_BATCH):
                    works = self.iter_works(filter=f"{relation}:{'|'.join(batch)}")
                    new += self._collect(works, found, max_works)
            frontier = new
        return list(found.values())

    def get_json(self, path: str, params: Iterable[tuple[str, str]] = ()) -> dict:
        """GET ``base_url + path`` with ``params`` plus credentials; cached under ``cache_dir``."""
        key = self.cache_key(path, params)
        cached = self._cache_read(key)
        if cached is not None:
            return cached
        data = self._request(self._with_credentials(key), key)
        self._cache_write(key, data)
        return data

    def cache_key(self, path: str, params: Iterable[tuple[str, str]] = ()) -> str:
        """The request URL without ``mailto``/``api_key``: cache key and the URL shown in errors."""
        kept = [(k, v) for k, v in params if k not in CREDENTIAL_PARAMS]
        query = urlencode(kept)
        return f"{self.base_url}{path}" + (f"?{query}" if query else "")

    # -- snowball helpers ---------------------------------------------------------

    def _fetch_seeds(self, seeds: list[str], found: dict[str, dict], max_works: int) -> list[str]:
        """Fetch seed works into ``found``; return their ids in arrival order."""
        ids, frontier = [], []
        for seed in seeds:
            key = normalize_work_id(seed)
            if key.startswith("W"):
                ids.append(key)
            elif len(found) < max_works:  # a DOI: one lookup
                frontier += self._collect([self.get_work(key)], found, max_works)
        for batch in _batched(list(dict.fromkeys(ids)), ID_BATCH):
            works = self.iter_works(filter=f"openalex:{'|'.join(batch)}")
            frontier += self._collect(works, found, max_works)
        return frontier

    @staticmethod
    def _collect(works: Iterable[dict], found: dict[str, dict], max_works: int) -> list[str]:
        """Add unseen works to ``found`` until it holds ``max_works``; return the new ids.

        Stops pulling from ``works`` (so no further page is requested) once full.
        """
        new: list[str] = []
        if len(found) >= max_works:
            return new
        for work in works:
            wid = short_id(work)
            if wid not in found:
                found[wid] = work
                new.append(wid)
                if len(found) >= max_works:
                    break
        return new

    # -- HTTP ---------------------------------------------------------------------

    def _with_credentials(self, url: str) -> str:
        creds = [(k, v) for k, v in (("mailto", self.mailto), ("api_key", self.api_key)) if v]
        if not creds:
            return url
        return url + ("&" if "?" in url else "?") + urlencode(creds)

    def _request(self, url: str, safe_url: str) -> dict:
        """Send the GET, retrying transient failures; ``safe_url`` is what errors show."""
        for attempt in range(self.max_retries + 1):
            try:
                return self._send(url, safe_url)
            except _Retryable as exc:
                wait = exc.retry_after
                if wait is None:
                    wait = self.backoff * 2**attempt
                if attempt == self.max_retries:
                    raise OpenAlexError(
                        f"gave up after {attempt + 1} attempts: {exc}",
                        url=safe_url,
                        status=exc.status,
                    ) from exc
                if wait > self.max_retry_after:
                    raise OpenAlexError(
                        f"server asks to wait {wait:.0f} s (limit {self.max_retry_after:.0f} s)",
                        url=safe_url,
                        status=exc.status,
                    ) from exc
                self.sleep(wait)
        raise AssertionError("unreachable")

    def _send(self, url: str, safe_url: str) -> dict:
        """One HTTP GET: the decoded JSON body, or ``_Retryable`` / ``OpenAlexError``."""
        request = urllib.request.Request(
            url,
            headers={
                "User-Agent": self.user_agent,
                "Accept": "application/json",
                "Accept-Encoding": "gzip",
            },
        )
        self.requests_made += 1
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status = getattr(response, "status", 200)
                headers, body = response.headers, response.read()
        except urllib.error.HTTPError as exc:
            status, headers, body = exc.code, exc.headers, exc.read()
        except (
            urllib.error.URLError,
            TimeoutError,
            ConnectionError,
            http.client.HTTPException,
        ) as exc:
            raise _Retryable(None, None, f"network error: {exc}") from exc
        return self._decode(status, headers, body, safe_url)

    @staticmethod
    def _decode(status: int, headers, body: bytes, safe_url: str) -> dict:
        if headers is not None and "gzip" in (headers.get("Content-Encoding") or ""):
            body = gzip.decompress(body)
        if status == 429 or 500 <= status <= 599:
            retry_after = parse_retry_after(headers.get("Retry-After") if headers else None)
            raise _Retryable(status, retry_after, f"HTTP {status}")
        try:
            data = json.loads(body) if body else {}
        except ValueError as exc:
            raise OpenAlexError(
                f"response is not JSON: {exc}", url=safe_url, status=status
            ) from exc
        if status >= 400:
            detail = data.get("message") or data.get("error") if isinstance(data, dict) else None
            raise OpenAlexError(
                f"OpenAlex error: {detail or 'request failed'}", url=safe_url, status=status
            )
        if not isinstance(data, dict):
            raise OpenAlexError("response is not a JSON object", url=safe_url, status=status)
        return data

    # -- cache --------------------------------------------------------------------

    def _cache_path(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(key.encode()).hexdigest()[:40] + ".json")

    def _cache_read(self, key: str) -> dict | None:
        path = self._cache_path(key)
        if path is None or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # unreadable entry: fetch again and overwrite
        return entry.get("response") if entry.get("url") == key else None

    def _cache_write(self, key: str, data: dict) -> None:
        path = self._cache_path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"url": key, "response": data}, handle)
        os.replace(tmp, path)

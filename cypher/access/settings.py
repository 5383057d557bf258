"""Connection settings, read from the environment in one place.

| variable           | meaning                                                   |
|--------------------|-----------------------------------------------------------|
| NEO4J_URI          | use this Neo4j / AuraDB / cluster instead of the local server |
| NEO4J_USERNAME     | user name for NEO4J_URI (default ``neo4j``)               |
| NEO4J_PASSWORD     | password for NEO4J_URI                                    |
| NEO4J_DATABASE     | database name (default ``neo4j``)                         |
| EXPLORER_HOME      | where the local server keeps data, password and logs      |
| EXPLORER_BOLT_PORT | the local server's Bolt port (default 7687)               |
| EXPLORER_HEAP      | the local server's Java heap (default: a quarter of the   |
|                    | machine's memory, from ``2g`` to ``8g``)                   |
| EXPLORER_CONSOLE_HEAP | the web console's own server's heap (default ``1g``): |
|                    | all the memory console queries can take together          |
| EXPLORER_QUERY_TIMEOUT | seconds a console query may run (default 10)          |
| EXPLORER_MAX_PATH_LENGTH | longest variable-length pattern in the console (3)  |
| EXPLORER_MAX_RESULT_BYTES | largest answer a console query or ``explorer query``  |
|                    | may bring back (default 4 MB); counted as it arrives      |
| EXPLORER_MAX_RECORD_BYTES | largest input record a load reads (default 32 MB)    |
| EXPLORER_MAX_BIBTEX_BYTES | largest BibTeX file, read whole (default 256 MB)     |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from cypher.access.errors import InputError

DEFAULT_BOLT_PORT = 7687
DEFAULT_DATABASE = "neo4j"
DEFAULT_MAX_RECORD_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_BIBTEX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_RESULT_BYTES = 4 * 1024 * 1024
LOCAL_USER = "root"


class SettingsError(InputError):
    """A setting has a value the product cannot use (the user's input)."""


@dataclass(frozen=True)
class Settings:
    """Where the graph is and how to reach it."""

    uri: str | None
    username: str
    password: str | None
    database: str
    home: Path
    bolt_port: int
    heap: str
    query_timeout: float = 10.0
    max_path_length: int = 3
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    console_heap: str = "1g"
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES

    @property
    def uses_local_server(self) -> bool:
        """True when no ``NEO4J_URI`` is set and the product runs its own server."""
        return self.uri is None

    @property
    def local_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def _port(value: str | None) -> int:
    if value in (None, ""):
        return DEFAULT_BOLT_PORT
    try:
        port = int(value)
    except ValueError:
        raise SettingsError(f"EXPLORER_BOLT_PORT must be a port number, got {value!r}") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"EXPLORER_BOLT_PORT must be between 1 and 65535, got {port}")
    return port


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: the process environment).

    >>> s = load_settings({"EXPLORER_HOME": "/tmp/x", "EXPLORER_BOLT_PORT": "7700"})
    >>> s.uses_local_server, s.local_uri, s.database
    (True, 'bolt://127.0.0.1:7700', 'neo4j')
    >>> load_settings({"NEO4J_URI": "neo4j+s://db.example:7687"}).uri
    'neo4j+s://db.example:7687'
    """
    env = os.environ if environ is None else environ
    home = env.get("EXPLORER_HOME") or user_data_dir("research-graph-explorer", appauthor=False)
    return Settings(
        uri=env.get("NEO4J_URI") or None,
        username=env.get("NEO4J_USERNAME") or "neo4j",
        password=env.get("NEO4J_PASSWORD"),
        database=env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        home=Path(home).expanduser().resolve(),
        bolt_port=_port(env.get("EXPLORER_BOLT_PORT")),
        heap=env.get("EXPLORER_HEAP") or default_heap(),
        query_timeout=query_timeout(env),
        max_path_length=_path_length(env.get("EXPLORER_MAX_PATH_LENGTH")),
        max_record_bytes=max_record_bytes(env),
        console_heap=env.get("EXPLORER_CONSOLE_HEAP") or "1g",
        max_result_bytes=max_result_bytes(env),
    )


def default_heap(memory: int | None = None) -> str:
    """The local server's heap unless ``EXPLORER_HEAP`` says: a quarter of the machine's
    ``memory`` (bytes; read from the system when None), from 2 to 8 GB. The server
    keeps a quarter of its heap as its page cache, and on a field of a million papers
    a map read on a 2 GB heap took half as long again as on 6 GB (docs/BENCHMARKS.md);
    the heap is reserved as it fills, so a small graph uses no more.

    >>> default_heap(24 * 2**30), default_heap(4 * 2**30), default_heap(256 * 2**30)
    ('6g', '2g', '8g')
    """
    if memory is None:
        try:
            memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (AttributeError, OSError, ValueError):  # no sysconf (Windows): the floor
            memory = 0
    return f"{max(2, min(8, memory // 4 // 2**30))}g"


def _byte_count(env: Mapping[str, str], name: str, default: int, high: int) -> int:
    value = env.get(name)
    if value in (None, ""):
        return default
    if not value.isdigit() or not 1024 <= int(value) <= high:
        raise SettingsError(f"{name} must be a byte count from 1024 to {high}, got {value!r}")
    return int(value)


def max_record_bytes(environ: Mapping[str, str] | None = None) -> int:
    """``EXPLORER_MAX_RECORD_BYTES``: the largest input record (line, array item or
    document) a load reads; longer ones are rejected without being held in memory.

    >>> max_record_bytes({}), max_record_bytes({"EXPLORER_MAX_RECORD_BYTES": "4096"})
    (33554432, 4096)
    """
    env = os.environ if environ is None else environ
    return _byte_count(env, "EXPLORER_MAX_RECORD_BYTES", DEFAULT_MAX_RECORD_BYTES, 2**31)


def max_result_bytes(environ: Mapping[str, str] | None = None) -> int:
    """``EXPLORER_MAX_RESULT_BYTES``: the most bytes the answer of a console query or
    of ``explorer query`` may take as it arrives from the server; a larger answer is
    refused (the connection cut) before it is held whole.

    >>> max_result_bytes({}), max_result_bytes({"EXPLORER_MAX_RESULT_BYTES": "65536"})
    (4194304, 65536)
    """
    env = os.environ if environ is None else environ
    return _byte_count(env, "EXPLORER_MAX_RESULT_BYTES", DEFAULT_MAX_RESULT_BYTES, 2**31)


def max_bibtex_bytes(environ: Mapping[str, str] | None = None) -> int:
    """``EXPLORER_MAX_BIBTEX_BYTES``: the largest BibTeX file a load reads. BibTeX
    is read whole (``@string`` macros and ``crossref`` reach across the file), so
    this bounds the memory a load of it takes.

    >>> max_bibtex_bytes({}), max_bibtex_bytes({"EXPLORER_MAX_BIBTEX_BYTES": "2000000"})
    (268435456, 2000000)
    """
    env = os.environ if environ is None else environ
    return _byte_count(env, "EXPLORER_MAX_BIBTEX_BYTES", DEFAULT_MAX_BIBTEX_BYTES, 2**34)


def _path_length(value: str | None) -> int:
    if value in (None, ""):
        return 3
    if not value.isdigit() or not 1 <= int(value) <= 50:
        raise SettingsError(f"EXPLORER_MAX_PATH_LENGTH must be 1..50, got {value!r}")
    return int(value)


def query_timeout(environ: Mapping[str, str] | None = None) -> float:
    """``EXPLORER_QUERY_TIMEOUT``: the seconds a read-only query (the console, ``explorer
    query``) may run, 0.1 to 3600, default 10; the one parser of this setting (the
    web app's config reads it here too).

    >>> query_timeout({}), query_timeout({"EXPLORER_QUERY_TIMEOUT": "2.5"})
    (10.0, 2.5)
    """
    env = os.environ if environ is None else environ
    value = env.get("EXPLORER_QUERY_TIMEOUT")
    if value in (None, ""):
        return 10.0
    try:
        seconds = float(value)
    except ValueError:
        raise SettingsError(f"EXPLORER_QUERY_TIMEOUT must be seconds, got {value!r}") from None
    if not 0.1 <= seconds <= 3600:
        raise SettingsError("EXPLORER_QUERY_TIMEOUT must be between 0.1 and 3600 seconds")
    return seconds

"""App settings, read from the environment in one place.

| variable                 | default | meaning                                             |
|--------------------------|---------|-----------------------------------------------------|
| EXPLORER_QUERY_TIMEOUT   | 10      | console time limit per query, in seconds (0.1-3600; |
|                          |         | parsed by cypher.access.settings.query_timeout)     |
| EXPLORER_MAX_ROWS        | 1000    | console row cap                                     |
| EXPLORER_MAX_PARAM_BYTES | 65536   | largest console parameter object (JSON bytes)       |
| EXPLORER_MAX_RESULT_BYTES | 4 MB   | largest console answer, counted as it arrives       |
|                          |         | (parsed by cypher.access.settings.max_result_bytes) |
| EXPLORER_ALLOW_WRITES    | off     | let authenticated users run queries that write      |
| EXPLORER_TOKEN           | unset   | password / bearer token; required for writes and    |
|                          |         | for binding to a non-loopback address               |
| EXPLORER_SECRET_KEY      | random  | signs the login cookie (random per start if unset)  |
| EXPLORER_VIEW_CACHE      | 256     | research maps and suggestion lists kept in memory   |
|                          |         | while the graph is unchanged (0: no cache)          |
| EXPLORER_CONSOLE_CONCURRENCY | 2   | console queries run at once; more answer 429 busy   |
| EXPLORER_ALLOWED_HOSTS   | unset   | host names (comma-separated) the app answers to     |
|                          |         | besides localhost, 127.0.0.1 and ::1                |
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Any

from cypher.access.errors import InputError
from cypher.access.settings import SettingsError, max_result_bytes, query_timeout

TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}


class ConfigError(InputError):
    """A setting has a value the app cannot use; the message names it."""


def _number(env: Mapping[str, str], name: str, default: float, kind: type) -> Any:
    text = env.get(name, "")
    if text.strip() == "":
        return kind(default)
    try:
        value = kind(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {text!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive, got {text!r}")
    return value


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number, zero allowed.

    >>> _count({"N": "0"}, "N", 5), _count({}, "N", 5)
    (0, 5)
    """
    text = env.get(name, "").strip()
    if text == "":
        return default
    if not text.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), got {text!r}")
    return int(text)


def _flag(env: Mapping[str, str], name: str) -> bool:
    text = env.get(name, "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ConfigError(f"{name} must be on or off, got {text!r}")


def _query_timeout(env: Mapping[str, str]) -> float:
    """EXPLORER_QUERY_TIMEOUT as the graph layer reads it (one parser, one bound)."""
    try:
        return query_timeout(env)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from exc


def _max_result_bytes(env: Mapping[str, str]) -> int:
    """EXPLORER_MAX_RESULT_BYTES as the graph layer reads it."""
    try:
        return max_result_bytes(env)
    except SettingsError as exc:
        raise ConfigError(str(exc)) from exc


def from_environ(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the app settings from ``env`` (default: the process environment).

    >>> c = from_environ({"EXPLORER_MAX_ROWS": "50"})
    >>> c["MAX_ROWS"], c["QUERY_TIMEOUT"], c["ALLOW_WRITES"], c["TOKEN"]
    (50, 10.0, False, None)
    """
    env = os.environ if env is None else env
    return {
        "QUERY_TIMEOUT": _query_timeout(env),
        "MAX_ROWS": _number(env, "EXPLORER_MAX_ROWS", 1000, int),
        "MAX_PARAM_BYTES": _number(env, "EXPLORER_MAX_PARAM_BYTES", 65536, int),
        "MAX_RESULT_BYTES": _max_result_bytes(env),
        "ALLOW_WRITES": _flag(env, "EXPLORER_ALLOW_WRITES"),
        "VIEW_CACHE": _count(env, "EXPLORER_VIEW_CACHE", 256),
        "CONSOLE_CONCURRENCY": _number(env, "EXPLORER_CONSOLE_CONCURRENCY", 2, int),
        "ALLOWED_HOSTS": [h.strip().lower()
                          for h in env.get("EXPLORER_ALLOWED_HOSTS", "").split(",") if h.strip()],
        "TOKEN": env.get("EXPLORER_TOKEN") or None,
        "SECRET_KEY": env.get("EXPLORER_SECRET_KEY") or secrets.token_hex(32),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Strict",
        "MAX_CONTENT_LENGTH": 1024 * 1024,
    }


def check(config: Mapping[str, Any]) -> None:
    """Refuse settings that would expose writes without authentication."""
    if config.get("ALLOW_WRITES") and not config.get("TOKEN"):
        raise ConfigError("EXPLORER_ALLOW_WRITES is on but EXPLORER_TOKEN is not set: "
                          "writes are only allowed to users who give the token")

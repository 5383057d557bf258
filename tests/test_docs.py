"""The documentation names what exists: modules, folders, settings and registry entries.

docs/ARCHITECTURE.md and README.md are read as text; every module, file or
folder they name in backticks must exist, every setting the code reads must be
in README's settings table, and every entry of an extension point's registry
must be documented where its "how to add one" says (tests below).
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("cypher", "loaders", "explorer", "webui", "bench", "tests")
ARCHITECTURE = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")
_PATH = re.compile(r"`((?:{})/[\w./-]*)`".format("|".join(PACKAGES)))
_DOTTED = re.compile(r"`((?:{})(?:\.\w+)+)`".format("|".join(PACKAGES[:4])))


def named_paths(text: str) -> set[str]:
    """Paths like ``loaders/ris.py`` or ``cypher/read/`` named in backticks.

    >>> sorted(named_paths("see `loaders/ris.py` and `cypher/read/`, not `foo/bar`"))
    ['cypher/read/', 'loaders/ris.py']
    """
    return {m.group(1) for m in _PATH.finditer(text)}


_FILE_SUFFIXES = (".js", ".py", ".md", ".css", ".html", ".cypher", ".json")


def named_modules(text: str) -> set[str]:
    """Dotted names like ``explorer.views.options`` (a module, or a name in one).

    >>> sorted(named_modules("`explorer.views.options` and `loaders.records.PaperRecord`"))
    ['explorer.views.options', 'loaders.records.PaperRecord']
    """
    return {m.group(1) for m in _DOTTED.finditer(text)
            if not m.group(1).endswith(_FILE_SUFFIXES)}


def _exists(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = REPO.joinpath(*parts[:cut])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            rest = parts[cut:]
            if not rest:
                return True
            source = (base.with_suffix(".py") if base.with_suffix(".py").is_file()
                      else base / "__init__.py").read_text(encoding="utf-8")
            return re.search(rf"\b{re.escape(rest[0])}\b", source) is not None
    return False


def test_every_path_the_architecture_names_exists():
    paths = named_paths(ARCHITECTURE)
    assert len(paths) > 20
    missing = sorted(p for p in paths if not (REPO / p.rstrip("*")).exists())
    assert missing == []


def test_every_module_the_architecture_names_exists():
    modules = named_modules(ARCHITECTURE)
    assert len(modules) > 5
    assert sorted(m for m in modules if not _exists(m)) == []


def test_every_setting_the_code_reads_is_in_the_readme():
    read = set()
    for package in ("cypher", "loaders", "explorer", "webui"):
        for path in (REPO / package).rglob("*.py"):
            read |= set(re.findall(r"[\"'](EXPLORER_[A-Z_]+|NEO4J_[A-Z_]+|OPENALEX_[A-Z_]+)[\"']",
                                   path.read_text(encoding="utf-8")))
    table = {m.group(1) for m in re.finditer(r"^\| `([A-Z0-9_]+)`", README, re.M)}
    table |= {n for m in re.finditer(r"^\| `([A-Z_]+)`, `([A-Z_]+)`", README, re.M)
              for n in m.groups()}
    assert read and sorted(read - table) == []


def test_every_backend_is_in_the_backends_document():
    from cypher.access.backends.registry import BACKENDS

    text = (REPO / "docs" / "BACKENDS.md").read_text(encoding="utf-8")
    assert len(BACKENDS) >= 2
    missing = [name for name, cls in BACKENDS.items()
               if name not in text.lower() and cls.__name__ not in text]
    assert missing == []


def test_every_suggestion_signal_is_documented():
    from explorer.algorithms import signal_registry

    text = (REPO / "explorer" / "algorithms" / "signals.py").read_text(encoding="utf-8")
    text += (REPO / "docs" / "BENCHMARKS.md").read_text(encoding="utf-8")
    text += README
    names = [signal.name for signal in signal_registry.signals()]
    assert len(names) >= 5
    assert [n for n in names if f"``{n}``" not in text and f"`{n}`" not in text] == []


def test_every_map_kind_is_in_the_readme():
    from explorer.views.research_map import KINDS

    assert [kind for kind in KINDS if f"`{kind}`" not in README] == []

"""Bibliographic exports of a view's papers: BibTeX, RIS and CSL-JSON.

Each writer is pure: the view, and the ``details`` of each paper read by
:func:`bibliography_details` (DOI, venue, kind, arXiv id, abstract, authors in
order, keywords), in; text out. Names are split into family and given parts
by :func:`split_name` (a no-break space joins the words of a family name that
a loader kept together, e.g. from CSL-JSON). Work types follow the graph's
``kind`` (OpenAlex/Crossref types, BibTeX and RIS types, CSL types).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from explorer.views.export_state import is_unresolved

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du",
              "la", "le", "ter", "ten", "zu", "af", "al", "bin", "ibn"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# kind -> (BibTeX type, venue field, RIS type, CSL type)
WORK_TYPES: dict[str, tuple[str, str, str, str]] = {
    "article": ("article", "journal", "JOUR", "article-journal"),
    "journal-article": ("article", "journal", "JOUR", "article-journal"),
    "article-journal": ("article", "journal", "JOUR", "article-journal"),
    "jour": ("article", "journal", "JOUR", "article-journal"),
    "review": ("article", "journal", "JOUR", "article-journal"),
    "letter": ("article", "journal", "JOUR", "article-journal"),
    "book-chapter": ("incollection", "booktitle", "CHAP", "chapter"),
    "chapter": ("incollection", "booktitle", "CHAP", "chapter"),
    "incollection": ("incollection", "booktitle", "CHAP", "chapter"),
    "inbook": ("incollection", "booktitle", "CHAP", "chapter"),
    "chap": ("incollection", "booktitle", "CHAP", "chapter"),
    "book": ("book", "publisher", "BOOK", "book"),
    "monograph": ("book", "publisher", "BOOK", "book"),
    "proceedings-article": ("inproceedings", "booktitle", "CONF", "paper-conference"),
    "paper-conference": ("inproceedings", "booktitle", "CONF", "paper-conference"),
    "inproceedings": ("inproceedings", "booktitle", "CONF", "paper-conference"),
    "conference": ("inproceedings", "booktitle", "CONF", "paper-conference"),
    "conf": ("inproceedings", "booktitle", "CONF", "paper-conference"),
    "cpaper": ("inproceedings", "booktitle", "CONF", "paper-conference"),
    "dissertation": ("phdthesis", "school", "THES", "thesis"),
    "thesis": ("phdthesis", "school", "THES", "thesis"),
    "phdthesis": ("phdthesis", "school", "THES", "thesis"),
    "mastersthesis": ("phdthesis", "school", "THES", "thesis"),
    "thes": ("phdthesis", "school", "THES", "thesis"),
    "report": ("techreport", "institution", "RPRT", "report"),
    "techreport": ("techreport", "institution", "RPRT", "report"),
    "rprt": ("techreport", "institution", "RPRT", "report"),
    "preprint": ("misc", "howpublished", "UNPB", "article"),
    "posted-content": ("misc", "howpublished", "UNPB", "article"),
    "unpb": ("misc", "howpublished", "UNPB", "article"),
    "unpublished": ("misc", "howpublished", "UNPB", "article"),
    "dataset": ("misc", "howpublished", "DATA", "dataset"),
    "data": ("misc", "howpublished", "DATA", "dataset"),
}
# Semantic Scholar's publication types and other journal kinds name journal articles too
WORK_TYPES.update({k: WORK_TYPES["article"] for k in (
    "journalarticle", "casereport", "clinicaltrial", "metaanalysis", "study", "editorial",
    "lettersandcomments", "news", "erratum", "ejour", "mgzn", "magazine-article")})
WORK_TYPES.update({"booksection": WORK_TYPES["book-chapter"],
                   "conferencepaper": WORK_TYPES["proceedings-article"]})
OTHER_TYPE = ("misc", "howpublished", "GEN", "document")


def work_type(kind: Any) -> tuple[str, str, str, str]:
    """(BibTeX type, its venue field, RIS type, CSL type) of a graph ``kind``.

    >>> work_type("book-chapter"), work_type(None)[2]
    (('incollection', 'booktitle', 'CHAP', 'chapter'), 'GEN')
    """
    return WORK_TYPES.get(str(kind or "").strip().lower(), OTHER_TYPE)


def one_line(value: Any) -> str:
    """Text on one line: control characters and line breaks become spaces."""
    if value is None:
        return ""
    return re.sub(r" {2,}", " ", _CONTROL.sub(" ", str(value))).strip(" ")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[ \t]+", text.strip()) if w]


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a person's name; a no-break space keeps family words together.

    >>> split_name("Ada Lovelace"), split_name("Lovelace, Ada"), split_name("Plato")
    (('Lovelace', 'Ada'), ('Lovelace', 'Ada'), ('Plato', ''))
    >>> split_name("Ludwig van Beethoven"), split_name("Gabriel García\u00a0Márquez")
    (('van Beethoven', 'Ludwig'), ('García Márquez', 'Gabriel'))
    >>> split_name("Martin Luther King Jr.")
    ('King', 'Martin Luther')
    """
    name = one_line(name)
    if "," in name:
        family, _, given = name.partition(",")
        return family.replace("\u00a0", " ").strip(), given.replace("\u00a0", " ").strip()
    words = _words(name)
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    if not words:
        return "", ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    fix = lambda parts: " ".join(parts).replace("\u00a0", " ")  # noqa: E731
    return fix(words[start:]), fix(words[:start])


def bibliography_details(graph: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """DOI, venue, kind, arXiv and OpenAlex ids, abstract, authors and keywords per paper."""
    if not ids:
        return {}
    return {row["id"]: {**row, "authors": [a for a in row["authors"] if a],
                        "keywords": unique_keywords(row["keywords"]),
                        "arxiv": row["arxiv"] or (row["id"][len("arxiv:"):]
                                                  if row["id"].startswith("arxiv:") else None)}
            for row in graph.read("read/export_bibliography", ids=list(ids))}


def unique_keywords(names: list[Any]) -> list[str]:
    """Keywords once each, in order: names equal but for case and spacing are one.

    >>> unique_keywords(["Citation", "citation ", None, "Open access", "Citation"])
    ['Citation', 'Open access']
    """
    seen: dict[str, str] = {}
    for name in names:
        text = one_line(name)
        key = " ".join(text.lower().split())
        if key and key not in seen:
            seen[key] = text
    return list(seen.values())


def _papers(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The works of the view: references known only by id (no title) are left out."""
    return [n for n in view["nodes"] if n.get("type") == "Paper" and not is_unresolved(n)]


def left_out(view: dict[str, Any]) -> int:
    """How many papers of the view are references known only by id: those on the map and
    those the map hides (``view["hidden"]["unresolved"]``, see ``export_state``), all
    left out of the bibliographic exports, whose readers would get entries without titles."""
    hidden = (view.get("hidden") or {}).get("unresolved") or 0
    return hidden + sum(1 for n in view["nodes"] if n.get("type") == "Paper"
                        and is_unresolved(n))


def left_out_note(view: dict[str, Any]) -> str:
    """One sentence saying how many references known only by id were left out ("" if none).

    >>> left_out_note({"nodes": [{"type": "Paper", "stub": True, "id": "W9"}]})
    '1 reference known only by id left out (not a loaded work).'
    """
    count = left_out(view)
    if not count:
        return ""
    return (f"{count} reference{'' if count == 1 else 's'} known only by id left out "
            "(not a loaded work).")


def paper_url(node: dict[str, Any], extra: dict[str, Any]) -> str | None:
    """The best link to a paper: its DOI, else arXiv, else OpenAlex."""
    if extra.get("doi"):
        return "https://doi.org/" + str(extra["doi"])
    if extra.get("arxiv"):
        return "https://arxiv.org/abs/" + str(extra["arxiv"])
    openalex = extra.get("openalex") or (node["id"] if re.fullmatch(r"W\d+", node["id"])
                                         else None)
    return f"https://openalex.org/{openalex}" if openalex else None


# --- BibTeX -------------------------------------------------------------------
def bibtex_braces(value: Any) -> str:
    """Field text for ``{…}``: balanced braces kept, unbalanced ones escaped.

    >>> bibtex_braces("The {RNA} world"), bibtex_braces("a } b {c")
    ('The {RNA} world', 'a \\\\textbraceright{} b \\\\textbraceleft{}c')
    """
    text = one_line(value)
    unmatched, stack = set(), []
    for index, char in enumerate(text):
        if char == "{":
            stack.append(index)
        elif char == "}":
            if stack:
                stack.pop()
            else:
                unmatched.add(index)
    unmatched.update(stack)
    out = "".join(("\\textbraceleft{}" if c == "{" else "\\textbraceright{}")
                  if i in unmatched else c for i, c in enumerate(text))
    return out[:-1] + "\\textbackslash{}" if out.endswith("\\") else out


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


_STOP = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "with", "from", "by", "at",
         "la", "le", "les", "el", "der", "die", "das", "un", "une"}


def citation_key(authors: list[str], year: Any, title: Any) -> str:
    """``authorYEARword``: first author's family name, year, first significant title word.

    >>> citation_key(["Ada Lovelace"], 1843, "The Analytical Engine"), citation_key([], None, "")
    ('lovelace1843analytical', 'anon')
    """
    family = _ascii(split_name(authors[0])[0]) if authors else ""
    words = [_ascii(w) for w in re.findall(r"\w+", str(title or ""))]
    word = next((w for w in words if w and w not in _STOP), "")
    return f"{family or 'anon'}{year or ''}{word}"


def _protect(part: str) -> str:
    """Brace the words of a name part that name parsers would misread (``=``, ``<``…).

    >>> _protect("Eve <img src=x"), _protect("García-Márquez O'Neil")
    ('Eve {<img} {src=x}', "García-Márquez O'Neil")
    """
    return " ".join("{" + w + "}" if re.search(r"[^\w.\-'’]", w) and "{" not in w else w
                    for w in bibtex_braces(part).split(" "))


def _bibtex_name(name: str) -> str:
    family, given = split_name(name)
    family, given = _protect(family), _protect(given)
    if " and " in f" {family.lower()} " or " and " in f" {given.lower()} " or "," in family:
        family = "{" + family + "}"
    return f"{family}, {given}" if given else family


def to_bibtex(view: dict[str, Any], details: dict[str, dict] | None = None) -> str:
    """One BibTeX entry per paper of the view, typed by its kind, keys unique."""
    details = details or {}
    entries, used = [], set()
    for node in _papers(view):
        extra = details.get(node["id"], {})
        entry_type, venue_field, _, _ = work_type(extra.get("kind"))
        authors = list(extra.get("authors") or [])
        base = key = citation_key(authors, node.get("year"), node.get("title"))
        suffix = 0
        while key in used:
            suffix += 1
            key = base + (chr(ord("a") + suffix - 1) if suffix <= 26 else str(suffix))
        used.add(key)
        arxiv = extra.get("arxiv")
        fields = [("title", bibtex_braces(node.get("title") or "")),
                  ("author", " and ".join(_bibtex_name(a) for a in authors)),
                  ("year", node.get("year")),
                  (venue_field, bibtex_braces(extra["venue"]) if extra.get("venue") else None),
                  ("doi", extra.get("doi")), ("url", paper_url(node, extra)),
                  ("eprint", arxiv), ("archiveprefix", "arXiv" if arxiv else None),
                  ("abstract", bibtex_braces(extra["abstract"]) if extra.get("abstract")
                   else None),
                  ("keywords", bibtex_braces(", ".join(unique_keywords(extra.get("keywords")
                                                                        or []))))]
        raw = {"title", "author", venue_field, "abstract", "keywords"}
        body = ",\n".join(f"  {name} = {{{value if name in raw else bibtex_braces(value)}}}"
                          for name, value in fields if value not in (None, ""))
        entries.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    note = left_out_note(view)
    head = [f"@comment{{{len(entries)} loaded works. {note}}}\n"] if note else []
    return "\n".join(head + entries)


# --- RIS ----------------------------------------------------------------------
def _ris_name(name: str) -> str:
    family, given = split_name(name)
    return f"{family}, {given}" if given else family


def to_ris(view: dict[str, Any], details: dict[str, dict] | None = None) -> str:
    """One RIS record per paper: ``AU  - Last, First``, a TY per work type, CRLF."""
    details = details or {}
    lines: list[str] = []
    for node in _papers(view):
        extra = details.get(node["id"], {})
        ris_type = work_type(extra.get("kind"))[2]
        tags: list[tuple[str, Any]] = [("TY", ris_type), ("ID", node["id"]),
                                       ("TI", node.get("title"))]
        tags += [("AU", _ris_name(a)) for a in extra.get("authors") or []]
        tags += [("PY", node.get("year"))]
        if extra.get("venue"):
            tags += [("T2", extra["venue"])] + ([("JO", extra["venue"])]
                                               if ris_type == "JOUR" else [])
        tags += [("DO", extra.get("doi")), ("UR", paper_url(node, extra)),
                 ("AB", extra.get("abstract"))]
        tags += [("KW", k) for k in unique_keywords(extra.get("keywords") or [])]
        lines += [f"{tag}  - {one_line(value)}" for tag, value in tags
                  if value not in (None, "") and one_line(value)]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines)


# --- CSL-JSON -------------------------------------------------------------------
def csl_name(name: str) -> dict[str, str]:
    """A CSL name: ``family``/``given``, or ``literal`` for a one-word name.

    >>> csl_name("Ada Lovelace"), csl_name("Plato")
    ({'family': 'Lovelace', 'given': 'Ada'}, {'literal': 'Plato'})
    """
    family, given = split_name(name)
    return {"family": family, "given": given} if given else {"literal": family}


def csl_items(view: dict[str, Any], details: dict[str, dict] | None = None) -> list[dict]:
    """The view's papers as CSL-JSON items (``id`` is the graph id)."""
    details = details or {}
    items = []
    for node in _papers(view):
        extra = details.get(node["id"], {})
        item: dict[str, Any] = {"id": node["id"], "type": work_type(extra.get("kind"))[3],
                                "title": one_line(node.get("title") or "")}
        if extra.get("authors"):
            item["author"] = [csl_name(a) for a in extra["authors"]]
        if node.get("year"):
            item["issued"] = {"date-parts": [[int(node["year"])]]}
        for key, value in (("DOI", extra.get("doi")), ("URL", paper_url(node, extra)),
                           ("container-title", extra.get("venue")),
                           ("abstract", extra.get("abstract")),
                           ("keyword", ", ".join(unique_keywords(extra.get("keywords")
                                                                 or [])))):
            if value:
                item[key] = one_line(value)
        if extra.get("arxiv"):
            item["number"] = "arXiv:" + str(extra["arxiv"])
        items.append(item)
    return items


def to_csljson(view: dict[str, Any], details: dict[str, dict] | None = None) -> str:
    """CSL-JSON (an array of items) that Zotero, pandoc and citation-js read."""
    return json.dumps(csl_items(view, details), indent=1, ensure_ascii=False)

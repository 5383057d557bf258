"""Building a batch's rows from records: identities resolved, rows deduplicated.

:class:`RowBuilder` turns records into the rows of each ``write/merge_*``
statement (a :class:`Batch`); the writer (:mod:`loaders.writer`) sends them.
A paper whose DOI (or OpenAlex id) is already in the graph under another id is
written onto that node; a person whose ORCID is known is merged the same way; people known
only by name are one person within one source file when their normalised
names match; papers cited but not loaded become stubs (the citation and related
statements create them; the citation one keeps each paper's stored ``indegree``).
It reads the graph only for identity lookups, through the function it is given,
and writes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from loaders import ids
from loaders.records import (
    Author,
    CitationRecord,
    EntityRecord,
    NodeRow,
    PaperRecord,
    Topic,
)

ALIAS_CACHE_LIMIT = 200_000

Record = PaperRecord | EntityRecord | CitationRecord | NodeRow


def _clean(props: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in props.items() if v is not None and v != ""}


def _person_key(author: Author, record_file: str | None, source: str) -> str:
    """Name-only person ids become one per normalised name within one source file."""
    if author.id.startswith("name:"):
        name = author.id[len("name:"):].split("|", 1)[0]
        where = Path(record_file).name if record_file else "-"
        return f"name:{name}|{source}|{where}"
    return author.id


class Batch:
    """Rows for each statement of one batch, deduplicated by key; ``papers`` counts
    the paper records in it (for the merged count)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[object, dict]] = {}
        self.first: Record | None = None
        self.papers = 0
        self.paper_ids: set[str] = set()

    def add(self, name: str, key: object, row: dict) -> None:
        self.rows.setdefault(name, {})[key] = row

    def steps(self) -> list[tuple[str, list[dict]]]:
        """``(statement, rows)`` in the order they are written (nodes before the
        relationships between them); citation rows grouped by citing paper."""
        order = ["write/merge_papers", "write/merge_people",
                 "write/merge_institutions", "write/merge_topics", "write/merge_cites",
                 "write/merge_related", "write/merge_authored", "write/summarize_authors",
                 "write/merge_affiliated", "write/merge_about", "write/summarize_topics",
                 "write/merge_part_of"]
        steps = [(name, list(self.rows.get(name, {}).values())) for name in order]
        return [(name, _by_citing(rows) if name in _GROUPED else rows) for name, rows in steps]


_GROUPED = ("write/merge_cites", "write/merge_related")


def _by_citing(rows: list[dict]) -> list[dict]:
    """Group ``{src, dst, source}`` citation rows into ``{src, source, dsts}``,
    first-seen order (the first row's source names the stubs a group creates).

    >>> _by_citing([{"src": "a", "dst": "x", "source": "s"}, {"src": "b", "dst": "x",
    ...             "source": "s"}, {"src": "a", "dst": "y", "source": "t"}])
    [{'src': 'a', 'source': 's', 'dsts': ['x', 'y']}, {'src': 'b', 'source': 's', 'dsts': ['x']}]
    """
    grouped: dict[str, dict] = {}
    for row in rows:
        group = grouped.setdefault(row["src"], {"src": row["src"], "source": row["source"],
                                                "dsts": []})
        group["dsts"].append(row["dst"])
        if row.get("listed"):  # an edge list's: its ends are papers of the field
            group["listed"] = True
    return list(grouped.values())



#: the source of edge lists' citations (:mod:`loaders.edges`): a paper they name is
#: created as a paper of the field (``stub: false``, no properties), not as a stub
EDGE_LIST = "edges"


class RowBuilder:
    """Records to batch rows; see the module docstring.

    ``read(statement, keys)`` runs an identity lookup (a ``read/*_ids_by_*``
    statement) and returns its rows of ``{key, id}``; it must see every batch
    built before (the writer waits for the one in flight before it answers).
    """

    def __init__(self, read: Callable[[str, list[str]], Iterable[dict]]):
        self._read = read
        self._aliases: dict[str, str] = {}

    def build(self, records: list[Record]) -> Batch:
        """The rows of one batch of records (identities resolved first)."""
        self._resolve(records)
        batch = Batch()
        batch.first = records[0]
        for record in records:
            if isinstance(record, PaperRecord):
                self._add_paper(batch, record)
            elif isinstance(record, EntityRecord):
                self._add_entity(batch, record)
            elif isinstance(record, CitationRecord):
                self._add_citation(batch, record)
            elif isinstance(record, NodeRow):
                self._add_node_row(batch, record)
        return batch

    def written(self, batch: Batch) -> None:
        """``batch`` is in the graph (nothing to remember since the citation and
        related statements create their stubs themselves; kept for the writer)."""

    def _resolve(self, records: list[Record]) -> None:
        dois, openalex, orcids, corpus, s2 = set(), set(), set(), set(), set()
        for record in records:
            if isinstance(record, CitationRecord):
                for end in (record.citing, record.cited):
                    if end.startswith("s2c:"):
                        corpus.add(end[4:])
                    elif end.startswith("s2:"):
                        s2.add(end[3:])
            if isinstance(record, PaperRecord):
                if record.doi:
                    dois.add(record.doi)
                for ref in (*record.references, *record.citations, *record.related, record.id):
                    if ref.startswith("doi:"):
                        dois.add(ref[4:])
                    elif ref[:1] == "W":
                        openalex.add(ref)
                    elif ref.startswith("s2c:"):
                        corpus.add(ref[4:])
                    elif ref.startswith("s2:"):
                        s2.add(ref[3:])
                s2.update(v for k, v in record.external_ids if k == "s2" and v)
                orcids.update(a.orcid for a in record.authors if a.orcid)
        self._lookup("read/paper_ids_by_doi", dois, "doi:")
        self._lookup("read/paper_ids_by_openalex", openalex, "")
        self._lookup("read/person_ids_by_orcid", orcids, "orcid:")
        self._lookup("read/paper_ids_by_corpusid", corpus, "s2c:")
        self._lookup("read/paper_ids_by_s2", s2, "s2:", same=True)

    def _lookup(self, name: str, keys: set[str], prefix: str, same: bool = False) -> None:
        """Alias ``prefix + key`` to the node the graph holds under it; ``same``: also
        when that node's id is the key itself (a Semantic Scholar ``paperId``: a full
        record naming it among its ids is then merged into that node)."""
        wanted = [k for k in keys if prefix + k not in self._aliases]
        if not wanted:
            return
        if len(self._aliases) > ALIAS_CACHE_LIMIT:
            self._aliases.clear()
        chosen: dict[str, str] = {}
        for row in self._read(name, wanted):
            key = prefix + row["key"]
            if key not in chosen or row["id"] < chosen[key]:  # deterministic when several
                chosen[key] = row["id"]
        for key, node_id in chosen.items():
            if same or node_id != key:
                self._aliases[key] = node_id

    def _canonical(self, node_id: str) -> str:
        return self._aliases.get(node_id, node_id)

    def _paper_canonical(self, record: PaperRecord) -> str:
        if record.doi and "doi:" + record.doi in self._aliases:
            return self._aliases["doi:" + record.doi]
        paper = dict(record.external_ids).get("s2")
        if paper and "s2:" + paper in self._aliases:  # a paper first seen by its paperId
            return self._aliases["s2:" + paper]
        return self._canonical(record.id)

    # -- rows of each kind of record ----------------------------------------
    def _add_paper(self, batch: Batch, record: PaperRecord) -> None:
        pid = self._paper_canonical(record)
        if record.doi:
            self._aliases.setdefault("doi:" + record.doi, pid)
        external = dict(record.external_ids)
        corpus = external.get("corpusid")
        if corpus and pid != f"s2c:{corpus}":
            self._aliases.setdefault(f"s2c:{corpus}", pid)
        if external.get("s2"):  # the paperId of S2's reference lists and search results
            self._aliases.setdefault(f"s2:{external['s2']}", pid)
        props = _clean({
            "title": record.title, "year": record.year, "doi": record.doi,
            "abstract": record.abstract, "venue": record.venue,
            "cited_by_count": record.cited_by_count, "kind": record.kind,
            "openalex": external.get("openalex") or (pid if pid[:1] == "W" else None),
            "arxiv": external.get("arxiv"), "s2": external.get("s2"),
            "corpusid": str(corpus) if corpus else None,
        })
        batch.papers += 1
        batch.paper_ids.add(pid)
        batch.add("write/merge_papers", pid, {"id": pid, "source": record.source, "props": props})
        for ref in record.references:
            self._cite(batch, pid, self._canonical(ref), record.source)
        for citer in record.citations:
            self._cite(batch, self._canonical(citer), pid, record.source)
        for rel in record.related:
            target = self._canonical(rel)
            batch.add("write/merge_related", (pid, target),
                      {"src": pid, "dst": target, "source": record.source})
        listed: set[str] = set()  # a person listed twice (OpenAlex does) keeps the first place
        for author in record.authors:
            self._add_author(batch, author, pid, record, listed)
        if record.authors:
            batch.add("write/summarize_authors", pid, {"id": pid})
        for topic in record.topics:
            self._add_topic(batch, topic, record.source)
            batch.add("write/merge_about", (pid, topic.id),
                      {"paper": pid, "topic": topic.id, "score": topic.score})
        if record.topics:
            batch.add("write/summarize_topics", pid, {"id": pid})

    def _cite(self, batch: Batch, src: str, dst: str, source: str) -> None:
        """A citation row; its statement creates missing ends as stubs itself."""
        batch.add("write/merge_cites", (src, dst), {"src": src, "dst": dst, "source": source})

    def _add_author(self, batch: Batch, author: Author, pid: str, record: PaperRecord,
                    listed: set[str]) -> None:
        person = _person_key(author, record.file, record.source)
        if author.orcid and not ids.openalex_id(person):
            # an OpenAlex author id is the strongest identity; others merge by ORCID
            person = self._aliases.get("orcid:" + author.orcid, person)
        props = _clean({"name": author.name, "orcid": author.orcid})
        batch.add("write/merge_people", person,
                  {"id": person, "source": record.source, "props": props})
        if person not in listed:
            listed.add(person)
            batch.add("write/merge_authored", (person, pid),
                      {"person": person, "paper": pid, "position": author.position,
                       "affiliations": list(author.affiliations) or None})
        for inst in author.institutions:
            batch.add("write/merge_institutions", inst.id, {
                "id": inst.id, "source": record.source,
                "props": _clean({"name": inst.name, "country": inst.country, "ror": inst.ror}),
            })
            batch.add("write/merge_affiliated", (person, inst.id),
                      {"person": person, "institution": inst.id})

    def _add_topic(self, batch: Batch, topic: Topic, source: str) -> None:
        while topic is not None:
            batch.add("write/merge_topics", topic.id, {
                "id": topic.id, "source": source,
                "props": _clean({"name": topic.name, "level": topic.level}),
            })
            if topic.parent is not None:
                batch.add("write/merge_part_of", (topic.id, topic.parent.id),
                          {"child": topic.id, "parent": topic.parent.id})
            topic = topic.parent

    def _add_entity(self, batch: Batch, record: EntityRecord) -> None:
        statement = {"Person": "write/merge_people", "Institution": "write/merge_institutions",
                     "Topic": "write/merge_topics"}.get(record.label)
        if statement is None:
            raise ValueError(f"{record.file}:{record.line}: unknown entity label {record.label}")
        batch.add(statement, record.id, {
            "id": record.id, "source": record.source, "props": _clean(dict(record.props))})
        if record.parent is not None:
            self._add_topic(batch, record.parent, record.source)
            batch.add("write/merge_part_of", (record.id, record.parent.id),
                      {"child": record.id, "parent": record.parent.id})
        for inst in record.institutions:
            batch.add("write/merge_institutions", inst.id, {
                "id": inst.id, "source": record.source,
                "props": _clean({"name": inst.name, "country": inst.country, "ror": inst.ror}),
            })
            batch.add("write/merge_affiliated", (record.id, inst.id),
                      {"person": record.id, "institution": inst.id})

    def _add_citation(self, batch: Batch, record: CitationRecord) -> None:
        src, dst = self._canonical(record.citing), self._canonical(record.cited)
        self._cite(batch, src, dst, record.source)
        if record.source == EDGE_LIST:  # both ends are papers of the field, not references
            batch.rows["write/merge_cites"][(src, dst)]["listed"] = True

    def _add_node_row(self, batch: Batch, record: NodeRow) -> None:
        batch.papers += 1
        batch.paper_ids.add(record.id)
        batch.add("write/merge_papers", record.id, {
            "id": record.id, "source": record.source,
            "props": _clean({"year": record.year, "title": record.title})})



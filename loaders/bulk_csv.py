"""The bulk path's files: a :class:`loaders.bulk.BulkGraph` written as the CSV files
``neo4j-admin database import full`` reads, with a README and ``manifest.json``.

Layout of the folder (every data file has a header file beside it):

* ``nodes/<Label>[.<n>].header.csv`` and ``.csv``: one group per label (``Paper``,
  ``Person``, ``Institution``, ``Topic``, ``Meta``), ids in an id space of the
  label's name (``id:ID(Paper)``, stored as the property ``id``);
* ``relationships/<TYPE>[.<n>].header.csv`` and ``.csv``: ``CITES``, ``RELATED_TO``,
  ``AUTHORED`` (``position``, ``affiliations``), ``AFFILIATED_WITH``, ``ABOUT``
  (``score``), ``PART_OF``;
* ``manifest.json`` (the command as a list of arguments, the files, the counts) and
  ``README.md`` (the command line and what to do next).

Values: each property's column is typed from its values (``long``, ``double``,
``boolean``, ``string``, ``string[]``, ``long[]``); when one property holds values of two
types the nodes (or relationships) are split into one group per combination, so every
value keeps its own type. Fields are quoted as CSV needs (commas, quotes doubled,
line breaks inside quotes, which turns on ``--multiline-fields``); array elements
are joined with a delimiter that no element contains, chosen from
:data:`ARRAY_DELIMITERS` and named in the command.
"""

from __future__ import annotations

import csv
import json
import shlex
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cypher.access.errors import InputError
from loaders import related_lists
from loaders.bulk import RELATIONSHIP_ENDS, BulkGraph

#: array delimiters, first usable one wins: neo4j-admin takes ``U+XXXX``
ARRAY_DELIMITERS = (";", "|", "\x1f", "\x1e", "\x1d", "\x1c")
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string",
          list: "string[]", tuple: "string[]"}
_BAD_NAME = set(':,"\r\n\t')

Row = tuple[tuple[str, ...], dict]


@dataclass
class Manifest:
    """What :func:`write_bulk` wrote: the groups, counts and the import command."""

    folder: Path
    database: str
    delimiter: str = ";"
    multiline: bool = False
    nodes: list[tuple[str, str, str]] = field(default_factory=list)  # label, header, data
    relationships: list[tuple[str, str, str]] = field(default_factory=list)
    node_counts: dict[str, int] = field(default_factory=dict)
    relationship_counts: dict[str, int] = field(default_factory=dict)

    def arguments(self) -> list[str]:
        """The arguments after ``neo4j-admin`` (paths relative to the folder)."""
        args = ["database", "import", "full", self.database, "--id-type=string",
                f"--array-delimiter=U+{ord(self.delimiter):04X}"]
        if self.multiline:
            args.append("--multiline-fields=true")
        args += [f"--nodes={label}={header},{data}" for label, header, data in self.nodes]
        args += [f"--relationships={kind}={header},{data}"
                 for kind, header, data in self.relationships]
        return args  # the database first: --nodes takes every argument after it

    def command(self) -> str:
        """The command line to run from the folder."""
        return "neo4j-admin " + " ".join(shlex.quote(a) for a in self.arguments())


def write_bulk(graph: BulkGraph, folder: Path, *, database: str = "neo4j") -> Manifest:
    """Write ``graph`` (finished) into ``folder`` (created; must be empty) and return
    the manifest; raise InputError when the folder holds files already or a property
    name cannot be a CSV header."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: the bulk folder must be new or empty")
    (folder / "nodes").mkdir(parents=True, exist_ok=True)
    (folder / "relationships").mkdir(exist_ok=True)
    manifest = Manifest(folder, database)
    manifest.delimiter = _delimiter(graph)
    tables: list[tuple[str, str, str, Callable[[], Iterable[Row]]]] = [
        ("nodes", "Paper", "id:ID(Paper)", lambda: (((i,), p) for i, p in graph.papers()))]
    for label, nodes in graph.others().items():
        tables.append(("nodes", label, f"id:ID({label})",
                       lambda nodes=nodes: (((i,), p) for i, p in nodes.items())))
    version = uuid.uuid4().hex
    tables.append(("nodes", "Meta", "id:ID(Meta)",
                   lambda: [(("graph",), {"version": version})]))
    for kind, (start, end) in RELATIONSHIP_ENDS.items():
        rows: Callable[[], Iterable[Row]] = (
            (lambda kind=kind: ((pair, {}) for pair in graph.pairs(kind)))
            if kind in ("CITES", "RELATED_TO") else (lambda kind=kind: graph.edges(kind)))
        tables.append(("relationships", kind, f":START_ID({start}),:END_ID({end})", rows))
    for section, name, id_header, rows in tables:
        _write_table(manifest, section, name, id_header, rows)
    _describe(manifest)
    return manifest


#: the related-work index's links as the bulk files hold them (the properties and types
#: ``write/add_related_index`` gives them)
RELATED_HEADER = (":START_ID(Paper)", ":END_ID(Paper)", "score:double", "cocited:long",
                  "coupled:long", "cites:long", "text:double", "shared:string")


def add_related(manifest: Manifest, chunks: Iterable[list[tuple]]) -> int:
    """Add the related-work index's links to the files of ``manifest``: ``chunks`` of
    ``(paper, related, score, cocited, coupled, cites, text, shared)`` tuples, each
    paper's links in one chunk, written as they come (never all held), with each
    paper's list node (:mod:`loaders.related_lists`); return how many links. Every
    string is quoted, so an empty ``shared`` stays an empty string, as the
    transactional path stores it. Then :func:`add_index_run` records the run."""
    folder = manifest.folder / "relationships"
    (folder / "RELATED.header.csv").write_text(_line(list(RELATED_HEADER)), encoding="utf-8")
    label = related_lists.LABEL
    (manifest.folder / "nodes" / f"{label}.header.csv").write_text(
        _line([f"id:ID({label})", "links:string"]), encoding="utf-8")
    count = papers = 0
    with open(folder / "RELATED.csv", "w", encoding="utf-8", newline="") as handle, \
            open(manifest.folder / "nodes" / f"{label}.csv", "w", encoding="utf-8",
                 newline="") as lists:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        list_writer = csv.writer(lists, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for chunk in chunks:
            writer.writerows(chunk)
            rows = [(row["id"], row["links"]) for row in related_lists.list_rows(chunk)]
            list_writer.writerows(rows)
            count += len(chunk)
            papers += len(rows)
    if count:
        manifest.relationships.append(("RELATED", "relationships/RELATED.header.csv",
                                       "relationships/RELATED.csv"))
        manifest.relationship_counts["RELATED"] = count
        manifest.nodes.append((label, f"nodes/{label}.header.csv", f"nodes/{label}.csv"))
        manifest.node_counts[label] = papers
    return count


def add_index_run(manifest: Manifest, run: dict) -> None:
    """Add the index run's ``IndexRun`` node (``run``: its properties, ``id`` among
    them) and write the manifest and README again."""
    record = dict(run)
    node = record.pop("id")
    _write_table(manifest, "nodes", "IndexRun", "id:ID(IndexRun)", lambda: [((node,), record)])
    _describe(manifest)


def _describe(manifest: Manifest) -> None:
    """Write the folder's ``manifest.json`` and ``README.md``."""
    (manifest.folder / "manifest.json").write_text(json.dumps({
        "database": manifest.database, "arguments": manifest.arguments(),
        "command": manifest.command(), "nodes": manifest.node_counts,
        "relationships": manifest.relationship_counts}, indent=2) + "\n", encoding="utf-8")
    (manifest.folder / "README.md").write_text(readme(manifest), encoding="utf-8")


def _delimiter(graph: BulkGraph) -> str:
    """The first of :data:`ARRAY_DELIMITERS` that no array element contains."""
    left = list(ARRAY_DELIMITERS)
    def values() -> Iterable[object]:
        yield graph.paper_ids()  # each once, rather than in every ref_ids list
        for _, props in graph.papers():
            yield from (value for key, value in props.items() if key != "ref_ids")
        for nodes in graph.others().values():
            for props in nodes.values():
                yield from props.values()
        for edge in graph.authored.values():
            yield edge.get("affiliations")
    for value in values():
        if isinstance(value, (list, tuple)):
            for element in value:
                if not isinstance(element, str):
                    continue  # numbers hold no delimiter
                left = [d for d in left if d not in element]
                if not left:
                    raise InputError("every array delimiter the bulk files could use occurs "
                                     "in the data; load this input transactionally")
    return left[0]


def _type(value: object) -> str:
    """The column type of ``value``: a list of whole numbers is ``long[]``.

    >>> _type(["a"]), _type([3, 1]), _type([]), _type(2.5)
    ('string[]', 'long[]', 'string[]', 'double')
    """
    if isinstance(value, (list, tuple)) and value and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        return "long[]"
    return _TYPES[type(value)]


def _write_table(manifest: Manifest, section: str, name: str, id_header: str,
                 rows: Callable[[], Iterable[Row]]) -> None:
    """Write one label's (or type's) rows: a first pass types the columns, a second
    writes one group per combination of the types of properties with several."""
    types: dict[str, set[str]] = {}
    count = 0
    for _, props in rows():
        count += 1
        for key, value in props.items():
            if value is not None:
                types.setdefault(key, set()).add(_type(value))
    if not count:
        return
    for key in types:
        if _BAD_NAME & set(key) or not key:
            raise InputError(f"property name {key!r} of {name} cannot be a bulk CSV header")
    columns = sorted(types)
    mixed = [k for k in columns if len(types[k]) > 1]
    groups: dict[tuple, tuple[csv.Writer, object]] = {}
    files = []
    delimiter = manifest.delimiter
    try:
        for ends, props in rows():
            signature = tuple(_type(props[k]) if props.get(k) is not None else ""
                              for k in mixed)
            group = groups.get(signature)
            if group is None:
                suffix = f".{len(groups) + 1}" if mixed else ""
                base = f"{section}/{name}{suffix}"
                chosen = dict(zip(mixed, signature, strict=True))
                header = [*id_header.split(","), *(
                    f"{k}:{chosen.get(k) or next(iter(types[k]))}" for k in columns)]
                (manifest.folder / f"{base}.header.csv").write_text(
                    _line(header), encoding="utf-8")
                handle = open(manifest.folder / f"{base}.csv", "w",  # noqa: SIM115
                              encoding="utf-8", newline="")
                files.append(handle)
                group = groups[signature] = (csv.writer(handle, lineterminator="\n"), handle)
                entry = (name, f"{base}.header.csv", f"{base}.csv")
                (manifest.nodes if section == "nodes" else manifest.relationships).append(entry)
            cells = [*ends]
            for key in columns:
                value = props.get(key)
                cells.append(_cell(value, delimiter, manifest))
            group[0].writerow(cells)
    finally:
        for handle in files:
            handle.close()
    counts = manifest.node_counts if section == "nodes" else manifest.relationship_counts
    counts[name] = count


def _cell(value: object, delimiter: str, manifest: Manifest) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = delimiter.join(str(v) for v in value)
    elif not isinstance(value, str):
        return repr(value) if isinstance(value, float) else str(value)
    if not manifest.multiline and ("\n" in value or "\r" in value):
        manifest.multiline = True
    return value


def _line(cells: list[str]) -> str:
    return ",".join(cells) + "\n"


def readme(manifest: Manifest) -> str:
    """The folder's README: what it holds, the command and the steps after it."""
    counts = ", ".join(f"{k} {v:,}" for k, v in manifest.node_counts.items())
    rels = ", ".join(f"{k} {v:,}" for k, v in manifest.relationship_counts.items()) or "none"
    index = ("The related-work index is in the files (`RELATED` links, each paper's "
             "`RelatedList` and the `IndexRun`): the maps work once step 4 is done, "
             "with no index to build after it."
             if "IndexRun" in manifest.node_counts else
             "`explorer index` builds the related-work index (a transactional load builds "
             "it as it goes; these files were written without it).")
    return f"""# Bulk files for neo4j-admin database import

Written by `explorer load --bulk`. Nodes: {counts}. Relationships: {rels}.

These files make a new, empty Neo4j 5 database holding the same graph a
transactional `explorer load` of the same input into an empty graph makes.

1. Stop Neo4j. The database `{manifest.database}` must not hold data (a database
   that was only created empty may be replaced: add `--overwrite-destination=true`).
2. From this folder, run:

   ```
   {manifest.command()}
   ```

3. Start Neo4j and point the product at it (`NEO4J_URI`, `NEO4J_USERNAME`,
   `NEO4J_PASSWORD`, `NEO4J_DATABASE`).
4. `explorer db init` creates the constraints, indexes and full-text indexes the
   product needs (the import creates none).
5. {index}

After that, add further records with the ordinary `explorer load`.
"""

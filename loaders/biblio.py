"""What the citation-manager formats (BibTeX, RIS, CSL-JSON) share: people known
only by name, and keywords as topics.

These formats carry no author ids, so a person is ``name:<normalised name>|<paper
id>`` (the writer merges same-name people within one source file), and a
keyword is the topic ``kw:<slug>``.
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders import ids
from loaders.records import Topic


def person_id(name: str, paper: str) -> str:
    """Person id for a name known only on one paper: ``name:<normalised>|<paper>``.

    >>> person_id("Ada  Lovelace", "doi:10.1/x")
    'name:ada lovelace|doi:10.1/x'
    """
    return f"name:{ids.normalise_name(name)}|{paper}"


def keyword_topics(words: Iterable[str]) -> tuple[Topic, ...]:
    """Topics ``kw:<slug>`` for keywords, first occurrence wins, empty ones dropped."""
    topics: dict[str, Topic] = {}
    for word in words:
        name = " ".join(word.split())
        slug = ids.normalise_name(name).replace(" ", "-")
        if slug and "kw:" + slug not in topics:
            topics["kw:" + slug] = Topic(id="kw:" + slug, name=name)
    return tuple(topics.values())

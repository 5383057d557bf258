"""The one registry of suggestion signals: name, computation, default weight, explanation.

Every signal that ranks suggested adjacent work is one :class:`SuggestionSignal`
registered below. The ranking (:mod:`explorer.algorithms.ranking`: its
``SIGNALS`` and ``DEFAULT_WEIGHTS``), the explanations of suggestions
(:func:`explain`), the product's suggestions (:mod:`explorer.views.suggestions`)
and the benchmark (``bench/suggest_quality.py``) all read it.

Two kinds of signal:

* **citation signals** have a ``compute`` function: pure, over the bounded
  citation subgraph and the seeds (:mod:`explorer.algorithms.signals`,
  :mod:`explorer.algorithms.walks`); the benchmark measures and tunes them;
* **server signals** have a ``statement``: a named read counted on the graph
  server, whose rows carry ``id``, ``shared`` (the count, the signal's value)
  and ``evidence`` (up to three names).

Registration order is the order in which signals are computed and summed, so
keep it: it is what makes a score repeat to the last bit. The order of the
sentences is each signal's ``sentence_rank`` (strongest evidence first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from explorer.algorithms.signals import (
    Node,
    Signal,
    adamic_adar,
    bibliographic_coupling,
    co_citation,
    co_citation_cosine,
    direct_citation,
    seed_coverage,
)
from explorer.algorithms.walks import local_pagerank, personalized_pagerank, popularity

SignalFunction = Callable[[nx.DiGraph, Iterable[Node]], Signal]


def named(ids: Iterable[Node], titles: Mapping[Node, str], max_named: int) -> str:
    """Name papers by title, titled ones first; a paper whose title maps to ``""``
    (known only as a reference) is counted, not named.

    >>> named(["a", "b", "c"], {"a": "Alpha", "b": "", "c": "Gamma"}, 1)
    'Alpha and 2 more (1 not loaded yet)'
    >>> named(["b"], {"b": ""}, 3)
    '1 not loaded yet'
    """
    ids = list(ids)
    titled = [i for i in ids if titles.get(i, str(i)) != ""]
    unloaded = len(ids) - len(titled)
    names = [titles.get(i) or str(i) for i in titled[:max_named]]
    text = "; ".join(names)
    if len(titled) > max_named:
        text += f" and {len(ids) - max_named} more"
    elif names and unloaded:
        text += f" and {unloaded} more"
    if unloaded:
        text = f"{text} ({unloaded} not loaded yet)" if names else f"{unloaded} not loaded yet"
    return text


def times(n: int) -> str:
    """``once`` or ``n times``."""
    return "once" if n == 1 else f"{n} times"


@dataclass(frozen=True)
class Reasons:
    """What an explanation may cite about one suggested paper.

    ``signals``: the raw value of each signal (absent or 0: no such evidence);
    ``evidence``: the ids behind each citation signal, the names behind each
    server signal; ``titles``: display titles of paper ids (``""``: known only
    as a reference; missing: shown as the id); at most ``max_named`` papers
    are named per sentence.
    """

    signals: Mapping[str, float]
    evidence: Mapping[str, tuple]
    titles: Mapping[Node, str]
    max_named: int = 3
    #: the suggestion is for a set of seed papers (sentences name the seed they mean)
    several: bool = False

    def named(self, ids: Iterable[Node]) -> str:
        """:func:`named` with these titles."""
        return named(ids, self.titles, self.max_named)


#: ``explain(reasons) -> sentences`` (none when the signal has nothing to say)
Explainer = Callable[[Reasons], list[str]]


@dataclass(frozen=True, kw_only=True)
class SuggestionSignal:
    """One suggestion signal (see the module docstring).

    Exactly one of ``compute`` (a citation signal) and ``statement`` (a server
    signal) is set. ``default_weight`` is its weight in the combined ranking
    (0: computed only when asked for). ``explain`` gives its sentences;
    ``sentence_rank`` places them among the others' (lower first); a
    ``fallback`` signal speaks only when no signal of a lower rank has.
    """

    name: str
    compute: SignalFunction | None = None
    statement: str | None = None
    default_weight: float
    explain: Explainer
    sentence_rank: int
    fallback: bool = False


_REGISTRY: dict[str, SuggestionSignal] = {}


def register(signal: SuggestionSignal) -> SuggestionSignal:
    """Add ``signal`` after the others; a name used twice, a negative weight, or
    not exactly one of ``compute`` and ``statement``, is refused."""
    if signal.name in _REGISTRY:
        raise ValueError(f"signal {signal.name!r} is registered twice")
    if (signal.compute is None) == (signal.statement is None):
        raise ValueError(f"signal {signal.name!r} needs a compute function or a statement")
    if signal.default_weight < 0:
        raise ValueError(f"signal {signal.name!r} has a negative weight")
    _REGISTRY[signal.name] = signal
    return signal


def signals() -> tuple[SuggestionSignal, ...]:
    """Every registered signal, in registration order."""
    return tuple(_REGISTRY.values())


def citation_signals() -> dict[str, SignalFunction]:
    """The citation signals' functions by name, in registration order."""
    return {s.name: s.compute for s in _REGISTRY.values() if s.compute is not None}


def server_signals() -> tuple[SuggestionSignal, ...]:
    """The signals counted on the graph server, in registration order."""
    return tuple(s for s in _REGISTRY.values() if s.statement is not None)


def default_weights(*, citation_only: bool = False) -> dict[str, float]:
    """Every signal's default weight by name, in registration order (only the
    citation signals' with ``citation_only``)."""
    return {s.name: s.default_weight for s in _REGISTRY.values()
            if s.compute is not None or not citation_only}


def explain(reasons: Reasons) -> list[str]:
    """Every signal's sentences about one suggestion, by ``sentence_rank``."""
    lines: list[str] = []
    for signal in sorted(_REGISTRY.values(), key=lambda s: s.sentence_rank):
        if signal.fallback and lines:
            continue
        lines.extend(signal.explain(reasons))
    return lines


# --------------------------------------------------------------------------
# explanations
# --------------------------------------------------------------------------


def _explain_direct(r: Reasons) -> list[str]:
    lines = []
    direct = r.evidence.get("direct", ())
    for relation, verb in (("cites", "cites"), ("cited_by", "is cited by")):
        linked = [seed for rel, seed in direct if rel == relation]
        if len(linked) == 1 and not r.several:
            lines.append(f"{verb} this paper")
        elif len(linked) == 1:
            lines.append(f"{verb} one of these papers: " + r.named(linked))
        elif linked:
            lines.append(f"{verb} {len(linked)} of these papers: " + r.named(linked))
    return lines


def _explain_coupling(r: Reasons) -> list[str]:
    shared = r.evidence.get("coupling")
    if not shared:
        return []
    noun = "reference" if len(shared) == 1 else "references"
    return [f"shares {len(shared)} {noun} with this paper: " + r.named(shared)]


def _cited_together(r: Reasons, citing: tuple) -> list[str]:
    n = int(r.signals.get("cocitation") or len(citing))
    return [f"cited together {times(n)} by: " + r.named(citing)]


def _explain_cocitation(r: Reasons) -> list[str]:
    citing = r.evidence.get("cocitation")
    return _cited_together(r, citing) if citing else []


def _explain_cocitation_cosine(r: Reasons) -> list[str]:
    citing = r.evidence.get("cocitation_cosine")
    if r.evidence.get("cocitation") or not citing:
        return []  # co-citation's own sentence names the same papers
    return _cited_together(r, citing)


def _explain_adamic_adar(r: Reasons) -> list[str]:
    common = r.evidence.get("adamic_adar")
    said = (r.evidence.get("coupling") or r.evidence.get("cocitation")
            or r.evidence.get("cocitation_cosine"))
    if not common or said:
        return []  # shared references and co-citations say it more plainly
    noun = "neighbour" if len(common) == 1 else "neighbours"
    return [f"{len(common)} common citation {noun}: " + r.named(common)]


def _explain_seed_coverage(r: Reasons) -> list[str]:
    near = r.evidence.get("seed_coverage", ())
    if len(near) <= 1:
        return []
    return [f"within two citation steps of {len(near)} of these papers: " + r.named(near)]


def _random_walk(name: str) -> Explainer:
    def explain(r: Reasons) -> list[str]:
        if r.signals.get(name, 0.0) > 0:
            return ["close in the citation network (random walk from this paper)"]
        return []
    return explain


def _explain_popularity(r: Reasons) -> list[str]:
    cited = int(r.signals.get("popularity", 0.0))
    return [f"cited {times(cited)}"] if cited > 0 else []


def _counted(name: str, template: str) -> Explainer:
    """Sentences of a server signal: ``template`` with ``{n}`` (the count),
    ``{s}`` (plural ending) and ``{names}`` (the evidence)."""
    def explain(r: Reasons) -> list[str]:
        if r.signals.get(name, 0.0) <= 0:
            return []
        n = int(r.signals[name])
        names = "; ".join(str(x) for x in r.evidence.get(name, ()) if x)
        return [template.format(n=n, s="" if n == 1 else "s", names=names)]
    return explain


def _explain_index(r: Reasons) -> list[str]:
    """"among the papers most related to 2 of the seed papers: Knutsen 2004; Saris 2008"."""
    seeds = [x for x in r.evidence.get("index", ()) if x]
    if r.signals.get("index", 0.0) <= 0 or not seeds:
        return []
    return [f"among the papers most related to {len(seeds)} of the seed papers: "
            + r.named(seeds)]


# --------------------------------------------------------------------------
# the signals
# --------------------------------------------------------------------------

# Citation weights tuned on cit-HepPh: test year 1998, train <= 1997, 800 test papers,
# seed 42, ``python bench/suggest_quality.py --tune --limit 800`` (coordinate search, ppr
# fixed at 1); validation recall@20 0.492. Never tuned on the 1999 test year.
# Server signals' weights are set by hand (they have no benchmark).
register(SuggestionSignal(name="ppr", compute=personalized_pagerank, default_weight=1.0,
                          explain=_random_walk("ppr"), sentence_rank=70, fallback=True))
register(SuggestionSignal(name="cocitation_cosine", compute=co_citation_cosine,
                          default_weight=1.0, explain=_explain_cocitation_cosine,
                          sentence_rank=31))
register(SuggestionSignal(name="seed_coverage", compute=seed_coverage, default_weight=1.0,
                          explain=_explain_seed_coverage, sentence_rank=50))
register(SuggestionSignal(name="cocitation", compute=co_citation, default_weight=0.75,
                          explain=_explain_cocitation, sentence_rank=30))
register(SuggestionSignal(name="direct", compute=direct_citation, default_weight=0.75,
                          explain=_explain_direct, sentence_rank=10))
register(SuggestionSignal(name="ppr_local", compute=local_pagerank, default_weight=0.75,
                          explain=_random_walk("ppr_local"), sentence_rank=71, fallback=True))
register(SuggestionSignal(name="adamic_adar", compute=adamic_adar, default_weight=0.35,
                          explain=_explain_adamic_adar, sentence_rank=40))
register(SuggestionSignal(name="coupling", compute=bibliographic_coupling, default_weight=0.1,
                          explain=_explain_coupling, sentence_rank=20))
register(SuggestionSignal(name="popularity", compute=popularity, default_weight=0.0,
                          explain=_explain_popularity, sentence_rank=80))
register(SuggestionSignal(name="authors", statement="read/shared_authors", default_weight=0.15,
                          explain=_counted("authors",
                                           "shares {n} author{s} with this paper: {names}"),
                          sentence_rank=90))
register(SuggestionSignal(name="topics", statement="read/shared_topics", default_weight=0.05,
                          explain=_counted("topics", "shares {n} topic{s}: {names}"),
                          sentence_rank=91))
register(SuggestionSignal(name="institutions", statement="read/shared_institutions",
                          default_weight=0.02,
                          explain=_counted("institutions",
                                           "authors share {n} institution{s}: {names}"),
                          sentence_rank=92))
# The related-work index summed over the seeds (a single seed's suggestions are the index's
# own list; see explorer.views.suggestions). Weight 0.5 chosen on the cit-HepPh protocol
# beside 0.25 and 1 (bench/synergy_quality.py --hep; docs/BENCHMARKS.md).
register(SuggestionSignal(name="index", statement="read/index_scores", default_weight=0.5,
                          explain=_explain_index,
                          sentence_rank=15))
register(SuggestionSignal(name="related", statement="read/related_links", default_weight=0.10,
                          explain=_counted("related", "listed as related work by the source"),
                          sentence_rank=93))


def _meaning(signal: SuggestionSignal) -> str:
    if signal.compute is not None:
        doc = (signal.compute.__doc__ or "").strip().split("\n\n")[0]
    else:
        import cypher

        doc = cypher.get(signal.statement or "").doc
    return " ".join(doc.split()).rstrip(".")


def describe_markdown() -> str:
    """The README's table of suggestion signals: name, default weight, what it counts.

    >>> describe_markdown().splitlines()[0]
    '| signal | default weight | what it counts |'
    """
    rows = ["| signal | default weight | what it counts |", "|---|---:|---|"]
    rows += [f"| `{s.name}` | {s.default_weight:g} | {_meaning(s)} |" for s in signals()]
    return "\n".join(rows)

"""Static bounds for console queries, read from a token stream (not patterns).

The local server stops a read-only query only between rows, so one deep expansion, a
sleep or a huge list can run long past the time limit. Before a console query runs,
:func:`check_query` reads its text in one pass (strings, backticked names and comments
are tokens, so neither hides or fakes the rest) and refuses:

* variable-length relationships (``[:CITES*]``, ``[*1..25 WHERE …]``) and quantified
  paths or relationships (``((a)-->(b)){1,25}``, ``+``, ``*``, ``{n,}``) with no upper
  bound or one above ``EXPLORER_MAX_PATH_LENGTH``;
* functions outside the built-in ones and a few pure namespaces (no ``util.sleep``),
  procedures outside a read-only allow-list of those both servers have (no
  ``do.when``; ``db.info`` named as missing on the local server); ``LOAD CSV``;
* ``range`` lists whose sizes multiply past :data:`MAX_LIST_ITEMS` (or
  :data:`MAX_REDUCE_ITEMS` under ``reduce``); a bound it cannot read counts as
  :data:`MAX_LIST_ITEMS`;
* administration commands and ``USE``; of the ``SHOW`` commands only the schema ones
  (Neo4j plans ``TERMINATE TRANSACTIONS``, ``SHOW TRANSACTIONS`` and ``SHOW SETTINGS``
  as reads, so the read-only check alone lets them through).

What it cannot bound (one expression over a list collected from the graph) is left to
the time limit and, if the query does not stop, to killing the process running it (the
web console has a server of its own). The database, not this module, keeps it read-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cypher.access.errors import InputError

DEFAULT_MAX_PATH_LENGTH = 3
MAX_LIST_ITEMS = 1_000_000
MAX_REDUCE_ITEMS = 10_000

# Cypher's own functions (Neo4j 5), lower case; namespaced ones by namespace.
FUNCTIONS = frozenset("""
abs acos all any asin atan atan2 avg ceil char_length character_length coalesce collect
cos cot count degrees e elementid endnode exists exp file floor haversin head id isempty
keys labels last left length linenumber log log10 ltrim max min nodes none nullif percentilecont
percentiledisc pi properties radians rand range reduce relationships replace reverse right
round rtrim sign sin single size split sqrt startnode stdev stdevp substring sum tail tan
toboolean tobooleanlist tobooleanornull tofloat tofloatlist tofloatornull tointeger
tointegerlist tointegerornull tolower tostring tostringlist tostringornull toupper trim
type valuetype btrim lower upper normalize randomuuid timestamp date datetime localdatetime
localtime time duration point isnan cosh sinh tanh coth
""".split())
FUNCTION_NAMESPACES = frozenset({"date", "datetime", "localdatetime", "localtime", "time",
                                 "duration", "point", "vector", "vector.similarity"})
# Read-only procedures both servers answer; those one lacks, with what to use instead.
PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys", "dbms.components",
                        "db.schema.visualization", "db.index.fulltext.querynodes",
                        "db.index.fulltext.queryrelationships"})
NOT_OFFERED = {"db.info": "CALL dbms.components() names the server",
               "db.indexes": "use SHOW INDEXES", "db.constraints": "use SHOW CONSTRAINTS",
               "db.awaitindexes": "indexes are read as they are"} | dict.fromkeys(
    ("db.schema.nodetypeproperties", "db.schema.reltypeproperties"), "use db.propertyKeys()")

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<line>//[^\n\r]*)
  | (?P<block>/\*.*?\*/)
  | (?P<str>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")
  | (?P<quoted>`(?:``|[^`])*`)
  | (?P<num>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.\d[\d_]*(?:[eE][-+]?\d+)?
            |\d[\d_]*(?:[eE][-+]?\d+)?)
  | (?P<param>\$(?:\w+|`(?:``|[^`])*`))
  | (?P<name>[^\W\d]\w*)
  | (?P<dots>\.\.)
  | (?P<op>.)
""", re.S | re.X)


# The openCypher grammar reads these as "-", "<" and ">" in patterns.
_SAME_AS = str.maketrans({
    **dict.fromkeys("\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u27e8\u3008\ufe64\uff1c", "<"),
    **dict.fromkeys("\u27e9\u3009\ufe65\uff1e", ">"),
})


class GuardRefused(InputError):
    """The console will not run this query; the message says why (the user's query)."""


class PathTooLong(GuardRefused):
    """A variable-length or quantified pattern is unbounded or too long."""


@dataclass(frozen=True)
class Token:
    kind: str  # str, name, num, param, dots, op
    text: str  # names lower-cased and unquoted; ops as written


def tokenize(text: str) -> list[Token]:
    """Split Cypher text into tokens in one pass; comments and spaces are dropped.

    >>> [t.text for t in tokenize("RETURN '//' // it's\\n, `a b` /* ] */ *1..2")]
    ['return', "'//'", ',', 'a b', '*', '1', '..', '2']
    """
    tokens: list[Token] = []
    text = text.translate(_SAME_AS)
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # pragma: no cover - the last branch matches any char
            break
        kind = match.lastgroup or "op"
        value = match.group(0)
        pos = match.end()
        if kind in ("space", "line", "block"):
            continue
        if kind == "op" and value in "'\"`" or value.startswith("/*") or (
                kind == "op" and value == "/" and text.startswith("*", pos)):
            raise GuardRefused("the query has an unterminated string, name or comment")
        if kind == "quoted":
            tokens.append(Token("name", value[1:-1].replace("``", "`").lower()))
        elif kind == "name":
            tokens.append(Token("name", value.lower()))
        else:
            tokens.append(Token(kind, value))
    return tokens


def _int(token: Token | None) -> int | None:
    if token is None or token.kind != "num":
        return None
    try:
        return int(token.text.replace("_", ""), 0)
    except ValueError:
        return None


def _too_long(shown: str, max_length: int) -> PathTooLong:
    return PathTooLong(
        f"variable-length patterns need an upper bound of at most {max_length} hops "
        f"(setting EXPLORER_MAX_PATH_LENGTH); got {shown}")


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the bracket closing the one at ``start`` (or len(tokens))."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    for i in range(start, len(tokens)):
        t = tokens[i]
        if t.kind == "op" and t.text in pairs:
            depth += 1
        elif t.kind == "op" and t.text in pairs.values():
            depth -= 1
            if depth == 0:
                return i
    return len(tokens)


def _is(tokens: list[Token], i: int, *texts: str) -> bool:
    return 0 <= i < len(tokens) and tokens[i].kind in ("op", "dots") and tokens[i].text in texts


def _star_bound(tokens: list[Token], i: int) -> tuple[int | None, str]:
    """Upper bound of ``*`` at ``i`` (``*``, ``*n``, ``*n..m``, ``*..m``), shown text."""
    low = _int(tokens[i + 1]) if i + 1 < len(tokens) else None
    j = i + 1 if low is None else i + 2
    if _is(tokens, j, ".."):
        high = _int(tokens[j + 1]) if j + 1 < len(tokens) else None
        shown = f"[*{'' if low is None else low}..{'' if high is None else high}]"
        return high, shown
    if low is None and i + 1 < len(tokens) and tokens[i + 1].kind == "num":
        return None, f"[*{tokens[i + 1].text}]"
    return low, f"[*{'' if low is None else low}]"


def _relationship_hint(tokens: list[Token], start: int, end: int) -> bool:
    for i in range(start, end):
        if _is(tokens, i, "-") and _is(tokens, i + 1, "[", "-", ">"):
            return True
        if _is(tokens, i, "<") and _is(tokens, i + 1, "-"):
            return True
    return False


def _check_paths(tokens: list[Token], max_length: int) -> None:
    for i, tok in enumerate(tokens):
        if tok.kind != "op":
            continue
        if tok.text == "[" and _is(tokens, i - 1, "-"):
            end = _closing(tokens, i)
            depth = 0
            for j in range(i + 1, end):
                if _is(tokens, j, "(", "[", "{"):
                    depth += 1
                elif _is(tokens, j, ")", "]", "}"):
                    depth -= 1
                elif depth == 0 and _is(tokens, j, "*"):
                    high, shown = _star_bound(tokens, j)
                    if high is None or high > max_length:
                        raise _too_long(shown, max_length)
        elif tok.text == "{":
            end = _closing(tokens, i)
            body = tokens[i + 1:end]
            if body and all(t.kind == "num" or t.text == "," for t in body):
                numbers = [t for t in body if t.kind == "num"]
                high = None
                if "," not in [t.text for t in body]:
                    high = _int(numbers[0]) if len(numbers) == 1 else None
                elif body[-1].text != ",":
                    high = _int(body[-1])
                shown = "{" + "".join(t.text for t in body) + "}"
                if high is None or high > max_length or len(numbers) > 2:
                    raise _too_long(shown, max_length)
        elif tok.text in "+*":
            prev = i - 1
            if _is(tokens, prev, ")"):
                opening = _opening(tokens, prev)
                if _relationship_hint(tokens, opening, prev):
                    raise _too_long(f"a quantified path ending in {tok.text}", max_length)
            elif (_is(tokens, prev, ">") and _is(tokens, prev - 1, "-")) or (
                    _is(tokens, prev, "-") and _is(tokens, prev - 1, "]", "-")):
                raise _too_long(f"a quantified relationship ending in {tok.text}", max_length)


def _opening(tokens: list[Token], close: int) -> int:
    depth = 0
    for i in range(close, -1, -1):
        if _is(tokens, i, ")", "]", "}"):
            depth += 1
        elif _is(tokens, i, "(", "[", "{"):
            depth -= 1
            if depth == 0:
                return i
    return 0


def _dotted_name(tokens: list[Token], i: int) -> tuple[str, int]:
    """The dotted name starting at ``i`` and the index after it."""
    parts = [tokens[i].text]
    j = i + 1
    while _is(tokens, j, ".") and j + 1 < len(tokens) and tokens[j + 1].kind == "name":
        parts.append(tokens[j + 1].text)
        j += 2
    return ".".join(parts), j


def _check_calls(tokens: list[Token]) -> None:
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind != "name" or _is(tokens, i - 1, "."):
            i += 1
            continue
        if tok.text == "load" and i + 1 < len(tokens) and tokens[i + 1].text == "csv":
            raise GuardRefused("LOAD CSV is not allowed in the console")
        if tok.text == "call" and i + 1 < len(tokens) and tokens[i + 1].kind == "name":
            name, after = _dotted_name(tokens, i + 1)
            if name in NOT_OFFERED:
                raise GuardRefused(f"the procedure {name} is not offered by the console (the "
                                   f"local graph server does not have it): {NOT_OFFERED[name]}")
            if name not in PROCEDURES:
                raise GuardRefused(f"the procedure {name} is not allowed in the console "
                                   "(only read-only schema and full-text procedures are)")
            i = after
            continue
        name, after = _dotted_name(tokens, i)
        if _is(tokens, after, "("):
            namespace = name.rsplit(".", 1)[0] if "." in name else ""
            allowed = name in FUNCTIONS if not namespace else namespace in FUNCTION_NAMESPACES
            if not allowed and name not in _KEYWORDS:
                raise GuardRefused(f"the function {name}() is not allowed in the console")
        i = after


# Clause words that may be followed by "(" without being function calls.
_KEYWORDS = frozenset("""match optional where return with and or xor not in is as on
create merge delete set remove unwind order by skip limit union all distinct case when then
else end exists count collect shortestpath allshortestpaths call yield filter extract any
none single contains starts ends null true false explain profile shortest paths path
group groups repeatable different elements every nodes relationships foreach use""".split())


def _constant(tokens: list[Token], params: dict[str, Any]) -> int | None:
    """Evaluate ``tokens`` if they are integers and parameters joined by + - * /."""
    text = []
    for t in tokens:
        if t.kind == "num" and _int(t) is not None:
            text.append(str(_int(t)))
        elif t.kind == "param":
            value = params.get(t.text[1:].strip("`"))
            if not isinstance(value, int) or isinstance(value, bool):
                return None
            text.append(str(value))
        elif t.kind == "op" and t.text in "+-*/()":
            text.append("//" if t.text == "/" else t.text)
        else:
            return None
    expr = " ".join(text)
    if not expr or len(expr) > 200 or "* *" in expr:
        return None
    try:
        value = eval(expr, {"__builtins__": {}}, {})  # noqa: S307 - digits and + - * / ( ) only
    except (ArithmeticError, SyntaxError, ValueError):
        return None
    return value if isinstance(value, int) else None


def _check_ranges(tokens: list[Token], params: dict[str, Any]) -> None:
    total = 1
    unread = 0
    for i, tok in enumerate(tokens):
        if tok.kind != "name" or tok.text != "range" or not _is(tokens, i + 1, "("):
            continue
        end = _closing(tokens, i + 1)
        args: list[list[Token]] = [[]]
        depth = 0
        for t in tokens[i + 2:end]:
            if t.kind == "op" and t.text in "([{":
                depth += 1
            elif t.kind == "op" and t.text in ")]}":
                depth -= 1
            if depth == 0 and t.kind == "op" and t.text == ",":
                args.append([])
            else:
                args[-1].append(t)
        values = [_constant(arg, params) for arg in args]
        for arg, value in zip(args, values, strict=False):
            if value is None and arg and all(t.kind != "name" for t in arg):
                raise GuardRefused("range() bounds must be whole numbers the console can check, "
                                   "got " + " ".join(t.text for t in arg)[:80])
        if len(values) < 2 or values[0] is None or values[1] is None:
            # a bound read from the graph or a variable: as long as the
            # console allows one list to be, so two such ranges nested (or
            # one under reduce) are refused, not left to a kill
            total *= MAX_LIST_ITEMS if len(values) >= 2 else 1
            unread += len(values) >= 2
            continue
        step = values[2] if len(values) > 2 and values[2] is not None else 1
        if step == 0:
            continue
        total *= max(0, (values[1] - values[0]) // step + 1)
    has_reduce = any(t.kind == "name" and t.text == "reduce" for t in tokens)
    limit = MAX_REDUCE_ITEMS if has_reduce else MAX_LIST_ITEMS
    if total > limit:
        shown = f"up to {total:,}" if unread else f"{total:,}"
        why = (f" (a bound it cannot read counts as {MAX_LIST_ITEMS:,})" if unread else "")
        raise GuardRefused(f"the query builds lists of {shown} items from range(); the console "
                           f"allows {limit:,}{' under reduce()' if has_reduce else ''}{why}")


ADMIN_WORDS = frozenset("""terminate alter grant deny revoke start stop enable deallocate
reallocate rename dryrun""".split())
ADMIN_OBJECTS = frozenset("database databases user users role roles alias composite server "
                          "or".split())  # CREATE/DROP ... (OR REPLACE) DATABASE, USER, ...
SHOW_ALLOWED = frozenset("""index indexes constraint constraints procedure procedures function
functions all range text point fulltext lookup vector unique key exist exists existence node
relationship rel property builtin built""".split())


def _check_commands(tokens: list[Token]) -> None:
    """Refuse administration commands, ``USE`` and the ``SHOW`` commands that
    read other clients' work or the server's configuration."""
    for i, tok in enumerate(tokens):
        if tok.kind != "name" or _is(tokens, i - 1, "."):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        nxt = following.text if following is not None and following.kind == "name" else ""
        word = tok.text
        if word == "use" and following is not None and following.kind in ("name", "quoted"):
            raise GuardRefused("USE is not allowed in the console: it reads the configured "
                               "database only")
        starts = i == 0 or _is(tokens, i - 1, ";") or tokens[i - 1].text in ("explain",
                                                                             "profile")
        if starts and word in ADMIN_WORDS:
            raise GuardRefused(f"{word.upper()} commands are not allowed in the console")
        if starts and word in ("create", "drop") and nxt in ADMIN_OBJECTS:
            raise GuardRefused("administration commands are not allowed in the console")
        defined = (nxt == "user" and i + 2 < len(tokens)  # SHOW USER DEFINED FUNCTIONS
                   and tokens[i + 2].text == "defined")
        if word == "show" and nxt and nxt not in SHOW_ALLOWED and not defined:
            raise GuardRefused(f"SHOW {nxt.upper()} is not allowed in the console (only "
                               "SHOW INDEXES, CONSTRAINTS, PROCEDURES and FUNCTIONS are)")


def check_query(text: str, params: dict[str, Any] | None = None,
                max_length: int = DEFAULT_MAX_PATH_LENGTH) -> None:
    """Raise :class:`GuardRefused` for what the console cannot bound.

    >>> check_query("MATCH (a)-[:CITES*1..2]->(b) RETURN b")
    >>> try:
    ...     check_query("MATCH p = (a)-[:CITES*]->(b) RETURN p")
    ... except PathTooLong as exc:
    ...     print(str(exc).split("(")[0].strip())
    variable-length patterns need an upper bound of at most 3 hops
    """
    tokens = tokenize(text)
    _check_paths(tokens, max_length)
    _check_calls(tokens)
    _check_commands(tokens)
    _check_ranges(tokens, params or {})


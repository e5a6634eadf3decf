"""Named SPARQL queries (`queries/NAME.rq`), safe parameters, and result formatting.

Each `.rq` file opens with a comment header:

    # name: who-blamed-whom
    # description: One line saying what the query answers.
    # param: blamer: label (substring, any case) or IRI of the blamer

A parameter reaches the query only as an RDF term, through the extension function
`ngf:param('blamer')`, which the query BINDs at the top of its WHERE clause; user input is
never pasted into query text. A value that is an absolute IRI (or `<IRI>`) is bound as an
IRI, anything else as a plain string literal.

The queries of `queries/` are read once per process into one catalogue (`catalogue`), which
the commands, the export, the briefing, the scorer and the server all look names up in; every
query, named or not, runs through `run`.

A named query gives the same rows, cell for cell, on the embedded store, the Oxigraph server
and Virtuoso (tests/test_virtuoso.py holds every one to that), which asks more than SPARQL 1.1:
- an aggregate meets only bound values: Oxigraph makes MIN, MAX and GROUP_CONCAT unbound when
  one input is, Virtuoso skips it; a value that some rows lack is aggregated in a sub-select
  over the rows that have it;
- a pick is MIN or MAX, never SAMPLE, and over STR() for IRIs and long strings, which Virtuoso
  compares by its internal ids;
- GROUP_CONCAT reads a sub-select ordered by the values it joins, so the parts come in
  code-point order (Oxigraph joins in the order it reads, Virtuoso's DISTINCT sorts); its
  separator is ASCII (Virtuoso garbles others: REPLACE puts " … " in afterwards);
- Virtuoso 7.2 drops rows where a BIND precedes an OPTIONAL, joins only the first of several
  OPTIONAL sub-selects onto a plain pattern (make the pattern a sub-select), and may take
  BOUND() of an OPTIONAL's variable for true after a FILTER on it (test COALESCE(?v, "")).
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from .resources import queries_dir
from .store import GraphStore
from .vocab import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"^#\s*(name|description|param)\s*:\s*(.*?)\s*$")
_IRI = re.compile(r"^<?([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+)>?$")
_ABSOLUTE_IRI_SCHEMES = ("http", "https", "urn", "file", "mailto", "tag")


class QueryError(Exception):
    """An unknown query or parameter, or SPARQL that does not parse or cannot be evaluated."""


# Errors Oxigraph raises while it evaluates a query that parsed: a failed SERVICE call
# (RuntimeError, OSError), a term it cannot make (ValueError).
_EVALUATION_ERRORS = (OSError, RuntimeError, ValueError)


@dataclass(frozen=True)
class Param:
    name: str
    description: str

    @property
    def required(self) -> bool:
        """A header description ending in 'required' makes the parameter mandatory."""
        return self.description.rstrip(". ").endswith("required")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    @classmethod
    def parse(cls, text: str, fallback_name: str) -> NamedQuery:
        name, description, params = fallback_name, "", []
        for line in text.splitlines():
            match = _HEADER.match(line)
            if not match:
                if line.strip() and not line.lstrip().startswith("#"):
                    break
                continue
            field, value = match.groups()
            if field == "name":
                name = value
            elif field == "description":
                description = value
            else:
                pname, _, pdesc = value.partition(":")
                params.append(Param(pname.strip(), pdesc.strip()))
        return cls(name=name, description=description, params=tuple(params), text=text)

    @classmethod
    def from_file(cls, path: Path) -> NamedQuery:
        return cls.parse(path.read_text(encoding="utf-8"), path.stem)

    def columns(self) -> list[str]:
        """The SELECT's columns, read from the text without running it (Oxigraph would evaluate
        a grouped query in full just to name them)."""
        from rdflib.plugins.sparql import prepareQuery

        return [str(v) for v in prepareQuery(self.text).algebra["PV"]]


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """The queries of a folder's .rq files, read now; `catalogue` is the package's own, read once."""
    folder = folder or queries_dir()
    queries = (NamedQuery.from_file(path) for path in sorted(folder.glob("*.rq")))
    return {query.name: query for query in queries}


@cache
def catalogue() -> Mapping[str, NamedQuery]:
    """The named queries that ship with the package, by name, read once per process: they do not
    change while it runs. Read-only, since every caller shares it."""
    return MappingProxyType(named_queries())


def get_query(name: str) -> NamedQuery:
    queries = catalogue()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; 'newsgraph queries' lists them: {', '.join(queries)}")
    return queries[name]


def parse_params(pairs: Iterable[str]) -> dict[str, str]:
    """KEY=VALUE strings from the command line."""
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"parameter {pair!r} is not KEY=VALUE")
        params[key.strip()] = value
    return params


def as_term(value: str) -> Node:
    """An absolute IRI (optionally in <>) becomes an IRI; anything else a string literal.

    A value that only looks like an IRI (`https://exa%zzmple`, `http://[x`) is a string: it
    could match no IRI in the store anyway, and Oxigraph would refuse to make it an IRI."""
    match = _IRI.match(value.strip())
    if match and match.group(1).split(":", 1)[0].lower() in _ABSOLUTE_IRI_SCHEMES:
        try:
            ox.NamedNode(match.group(1))
        except ValueError:
            return Literal(value)
        return URIRef(match.group(1))
    return Literal(value)


def bind(query: NamedQuery | None, values: Mapping[str, str]) -> dict[str, Node]:
    """Check the parameters against a named query's header (ad-hoc SPARQL takes any) as RDF terms."""
    known = {p.name for p in query.params} if query else set(values)
    unknown = sorted(set(values) - known)
    if query and unknown:
        accepted = ", ".join(sorted(known)) or "none"
        raise QueryError(f"query {query.name!r} takes no parameter {', '.join(unknown)} (it takes: {accepted})")
    missing = [p.name for p in query.params if p.required and p.name not in values] if query else []
    if missing:
        raise QueryError(f"query {query.name!r} needs --param {missing[0]}=VALUE")
    for name, value in values.items():
        # A command line that is not UTF-8 reaches Python as lone surrogates, which no RDF term holds.
        if not _is_utf8(value):
            raise QueryError(f"parameter {name!r} is not valid UTF-8 text")
    return {name: as_term(value) for name, value in values.items()}


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_query_file(path: Path) -> str:
    """The text of a .rq file, or a QueryError that says why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QueryError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise QueryError(f"{path}: cannot read the query: {error.strerror or error}") from None


def run(store: GraphStore, text: str, params: Mapping[str, Node] | None = None) -> ox.QuerySolutions:
    """Run SPARQL (SELECT, CONSTRUCT, DESCRIBE or ASK) over the store, its parameters bound as
    `bind` made them; QueryError for text that is not UTF-8, does not parse or fails."""
    if not _is_utf8(text):
        raise QueryError("the query is not valid UTF-8 text")
    try:
        return store.query(text, params)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None
    except _EVALUATION_ERRORS as error:
        raise QueryError(f"SPARQL evaluation error: {error}") from None


def query_results(
    store: GraphStore, query: NamedQuery | str, params: Mapping[str, str] | None = None
) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
    """A named query of the catalogue (`get_query`) or SPARQL text, run over an open store with
    its parameters as RDF terms (never pasted into the text): what `newsgraph query` prints."""
    named = query if isinstance(query, NamedQuery) else None
    return run(store, named.text if named else query, bind(named, params or {}))


def run_named(store: GraphStore, name: str, params: Mapping[str, Node] | None = None) -> ox.QuerySolutions:
    """A query of the catalogue, run."""
    return run(store, get_query(name).text, params)


def serialized(
    results: ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean, fmt: ox.QueryResultsFormat | ox.RdfFormat
) -> bytes:
    """A result in one of Oxigraph's result or RDF formats; Oxigraph evaluates as it serializes,
    so an evaluation error is a QueryError here as in `run`."""
    try:
        return results.serialize(format=fmt)
    except _EVALUATION_ERRORS as error:
        raise QueryError(f"SPARQL evaluation error: {error}") from None


def evaluated(items: Iterable) -> Iterator:
    """Oxigraph evaluates lazily: errors can come with any row, so they are caught there too."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except _EVALUATION_ERRORS as error:
            raise QueryError(f"SPARQL evaluation error: {error}") from None
        yield item


# Keywords that make Oxigraph send requests out: SERVICE (a query to another endpoint, for
# SELECT, CONSTRUCT, ASK and updates' WHERE clauses alike) and LOAD (an update that fetches
# a document). pyoxigraph 0.5 executes both over HTTP and has no switch to turn them off.
OUTBOUND_KEYWORDS = ("SERVICE", "LOAD")
_PARSE_TREE_NAMES = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
# rdflib's parser (pyparsing) keeps state between calls.
_PARSER_LOCK = threading.Lock()
_IRIREF = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
# rdflib decodes \u escapes anywhere before it parses, as SPARQL 1.1 says; Oxigraph decodes
# them only inside strings and IRIs, where "\u0022" is one quote mark. Left in, such an escape
# makes rdflib end a string where Oxigraph does not, and a SERVICE between two of them is
# invisible to rdflib. Each escape (and each escaped backslash) becomes one plain character.
_ESCAPES = re.compile(r"\\\\|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")


def outbound_operations(sparql: str, update: bool = False) -> set[str]:
    r"""Which of SERVICE and LOAD a query (or an update) may perform.

    Two independent readings, and either is enough to name a keyword: rdflib's parse tree,
    and a scan of the text for the keywords outside strings, IRIs and comments, as SPARQL's
    grammar delimits them. A query rdflib cannot parse is judged by the scan alone. A
    keyword inside a string or a comment cannot hide from the parse tree, and one that only
    rdflib reads differently from Oxigraph (escapes, line ends, prefixed names with `\#`)
    cannot hide from the scan."""
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    found = _scan_keywords(sparql)
    tree = None
    with _PARSER_LOCK:
        try:
            tree = (parseUpdate if update else parseQuery)(_ESCAPES.sub("_", sparql))
        except Exception:  # any failure (syntax, recursion depth) leaves the scan to judge
            tree = None
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name in _PARSE_TREE_NAMES:
                found.add(_PARSE_TREE_NAMES[node.name])
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return found if update else found - {"LOAD"}


def _scan_keywords(sparql: str) -> set[str]:
    """SERVICE and LOAD as words of the query's code: strings, IRIs and comments skipped."""
    code, i, n = [], 0, len(sparql)
    while i < n:
        char = sparql[i]
        if char == "#":
            end = min((j for j in (sparql.find("\n", i), sparql.find("\r", i)) if j >= 0), default=n)
            code.append(" ")
            i = end
        elif char in "\"'":
            quote = char * 3 if sparql.startswith(char * 3, i) else char
            j = i + len(quote)
            while j < n and not sparql.startswith(quote, j):
                j += 2 if sparql[j] == "\\" else 1
            code.append(" ")
            i = j + len(quote)
        elif char == "<" and (iri := _IRIREF.match(sparql, i)):
            code.append(" ")
            i = iri.end()
        elif char == "\\":
            # An escape in a prefixed name (ex:a\#b): the next character is part of the name.
            code.append("_")
            i += 2
        else:
            code.append(char)
            i += 1
    text = "".join(code).upper()
    found = set()
    for keyword in OUTBOUND_KEYWORDS:
        for match in re.finditer(keyword, text):
            # Oxigraph needs no space around a keyword ("1SERVICE", "SERVICESILENT" parse), so
            # only a word that ends a variable, prefixed name, blank node or language tag
            # (?service, ex:reload, _:b1service, @enload) is not one.
            start = match.start()
            while start and (text[start - 1].isalnum() or text[start - 1] in "_-."):
                start -= 1
            if not (start and text[start - 1] in "?$:@"):
                found.add(keyword)
    return found


@dataclass(frozen=True)
class Table:
    """A SELECT result held in memory: column names and rows of RDF terms (None if unbound)."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> Table:
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT queries give a table; use --output for CONSTRUCT results")
        columns = [v.value for v in solutions.variables]
        return cls(columns, [[solution[c] for c in columns] for solution in evaluated(solutions)])

    def values(self) -> list[list[str]]:
        return [[_lexical(term) for term in row] for row in self.rows]

    def select(self, columns: list[str] | None = None, limit: int | None = None) -> Table:
        """The named columns only (in that order) and the first `limit` rows."""
        unknown = [c for c in columns or [] if c not in self.columns]
        if unknown:
            raise QueryError(f"no column {unknown[0]!r}; the columns are {', '.join(self.columns)}")
        keep = [self.columns.index(c) for c in columns] if columns else list(range(len(self.columns)))
        rows = self.rows[:limit] if limit is not None else self.rows
        return Table([self.columns[i] for i in keep], [[row[i] for i in keep] for row in rows])

    def for_people(self) -> Table:
        """What a person reads first: label columns before the rest, no column of IRIs only,
        no column empty in every row."""
        def useful(i: int) -> bool:
            cells = [row[i] for row in self.rows if row[i] is not None and _lexical(row[i])]
            return bool(cells) and not all(isinstance(c, ox.NamedNode | ox.BlankNode) for c in cells)

        kept = [i for i in range(len(self.columns)) if useful(i)] or list(range(len(self.columns)))
        order = sorted(kept, key=lambda i: (not self.columns[i].lower().endswith("label"), kept.index(i)))
        return Table([self.columns[i] for i in order], [[row[i] for i in order] for row in self.rows])


def lexical_rows(solutions: ox.QuerySolutions) -> Iterator[dict[str, str]]:
    """A SELECT result one row at a time, each value in its lexical form ('' if unbound): for
    results too large to hold."""
    columns = [v.value for v in solutions.variables]
    for solution in evaluated(solutions):
        yield {c: _lexical(solution[c]) for c in columns}


def format_graph(triples: ox.QueryTriples, fmt: str) -> str:
    """A CONSTRUCT result: Turtle for reading, JSON-LD for json, one triple a row for csv/tsv."""
    triples = list(evaluated(triples))
    if fmt in ("csv", "tsv"):
        rows = [[t.subject, t.predicate, t.object] for t in triples]
        return format_table(Table(["subject", "predicate", "object"], rows), fmt)
    rdf_format = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
    # Oxigraph declares every prefix it is given: only the two a reader of our results meets.
    prefixes = {name: PREFIXES[name] for name in ("ng", "rdfs")}
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes).decode("utf-8")


def _lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def format_table(table: Table, fmt: str, width: int | None = None) -> str:
    """json and csv/tsv for machines, with every column; the table for people, fitted to
    `width` characters (long cells wrap onto more lines)."""
    if fmt == "json":
        return json.dumps(_sparql_json(table), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.values())
        return out.getvalue()
    return _aligned(table, width)


# Longest a cell's line gets when the terminal's width is unknown; a column never gets narrower.
_CELL_WIDTH, _MIN_COLUMN = 60, 8


def _aligned(table: Table, width: int | None = None) -> str:
    cells = [[" ".join(cell.split()) for cell in row] for row in table.values()]
    widths = [min(_CELL_WIDTH, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(table.columns)]
    if width:
        # Narrow the widest column, one character at a time, until the row fits the terminal.
        while sum(widths) + 2 * (len(widths) - 1) > width and max(widths) > _MIN_COLUMN:
            widths[widths.index(max(widths))] -= 1

    def lines(row: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(cell, w, break_long_words=True) or [""] for cell, w in zip(row, widths, strict=True)]
        return [
            "  ".join((parts[n] if n < len(parts) else "").ljust(w) for parts, w in zip(wrapped, widths, strict=True))
            .rstrip()
            for n in range(max(len(parts) for parts in wrapped))
        ]

    out = [*lines(table.columns), "  ".join("-" * w for w in widths)]
    for row in cells:
        out += lines(row)
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _sparql_json(table: Table) -> dict:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in table.rows:
        binding = {}
        for column, term in zip(table.columns, row, strict=True):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                binding[column] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                binding[column] = {"type": "bnode", "value": term.value}
            else:
                value = {"type": "literal", "value": term.value}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    value["datatype"] = term.datatype.value
                binding[column] = value
        bindings.append(binding)
    return {"head": {"vars": table.columns}, "results": {"bindings": bindings}}

"""Named SPARQL queries (`queries/NAME.rq`), safe parameters, and result formatting.

Each `.rq` file opens with a comment header:

    # name: who-blamed-whom
    # description: One line saying what the query answers.
    # param: blamer: label (substring, any case) or IRI of the blamer

A parameter reaches the query only as an RDF term, through the extension function
`ngf:param('blamer')`, which the query BINDs at the top of its WHERE clause; user input is
never pasted into query text. A value that is an absolute IRI (or `<IRI>`) is bound as an
IRI, anything else as a plain string literal.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from .resources import queries_dir
from .store import GraphStore

FORMATS = ("table", "csv", "tsv", "json")
_HEADER = re.compile(r"^#\s*(name|description|param)\s*:\s*(.*?)\s*$")
_IRI = re.compile(r"^<?([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]+)>?$")
_ABSOLUTE_IRI_SCHEMES = ("http", "https", "urn", "file", "mailto", "tag")


class QueryError(Exception):
    """An unknown query or parameter, or SPARQL that does not parse."""


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
    folder = folder or queries_dir()
    queries = (NamedQuery.from_file(path) for path in sorted(folder.glob("*.rq")))
    return {query.name: query for query in queries}


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
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
    """An absolute IRI (optionally in <>) becomes an IRI; anything else a string literal."""
    match = _IRI.match(value.strip())
    if match and match.group(1).split(":", 1)[0].lower() in _ABSOLUTE_IRI_SCHEMES:
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
    return {name: as_term(value) for name, value in values.items()}


def run(store: GraphStore, text: str, params: Mapping[str, Node] | None = None) -> ox.QuerySolutions:
    try:
        return store.query(text, params)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from None


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
        return cls(columns, [[solution[c] for c in columns] for solution in solutions])

    def values(self) -> list[list[str]]:
        return [[_lexical(term) for term in row] for row in self.rows]


def lexical_rows(solutions: ox.QuerySolutions) -> Iterator[dict[str, str]]:
    """A SELECT result one row at a time, each value in its lexical form ('' if unbound): for
    results too large to hold."""
    columns = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {c: _lexical(solution[c]) for c in columns}


def format_graph(triples: ox.QueryTriples, fmt: str) -> str:
    """A CONSTRUCT result: Turtle for reading, JSON-LD for json, one triple a row for csv/tsv."""
    triples = list(triples)
    if fmt in ("csv", "tsv"):
        rows = [[t.subject, t.predicate, t.object] for t in triples]
        return format_table(Table(["subject", "predicate", "object"], rows), fmt)
    rdf_format = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
    prefixes = {"ng": "https://w3id.org/newsgraph/ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes).decode("utf-8")


def _lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def format_table(table: Table, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_sparql_json(table), ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.values())
        return out.getvalue()
    return _aligned(table)


def _aligned(table: Table, max_width: int = 60) -> str:
    rows = [[_clip(cell, max_width) for cell in row] for row in table.values()]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(table.columns)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(table.columns), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


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

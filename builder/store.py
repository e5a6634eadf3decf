"""The embedded, persistent store: pyoxigraph on disk, one named graph per document.

Every document is written in one transaction, so the store is never half-written: a new
version of an article (same key, new text) replaces the old graph in the same transaction.
Named queries see the union of all document graphs as their default graph.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .vocab import NG, NGF
from .vocab import PREFIXES as QUERY_PREFIXES

DEFAULT_STORE = "newsgraph-store"
# How long the command line waits for another process to release a store (`--wait`).
DEFAULT_WAIT = 60.0
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
PROV_REVISION = "http://www.w3.org/ns/prov#wasRevisionOf"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

RDF_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_DATASET_FORMATS = {"trig", "nq", "jsonld"}


# The document's entity and event nodes that no resolution has seen yet stand for themselves.
# (An entity's class goes with it, as resolution writes it; an event's stays in its document.)
_PROVISIONAL = """INSERT {{ GRAPH {identity} {{
  ?node ng:canonical ?node ; skos:prefLabel ?label ; a ?entityClass ; rdfs:label ?entityLabel }} }}
WHERE {{
  {{ SELECT ?node (MIN(?name) AS ?label) (SAMPLE(?class) AS ?nodeClass) WHERE {{
      VALUES ?class {{ ng:Person ng:Organization ng:Group ng:Place ng:Event }}
      GRAPH {doc} {{ ?node a ?class ; rdfs:label ?name }}
      FILTER NOT EXISTS {{ GRAPH {identity} {{ ?node ng:canonical ?known }} }}
  }} GROUP BY ?node }}
  BIND (IF(?nodeClass = ng:Event, ?none, ?nodeClass) AS ?entityClass)
  BIND (IF(?nodeClass = ng:Event, ?none, ?label) AS ?entityLabel)
}}"""


class StoreError(Exception):
    """The store cannot be opened or written (locked by another process, unreadable)."""


class Outcome(StrEnum):
    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store RDF term {term!r}")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        # RDF 1.1 makes "x" and "x"^^xsd:string one term; rdflib only matches the plain form.
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# `BIND (ngf:param("name") AS ?var)`, the form every named query binds its parameters with.
_PARAM_BIND = re.compile(r"""BIND\s*\(\s*ngf:param\(\s*(["'])(\w+)\1\s*\)\s+AS\s+\?(\w+)\s*\)""", re.IGNORECASE)


def inline_params(sparql: str, values: Mapping[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> str:
    """The query with each parameter binding as `VALUES ?var { TERM }` (UNDEF when not given).
    A term reaches the text only as Oxigraph serializes it (an IRI in <>, a literal quoted and
    escaped), so no value can change what the query means."""

    def block(match: re.Match) -> str:
        term = values.get(match.group(2))
        if isinstance(term, ox.BlankNode):
            term = None  # a blank node in a query is a variable, never the node it names
        return f"VALUES ?{match.group(3)} {{ {term if term is not None else 'UNDEF'} }}"

    return _PARAM_BIND.sub(block, sparql)


def _ntriples(graph: Graph) -> str:
    """A graph as N-Triples text written by Oxigraph's own serializer from RDF terms: the only
    form in which data reaches an update request, so no input text is ever spliced into one."""
    triples = {ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in graph}
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


class GraphStore:
    """A pyoxigraph store, on disk at `path` or in memory when `path` is None."""

    def __init__(
        self,
        path: str | Path | None = DEFAULT_STORE,
        must_exist: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        """`wait`: seconds to wait for another process that holds the store; `on_wait` is told
        once, when the waiting starts."""
        self.path = Path(path) if path is not None else None
        if self.path is not None and must_exist and not self.path.is_dir():
            raise StoreError(f"{self.path}: no store here (build one with 'newsgraph build')")
        # Always opened read-write: Oxigraph's read-only mode is undefined while a writer is
        # alive, and RocksDB's lock already keeps a second process from opening the store.
        self._store = ox.Store() if self.path is None else self._open(self.path, wait, on_wait)

    @staticmethod
    def _open(path: Path, wait: float, on_wait: Callable[[str], None] | None) -> ox.Store:
        deadline = time.monotonic() + max(wait, 0.0)
        pause = 0.05
        while True:
            try:
                return ox.Store(str(path))
            except OSError as error:
                reason = str(error)
                if "lock hold by current process" in reason:
                    raise StoreError(f"store {path} is already open in this process") from None
                # RocksDB's LOCK is an fcntl lock: it goes away the moment its holder exits, even
                # by kill -9, so waiting for it is safe and never needs a stale lock removed.
                if "LOCK" not in reason or "temporarily unavailable" not in reason:
                    raise StoreError(f"{path}: cannot open the store: {error}") from None
            if time.monotonic() >= deadline:
                waited = f" after waiting {wait:g} s" if wait > 0 else ""
                raise StoreError(
                    f"store {path} is in use by another process{waited}; try again when it is done, "
                    "or give more --wait SECONDS"
                )
            if on_wait is not None:
                on_wait(f"store {path} is in use by another process; waiting up to {wait:g} s…")
                on_wait = None
            time.sleep(min(pause, max(deadline - time.monotonic(), 0.0)))
            pause = min(pause * 2, 0.5)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store's lock now, not whenever the garbage collector runs."""
        if hasattr(self, "_store"):
            self.flush()
            del self._store

    def put_document(
        self, doc: URIRef, graph: Graph, key: str, identity: URIRef | None = None, revisions: URIRef | None = None
    ) -> Outcome:
        """Write one document's graph in one transaction.

        A new text under the same key replaces the current version: with `revisions` (the
        revisions graph's name) the old version is kept, and the revisions graph says which
        version revised which (`prov:wasRevisionOf`); without, the old version is dropped.
        With `identity` (the identity graph's name), each entity and event node of the document
        that the identity graph does not know yet is its own canonical node until the next
        resolution: queries see every committed document at once."""
        name = ox.NamedNode(str(doc))
        triples = {ox.Triple(*(to_oxigraph(t) for t in triple)) for triple in graph}
        existed = self._store.contains_named_graph(name)
        earlier = self._current_versions(key, name)
        if existed and not earlier:
            current = {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}
            if current == triples:
                return Outcome.UNCHANGED
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        # Oxigraph runs one update request as one transaction, and its Python API has no
        # other way to drop and insert atomically. Every term in this text was written by
        # Oxigraph's own serializer from RDF terms, never spliced from input text.
        steps = [f"DROP SILENT GRAPH {name}"]
        if revisions is None:
            steps += [f"DROP SILENT GRAPH {g}" for g in earlier]
        else:
            log = ox.NamedNode(str(revisions))
            links = "".join(f"{name} <{PROV_REVISION}> {g} .\n" for g in earlier)
            # A text that comes back (v1, v2, v1 again) is current again: v2 no longer revises it.
            steps += [f"DELETE DATA {{ GRAPH {log} {{ {g} <{PROV_REVISION}> {name} }} }}" for g in earlier]
            steps += [f"INSERT DATA {{ GRAPH {log} {{\n{links}}} }}"] if links else []
        steps.append(f"INSERT DATA {{ GRAPH {name} {{\n{data}}} }}")
        if identity is not None:
            steps.append(_PROVISIONAL.format(doc=name, identity=ox.NamedNode(str(identity))))
        try:
            self._store.update(" ;\n".join(steps), prefixes=QUERY_PREFIXES)
        except OSError as error:
            raise StoreError(f"{self.path}: write failed: {error}") from None
        return Outcome.REPLACED if earlier or existed else Outcome.ADDED

    def _current_versions(self, key: str, name: ox.NamedNode) -> list[ox.NamedNode]:
        """The graphs of the document with this key that no later version revised, but `name`."""
        rows = self.query(
            "SELECT DISTINCT ?g WHERE { BIND (ngf:param('key') AS ?key) GRAPH ?g { ?g ng:key ?key } "
            "FILTER NOT EXISTS { ?later prov:wasRevisionOf ?g } }",
            {"key": Literal(key)},
        )
        return [row["g"] for row in rows if row["g"] != name]

    def remove_documents(
        self, names: list[URIRef], revisions: URIRef | None, identity: tuple[URIRef, Graph] | None
    ) -> None:
        """Drop documents (every version given) and what the revisions graph says of them, and
        write the identity graph resolved without them, in one transaction."""
        steps = [f"DROP SILENT GRAPH {ox.NamedNode(str(n))}" for n in names]
        if revisions is not None:
            log = ox.NamedNode(str(revisions))
            for n in names:
                doc = ox.NamedNode(str(n))
                steps.append(f"DELETE WHERE {{ GRAPH {log} {{ {doc} <{PROV_REVISION}> ?earlier }} }}")
                steps.append(f"DELETE WHERE {{ GRAPH {log} {{ ?later <{PROV_REVISION}> {doc} }} }}")
        if identity is not None:
            target = ox.NamedNode(str(identity[0]))
            steps += [f"DROP SILENT GRAPH {target}", f"INSERT DATA {{ GRAPH {target} {{\n{_ntriples(identity[1])}}} }}"]
        try:
            self._store.update(" ;\n".join(steps))
        except OSError as error:
            raise StoreError(f"{self.path}: write failed: {error}") from None

    def put_graph(self, name: URIRef, graph: Graph, replace: bool = True) -> None:
        """Write a graph that is not a document's (the identity or decisions graph) in one
        transaction: replacing it, or adding to it."""
        target = ox.NamedNode(str(name))
        drop = f"DROP SILENT GRAPH {target} ;\n" if replace else ""
        try:
            self._store.update(f"{drop}INSERT DATA {{ GRAPH {target} {{\n{_ntriples(graph)}}} }}")
        except OSError as error:
            raise StoreError(f"{self.path}: write failed: {error}") from None

    def holds(self, doc: URIRef, input_hash: str) -> bool:
        """Whether the document is stored as built from exactly this input (a look-up of one quad)."""
        name = ox.NamedNode(str(doc))
        found = self._store.quads_for_pattern(name, ox.NamedNode(str(NG.inputHash)), ox.Literal(input_hash), name)
        return next(iter(found), None) is not None

    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> ox.QuerySolutions:
        """Run a SELECT/CONSTRUCT/ASK; `ngf:param('name')` in the query yields params[name].

        The named queries' `BIND (ngf:param("name") AS ?var)` become VALUES blocks of the
        serialized terms (`inline_params`), so they need no custom function and run as they are
        on any SPARQL 1.1 store; a call anywhere else is answered by the function."""
        values = {name: to_oxigraph(term) for name, term in (params or {}).items()}
        sparql = inline_params(sparql, values)

        def param(name: ox.Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
            return values.get(name.value)

        return self._store.query(
            sparql,
            use_default_graph_as_union=True,
            prefixes=QUERY_PREFIXES,
            custom_functions={ox.NamedNode(str(NGF.param)): param},
        )

    def update(self, sparql: str) -> None:
        """A SPARQL update as given, in one transaction: for `serve --allow-update` only, since it
        bypasses the per-document SHACL gate of `build`."""
        self._store.update(sparql, prefixes=QUERY_PREFIXES)

    def document_graphs(self) -> Iterator[ox.NamedNode]:
        """The graphs of documents: named by the article they hold (the identity and decisions
        graphs are not)."""
        article = ox.NamedNode(str(NG.NewsArticle))
        for graph in self._store.named_graphs():
            found = isinstance(graph, ox.NamedNode) and self._store.quads_for_pattern(graph, _RDF_TYPE, article, graph)
            if found and next(iter(found), None) is not None:
                yield graph

    def graphs(self) -> Iterator[ox.NamedNode]:
        """Every named graph: the documents', the identity graph and the analyst's decisions."""
        return (g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, name: ox.NamedNode) -> Graph:
        """One named graph as an rdflib Graph (for validation and export)."""
        graph = Graph()
        for quad in self._store.quads_for_pattern(None, None, None, name):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    def quads(self) -> Iterator[ox.Quad]:
        return self._store.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, output: str | Path, fmt: str) -> None:
        """Write the whole store: datasets keep one graph per document, Turtle merges them."""
        if fmt in _DATASET_FORMATS:
            self._store.dump(str(output), RDF_FORMATS[fmt])
            return
        triples = {q.triple for q in self.quads()}
        ox.serialize(triples, str(output), RDF_FORMATS[fmt], prefixes={"ng": str(NG)})

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

"""The embedded, persistent store: pyoxigraph on disk, one named graph per document.

Every document is written in one transaction, so the store is never half-written: a new
version of an article (same key, new text) replaces the old graph in the same transaction.
Named queries see the union of all document graphs as their default graph.

Many readers, one writer. RocksDB lets one process open the store read-write, and a read-only
handle beside a live writer is undefined, so readers never open the writer's files: the writer
publishes snapshots (RocksDB checkpoints: hard links, a few ms) under `.newsgraph/snapshots/`
in the store folder, at open, with a write at most every `PUBLISH_EVERY` seconds and at close,
and readers open the newest one read-only. A reader holds a shared lock on its snapshot,
so the writer deletes only snapshots no reader holds; no process ever waits for another to read.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
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
DATASET_FORMATS = {"trig", "nq", "jsonld"}
# Where readers find the writer's snapshots (RocksDB ignores names it did not write).
SNAPSHOTS = Path(".newsgraph") / "snapshots"
# How stale a reader's view of a store being built may be, at most.
PUBLISH_EVERY = 1.0


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


def oxigraph_triples(graph: Graph) -> set[ox.Triple]:
    """A graph's triples in Oxigraph's terms, as a store writes them."""
    # A document's ~1,000 triples name ~500 terms (its IRI and each predicate again and again):
    # each is converted once.
    terms: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        converted = terms.get(node)
        if converted is None:
            converted = terms[node] = to_oxigraph(node)
        return converted

    return {ox.Triple(term(s), term(p), term(o)) for s, p, o in graph}


def ntriples(triples: set[ox.Triple]) -> str:
    """Triples as N-Triples text written by Oxigraph's own serializer from RDF terms: the only
    form in which data reaches an update request, so no input text is ever spliced into one."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


class _Snapshot:
    """One published snapshot, open read-only, with the shared lock that keeps the writer from
    deleting it while it is read."""

    def __init__(self, name: str, store: ox.Store, lock: int) -> None:
        self.name, self.store, self._lock = name, store, lock

    @staticmethod
    def names(path: Path) -> list[str]:
        """The published snapshots, oldest first (names are zero-padded nanosecond stamps)."""
        try:
            return sorted(e.name for e in os.scandir(path / SNAPSHOTS) if e.is_dir() and not e.name.startswith("tmp-"))
        except FileNotFoundError:
            return []

    @classmethod
    def open_newest(cls, path: Path) -> _Snapshot | None:
        while names := cls.names(path):
            folder = path / SNAPSHOTS / names[-1]
            lock = os.open(f"{folder}.lock", os.O_RDONLY | os.O_CREAT, 0o644)
            fcntl.flock(lock, fcntl.LOCK_SH)
            if folder.is_dir():
                try:
                    return cls(names[-1], ox.Store.read_only(str(folder)), lock)
                except OSError as error:
                    os.close(lock)
                    raise StoreError(f"{path}: cannot open the store read-only: {error}") from None
            # The writer deleted it between the listing and the lock: a newer one exists.
            os.close(lock)
        return None

    def close(self) -> None:
        del self.store
        os.close(self._lock)


class StoreBase:
    """How documents and graphs are written, in SPARQL 1.1 Update, the same for every store: the
    embedded one (GraphStore) and one behind SPARQL endpoints (builder.endpoint). A store gives
    `query`, `_update` (one request, one transaction), `_has_graph`, `triples_of`, `_writing`
    and `close`."""

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put_document(
        self,
        doc: URIRef,
        graph: Graph | set[ox.Triple],
        key: str,
        identity: URIRef | None = None,
        revisions: URIRef | None = None,
    ) -> Outcome:
        """Write one document's graph (rdflib's, or its triples in Oxigraph's terms: what a build
        sends, see `builder.build.Built`) in one transaction.

        A new text under the same key replaces the current version: with `revisions` (the
        revisions graph's name) the old version is kept, and the revisions graph says which
        version revised which (`prov:wasRevisionOf`); without, the old version is dropped.
        With `identity` (the identity graph's name), each entity and event node of the document
        that the identity graph does not know yet is its own canonical node until the next
        resolution: queries see every committed document at once."""
        self._writing()
        name = ox.NamedNode(str(doc))
        triples = graph if isinstance(graph, set) else oxigraph_triples(graph)
        existed = self._has_graph(name)
        earlier = self._current_versions(key, name)
        if existed and not earlier and self.triples_of(name) == triples:
            return Outcome.UNCHANGED
        data = ntriples(triples)
        # One update request is one transaction (Oxigraph's Python API has no other way to drop
        # and insert atomically). Every term in this text was written by Oxigraph's own
        # serializer from RDF terms, never spliced from input text.
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
        self._update(" ;\n".join(steps))
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
        self._writing()
        steps = [f"DROP SILENT GRAPH {ox.NamedNode(str(n))}" for n in names]
        if revisions is not None:
            log = ox.NamedNode(str(revisions))
            for n in names:
                doc = ox.NamedNode(str(n))
                steps.append(f"DELETE WHERE {{ GRAPH {log} {{ {doc} <{PROV_REVISION}> ?earlier }} }}")
                steps.append(f"DELETE WHERE {{ GRAPH {log} {{ ?later <{PROV_REVISION}> {doc} }} }}")
        if identity is not None:
            target, data = ox.NamedNode(str(identity[0])), ntriples(oxigraph_triples(identity[1]))
            steps += [f"DROP SILENT GRAPH {target}", f"INSERT DATA {{ GRAPH {target} {{\n{data}}} }}"]
        self._update(" ;\n".join(steps))

    def put_graph(self, name: URIRef, graph: Graph, replace: bool = True) -> None:
        """Write a graph that is not a document's (the identity or decisions graph) in one
        transaction: replacing it, or adding to it."""
        self.put_graphs([(ox.NamedNode(str(name)), oxigraph_triples(graph))], replace)

    def put_graphs(self, graphs: list[tuple[ox.NamedNode, set[ox.Triple]]], replace: bool = True) -> None:
        """Write several graphs in one transaction (`newsgraph push` moves a store in batches)."""
        steps = []
        for target, triples in graphs:
            steps += [f"DROP SILENT GRAPH {target}"] if replace else []
            steps.append(f"INSERT DATA {{ GRAPH {target} {{\n{ntriples(triples)}}} }}")
        self._update(" ;\n".join(steps))


class GraphStore(StoreBase):
    """A pyoxigraph store, on disk at `path` or in memory when `path` is None."""

    def __init__(
        self,
        path: str | Path | None = DEFAULT_STORE,
        must_exist: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
        read_only: bool = False,
    ) -> None:
        """`wait`: seconds to wait for another process that writes the store; `on_wait` is told
        once, when the waiting starts. `read_only`: read the newest snapshot the writer has
        published (see the module's docstring), never waiting for the writer."""
        self.path = Path(path) if path is not None else None
        if self.path is not None and must_exist and not self.path.is_dir():
            raise StoreError(f"{self.path}: no store here (build one with 'newsgraph build')")
        self._snapshot: _Snapshot | None = None
        self._dirty, self._published, self._publish_cost = False, 0.0, 0.0
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            self._snapshot = _Snapshot.open_newest(self.path)
            if self._snapshot is None:
                # A store written before snapshots: opening it to write publishes its first.
                GraphStore(self.path, wait=wait, on_wait=on_wait).close()
                self._snapshot = _Snapshot.open_newest(self.path)
            self._store = self._snapshot.store
        else:
            self._store = self._open(self.path, wait, on_wait)
            self._publish()

    @property
    def read_only(self) -> bool:
        return self._snapshot is not None

    def refresh(self) -> bool:
        """Move a reader to the newest snapshot the writer has published; whether it moved.
        Not while a query on this store is still being read."""
        if self._snapshot is None or self._snapshot.name >= max(_Snapshot.names(self.path), default=""):
            return False
        newer = _Snapshot.open_newest(self.path)
        if newer is None:
            return False
        older, self._snapshot, self._store = self._snapshot, newer, newer.store
        older.close()
        return True

    def _publish(self) -> None:
        """Publish the store as it is now as the newest snapshot, and delete the older ones that
        no reader holds. Only the writer calls this, so no two publish at once."""
        root = self.path / SNAPSHOTS
        root.mkdir(parents=True, exist_ok=True)
        newest = max(_Snapshot.names(self.path), default="0")
        name = f"{max(time.time_ns(), int(newest) + 1):020d}"
        staging = root / f"tmp-{name}"
        started = time.monotonic()
        try:
            self._store.backup(str(staging))
            (root / f"{name}.lock").touch()
            staging.rename(root / name)
        except OSError as error:
            raise StoreError(f"{self.path}: cannot publish a snapshot for readers: {error}") from None
        self._prune(root, name)
        self._dirty, self._published = False, time.monotonic()
        self._publish_cost = self._published - started

    @staticmethod
    def _prune(root: Path, newest: str) -> None:
        for entry in root.iterdir():
            stem = entry.name.removesuffix(".lock")
            if entry.name.startswith("tmp-") and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)  # a writer's that crashed while publishing
            elif entry.is_dir() and stem < newest:
                lock = os.open(root / f"{stem}.lock", os.O_RDONLY | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(lock)  # a reader has it: the next publication tries again
                    continue
                shutil.rmtree(entry, ignore_errors=True)
                (root / f"{stem}.lock").unlink(missing_ok=True)
                os.close(lock)
            elif entry.name.endswith(".lock") and stem < newest and not (root / stem).exists():
                entry.unlink(missing_ok=True)

    def _writing(self) -> None:
        if self._snapshot is not None:
            raise StoreError(f"{self.path}: the store is open read-only here")

    def _written(self) -> None:
        """After each committed write: a snapshot at most every `PUBLISH_EVERY` seconds, or
        less often where publishing is slow (a large store's checkpoint), so that it never
        costs the writer more than a twentieth of its time. A reader is behind by the writes
        of that interval, and by none once the writer closes (a writer that pauses between
        writes publishes at its next one)."""
        if self.path is not None:
            self._dirty = True
            if time.monotonic() - self._published >= max(PUBLISH_EVERY, 20 * self._publish_cost):
                self._publish()

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

    def close(self) -> None:
        """Publish what was written, flush, and release the store's lock now, not whenever the
        garbage collector runs."""
        if not hasattr(self, "_store"):
            return
        if self._snapshot is not None:
            del self._store
            self._snapshot.close()
            return
        if self._dirty:
            self._publish()
        self.flush()
        del self._store

    def _update(self, sparql: str) -> None:
        self._writing()
        try:
            self._store.update(sparql, prefixes=QUERY_PREFIXES)
        except OSError as error:
            raise StoreError(f"{self.path}: write failed: {error}") from None
        self._written()

    def _has_graph(self, name: ox.NamedNode) -> bool:
        return self._store.contains_named_graph(name)

    def triples_of(self, name: ox.NamedNode) -> set[ox.Triple]:
        return {q.triple for q in self._store.quads_for_pattern(None, None, None, name)}

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
        self._writing()
        self._store.update(sparql, prefixes=QUERY_PREFIXES)
        self._written()

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
        if fmt in DATASET_FORMATS:
            self._store.dump(str(output), RDF_FORMATS[fmt])
            return
        triples = {q.triple for q in self.quads()}
        ox.serialize(triples, str(output), RDF_FORMATS[fmt], prefixes={"ng": str(NG)})

    def flush(self) -> None:
        if self.path is not None and self._snapshot is None:
            self._store.flush()

"""The projection: the store's actor network as a networkx graph, or as streams of rows.

- nodes: actors (persons, organizations, groups), places and events, from the `graph-nodes`
  query, with label, type, aliases, mention and document counts, and coordinates where the
  gazetteer gave them; an edge's end that query does not name is a node of type Other;
- edges: from the `graph-edges` query (blamed, blamed (implied), condemned, called on, quoted
  about, took part in, happened at, affiliated with, located in), one edge per source, target
  and relation, with its weight (how many facts), the documents and the evidence sentences, so
  an analyst can go from any edge back to the words behind it;
- filters: a document or a date range of publication, as the `graph-edges` parameters;
- which nodes are kept: `kept`, the one rule for both the graph and the streams;
- selection (the graph only): an entity with the nodes within some hops of it, or the IRIs a
  named query or a SELECT/CONSTRUCT query returns;
- statements are nodes only when asked for (`said` from the speaker, `mentions` onwards).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO

import networkx as nx
import pyoxigraph as ox
from rdflib.term import Node

from ..queries import Table, get_query, lexical_rows, run, run_named
from ..store import GraphStore

# The node types that stand on their own: an actor or a place is worth showing unconnected.
_STANDALONE = ("Person", "Organization", "Group", "Place")
_EDGE_COLUMNS = ("relation", "weight", "documents", "evidence", "citations", "since", "until", "label")

NodeRow = tuple[str, dict]
EdgeRow = tuple[str, str, str, dict]


def kept(node_type: object, degree: int, filtered: bool) -> bool:
    """Whether a node belongs to the projection: one that an edge touches always does, an actor
    or a place alone too, except when the edges are `filtered` (a document, a date range), where
    only what the chosen facts touch belongs."""
    return degree > 0 or (not filtered and node_type in _STANDALONE)


def project(
    store: GraphStore,
    params: Mapping[str, Node] | None = None,
    entity: str | None = None,
    hops: int = 1,
    selection: str | None = None,
    statements: bool = False,
) -> nx.MultiDiGraph:
    """The actor network as a networkx graph (see the module's policy).

    `params` are the `graph-edges` query's (document, since, until); `selection` is SPARQL
    (SELECT or CONSTRUCT) whose IRIs are the nodes to keep; with `statements`, each statement is
    a node too, linked from its speaker and to what it names.
    """
    graph = nx.MultiDiGraph()
    edges = Table.from_solutions(run_named(store, "graph-edges", params or {}))
    nodes = Table.from_solutions(run_named(store, "graph-nodes"))
    for row in nodes.values():
        record = dict(zip(nodes.columns, row, strict=True))
        node = record.pop("node")
        graph.add_node(node, **_attributes(record))
    # The query leaves the order open (sorting 100,000 edges costs Oxigraph seconds); a graph in
    # memory is cheap to sort, so its files come out the same from run to run.
    for row in sorted(edges.values(), key=lambda r: (r[edges.columns.index("relation")], r[0], r[1])):
        record = dict(zip(edges.columns, row, strict=True))
        source, target = record["source"], record["target"]
        for end in (source, target):
            if end not in graph:
                graph.add_node(end, **_other(end))
        graph.add_edge(source, target, key=_edge_key(record["relation"], source, target), **_edge_attributes(record))
    if statements:
        _add_statements(store, graph)
    graph.remove_nodes_from(
        [node for node, degree in graph.degree() if not kept(graph.nodes[node].get("type"), degree, bool(params))]
    )
    if selection:
        graph = graph.subgraph(_selected(store, selection)).copy()
    if entity:
        graph = _neighbourhood(graph, entity, hops)
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    documents = Table.from_solutions(run_named(store, "documents"))
    graph.graph["documents"] = {
        row[0]: {
            "source": row[1],
            "title": row[2],
            "published": row[3],
            "outlet": row[4],
            "url": row[1] if row[1].startswith("http") else "",
        }
        for row in documents.values()
    }
    graph.graph["facts"] = _fact_details(store)
    graph.graph["claims"] = list(lexical_rows(run_named(store, "casualty-claims")))
    graph.graph["denials"] = list(lexical_rows(run_named(store, "denials")))
    return graph


@dataclass
class Network:
    """A projection as two re-readable streams of nodes and edges, with the attribute names each
    carries: the writers that stream (GraphML, GEXF, CSV) hold no more than one row at a time."""

    nodes: Callable[[], Iterator[NodeRow]]
    edges: Callable[[], Iterator[EdgeRow]]
    node_keys: list[str]
    edge_keys: list[str]


def stream(store: GraphStore, params: Mapping[str, Node] | None = None) -> Network:
    """The whole projection (the module's policy, without a selection) read from the store as it
    is written. The edges are read once, counting degrees, into a spool on disk that later passes
    read back: the degrees and the set of nodes written are all that is held in memory."""
    spool = _EdgeSpool(store, params or {})

    def nodes() -> Iterator[NodeRow]:
        degrees = spool.degrees()
        written = set()
        for record in lexical_rows(run_named(store, "graph-nodes")):
            node = record.pop("node")
            data = _attributes(record)
            if kept(data.get("type"), degrees[node], bool(params)):
                written.add(node)
                yield node, {**data, "degree": degrees[node]}
        for node in degrees:
            if node not in written:
                yield node, {**_other(node), "degree": degrees[node]}

    node_columns = [c for c in get_query("graph-nodes").columns() if c != "node"]
    return Network(nodes, spool.edges, [*node_columns, "degree"], list(_EDGE_COLUMNS))


class _EdgeSpool:
    """The graph-edges result, run once and kept on disk one JSON line an edge."""

    def __init__(self, store: GraphStore, params: Mapping[str, Node]) -> None:
        self._store, self._params = store, params
        self._file: IO[str] | None = None
        self._degrees: Counter[str] = Counter()

    def degrees(self) -> Counter[str]:
        self._fill()
        return self._degrees

    def edges(self) -> Iterator[EdgeRow]:
        spool = self._fill()
        spool.seek(0)
        for line in spool:
            source, target, key, data = json.loads(line)
            yield source, target, key, data

    def _fill(self) -> IO[str]:
        if self._file is None:
            # Lives as long as the Network: every later pass reads it back.
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
            for record in lexical_rows(run_named(self._store, "graph-edges", self._params)):
                source, target = record["source"], record["target"]
                key = _edge_key(record["relation"], source, target)
                self._file.write(json.dumps([source, target, key, _edge_attributes(record)]) + "\n")
                self._degrees[source] += 1
                self._degrees[target] += 1
        return self._file


def _fact_details(store: GraphStore) -> dict[tuple[str, str, str, str, str], dict[str, object]]:
    """What an edge's citation does not say by itself (why blamed, hedged or not, what was called
    for), from the named queries, by (relation, source, target, document, evidence): graph-edges
    and these queries give a fact the same evidence text, so the key finds its citation."""
    details: dict[tuple[str, str, str, str, str], dict[str, object]] = {}
    for row in lexical_rows(run_named(store, "who-blamed-whom")):
        about = {
            "reason": row["reason"],
            "hedged": row["hedged"] == "true",
            "byNarrator": row["byNarrator"] == "true",
        }
        for relation, target in (("blamed", row["blamed"]), ("blamed (implied)", row["implied"])):
            if target:
                details[relation, row["blamer"], target, row["document"], row["evidence"]] = about
    for row in lexical_rows(run_named(store, "condemnations")):
        key = ("condemned", row["condemner"], row["condemned"], row["document"], row["evidence"])
        details[key] = {"reason": row["reason"]}
    for row in lexical_rows(run_named(store, "calls-to-action")):
        key = ("called on", row["caller"], row["addressee"], row["document"], row["evidence"])
        details[key] = {"action": row["action"]}
    return details


def _add_statements(store: GraphStore, graph: nx.MultiDiGraph) -> None:
    table = Table.from_solutions(run_named(store, "graph-statements"))
    for row in table.values():
        record = dict(zip(table.columns, row, strict=True))
        statement, content, document = record["statement"], record["content"], record["document"]
        label = content if len(content) <= 60 else content[:59] + "…"
        graph.add_node(statement, label=label, type="Statement", content=content, direct=record["direct"])
        citation = f"{document} {content}"
        edges = [(record["speaker"], statement, "said")]
        if record["mentioned"]:
            edges.append((statement, record["mentioned"], "mentions"))
        for source, target, relation in edges:
            if source in graph and target in graph:
                graph.add_edge(
                    source,
                    target,
                    key=_edge_key(relation, source, target),
                    relation=relation,
                    weight=1,
                    documents=document,
                    evidence=content,
                    citations=citation,
                    since="",
                    until="",
                    label=relation,
                )


def _selected(store: GraphStore, sparql: str) -> set[str]:
    """Every IRI a selection query returns, in any column or triple position."""
    results = run(store, sparql)
    terms = (
        [t for triple in results for t in (triple.subject, triple.object)]
        if isinstance(results, ox.QueryTriples)
        else [t for solution in results for t in solution]
    )
    return {t.value for t in terms if isinstance(t, ox.NamedNode)}


def _edge_key(relation: str, source: str, target: str) -> str:
    """Unique per edge: GraphML reuses the keys as edge ids, which must not repeat."""
    return f"{relation}|{source}|{target}"


def _edge_attributes(record: dict[str, str]) -> dict[str, object]:
    relation = record["relation"]
    return {
        "relation": relation,
        "weight": int(record["weight"]),
        "documents": record["documents"],
        "evidence": record["evidenceText"],
        "citations": record["citations"],
        "since": record["firstPublished"],
        "until": record["lastPublished"],
        "label": relation,
    }


def _attributes(record: dict[str, str]) -> dict[str, object]:
    attributes: dict[str, object] = {k: v for k, v in record.items() if v != ""}
    for key in ("mentions", "documents"):
        attributes[key] = int(attributes.get(key, 0))
    for key in ("latitude", "longitude"):
        if key in attributes:
            attributes[key] = float(attributes[key])
    return attributes


def _other(node: str) -> dict[str, object]:
    """An edge's end that `graph-nodes` does not name: labelled by the last part of its IRI."""
    return {"label": node.rsplit("/", 1)[-1], "type": "Other"}


def _neighbourhood(graph: nx.MultiDiGraph, entity: str, hops: int) -> nx.MultiDiGraph:
    """The entity (IRI, or label containing the text) and everything within `hops` edges of it."""
    wanted = entity.strip("<>")
    seeds = [
        n for n, d in graph.nodes(data=True) if n == wanted or wanted.casefold() in str(d.get("label", "")).casefold()
    ]
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for seed in seeds:
        keep |= set(nx.single_source_shortest_path_length(undirected, seed, cutoff=hops))
    return graph.subgraph(keep).copy()

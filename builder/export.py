"""Export: the RDF graph projected to a networkx graph, written for visualization tools.

The projection policy, in one place:
- nodes: actors (persons, organizations, groups), places and events, from the
  `graph-nodes` query, with label, type, aliases, mention and document counts, and
  coordinates where the gazetteer gave them;
- edges: from the `graph-edges` query (blamed, blamed (implied), condemned, called on,
  quoted about, took part in, happened at, affiliated with, located in), one edge per
  source, target and relation, with its weight (how many facts), the documents and the
  evidence sentences, so an analyst can go from any edge back to the words behind it;
- selection: a document, a date range of publication, an entity with the nodes within some
  hops of it, or the IRIs a named query or a SELECT/CONSTRUCT query returns;
- statements are nodes only when asked for (`said` from the speaker, `mentions` onwards).
Writers turn the graph into GraphML (yEd, Cytoscape, Gephi), GEXF with visual attributes
(Gephi), Cytoscape.js JSON, DOT (Graphviz), node-link JSON (D3), CSV for `neo4j-admin
import`, and GeoJSON of located places and events.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import pyoxigraph as ox
from rdflib.term import Node

from .queries import Table, get_query, lexical_rows, run
from .store import GraphStore

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "dot", "nodelink", "csv", "geojson", "html")
VIEWER = Path(__file__).parent / "viewer"
# The viewer keeps the browser responsive by showing at most this many nodes, the best connected.
VIEWER_NODE_LIMIT = 500

# Colours by node type for GEXF and DOT: actors warm, places green, events grey.
COLOURS = {
    "Person": (230, 85, 13),
    "Organization": (49, 130, 189),
    "Group": (117, 107, 177),
    "Place": (49, 163, 84),
    "Event": (150, 150, 150),
    "Statement": (253, 174, 107),
}


def project(
    store: GraphStore,
    params: Mapping[str, Node] | None = None,
    entity: str | None = None,
    hops: int = 1,
    selection: str | None = None,
    statements: bool = False,
) -> nx.MultiDiGraph:
    """The actor network as a networkx graph (see the module's policy).

    `selection` is SPARQL (SELECT or CONSTRUCT) whose IRIs are the nodes to keep; with
    `statements`, each statement is a node too, linked from its speaker and to what it names.
    """
    graph = nx.MultiDiGraph()
    edges = Table.from_solutions(run(store, get_query("graph-edges").text, params or {}))
    nodes = Table.from_solutions(run(store, get_query("graph-nodes").text))
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
                graph.add_node(end, label=end.rsplit("/", 1)[-1], type="Other")
        # Unique keys: GraphML reuses them as edge ids, which must not repeat.
        graph.add_edge(source, target, key=f"{record['relation']}|{source}|{target}", **_edge_attributes(record))
    if statements:
        _add_statements(store, graph)
    connected = {n for edge in graph.edges() for n in edge}
    graph.remove_nodes_from([n for n in list(graph) if n not in connected and not _actor_or_place(graph, n)])
    if params:
        graph.remove_nodes_from([n for n in list(graph) if n not in connected])
    if selection:
        graph = graph.subgraph(_selected(store, selection)).copy()
    if entity:
        graph = _neighbourhood(graph, entity, hops)
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    documents = Table.from_solutions(run(store, get_query("documents").text))
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
    graph.graph["claims"] = list(lexical_rows(run(store, get_query("casualty-claims").text)))
    graph.graph["denials"] = list(lexical_rows(run(store, get_query("denials").text)))
    return graph


def _fact_details(store: GraphStore) -> dict[tuple[str, str, str, str, str], dict[str, object]]:
    """What an edge's citation does not say by itself (why blamed, hedged or not, what was called
    for), from the named queries, by (relation, source, target, document, evidence): graph-edges
    and these queries give a fact the same evidence text, so the key finds its citation."""
    details: dict[tuple[str, str, str, str, str], dict[str, object]] = {}
    for row in lexical_rows(run(store, get_query("who-blamed-whom").text)):
        about = {
            "reason": row["reason"],
            "hedged": row["hedged"] == "true",
            "byNarrator": row["byNarrator"] == "true",
        }
        for relation, target in (("blamed", row["blamed"]), ("blamed (implied)", row["implied"])):
            if target:
                details[relation, row["blamer"], target, row["document"], row["evidence"]] = about
    for row in lexical_rows(run(store, get_query("condemnations").text)):
        key = ("condemned", row["condemner"], row["condemned"], row["document"], row["evidence"])
        details[key] = {"reason": row["reason"]}
    for row in lexical_rows(run(store, get_query("calls-to-action").text)):
        key = ("called on", row["caller"], row["addressee"], row["document"], row["evidence"])
        details[key] = {"action": row["action"]}
    return details


def _add_statements(store: GraphStore, graph: nx.MultiDiGraph) -> None:
    table = Table.from_solutions(run(store, get_query("graph-statements").text))
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
                    key=f"{relation}|{source}|{target}",
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


_EDGE_COLUMNS = ("relation", "weight", "documents", "evidence", "citations", "since", "until", "label")
_STANDALONE = ("Person", "Organization", "Group", "Place")


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


def _actor_or_place(graph: nx.MultiDiGraph, node: str) -> bool:
    return graph.nodes[node].get("type") in _STANDALONE


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


# Attribute types for GraphML and GEXF keys; every other attribute is a string.
_NUMERIC = {
    ("node", "mentions"): "int",
    ("node", "documents"): "int",
    ("node", "degree"): "int",
    ("node", "latitude"): "double",
    ("node", "longitude"): "double",
    ("edge", "weight"): "int",
}
_GEXF_TYPES = {"int": "integer", "double": "double", "string": "string"}
STREAMED_FORMATS = ("graphml", "gexf", "csv")

NodeRow = tuple[str, dict]
EdgeRow = tuple[str, str, str, dict]


@dataclass
class Network:
    """A projection as two re-readable streams of nodes and edges, with the attribute names each
    carries: the writers that stream (GraphML, GEXF, CSV) hold no more than one row at a time."""

    nodes: Callable[[], Iterator[NodeRow]]
    edges: Callable[[], Iterator[EdgeRow]]
    node_keys: list[str]
    edge_keys: list[str]


def from_graph(graph: nx.MultiDiGraph) -> Network:
    """A networkx projection (a selection, a neighbourhood) as a Network; the writers clean each
    element's values as they write it, so the graph is not copied."""
    node_keys = sorted({k for _, data in graph.nodes(data=True) for k in _xml_values(data)})
    edge_keys = sorted({k for _, _, data in graph.edges(data=True) for k in _xml_values(data)})
    return Network(
        nodes=lambda: iter(graph.nodes(data=True)),
        edges=lambda: iter(graph.edges(keys=True, data=True)),
        node_keys=node_keys,
        edge_keys=edge_keys,
    )


def stream(store: GraphStore, params: Mapping[str, Node] | None = None) -> Network:
    """The whole projection (the module's policy, without a selection) read from the store as it
    is written. The edges are read once, counting degrees, into a spool on disk that later passes
    read back: the degrees and the set of nodes written are all that is held in memory."""
    spool = _EdgeSpool(store, params or {})
    node_query = get_query("graph-nodes").text

    def nodes() -> Iterator[NodeRow]:
        degrees = spool.degrees()
        written = set()
        for record in lexical_rows(run(store, node_query)):
            node = record.pop("node")
            data = _attributes(record)
            if degrees[node] > 0 or (not params and data.get("type") in _STANDALONE):
                written.add(node)
                yield node, {**data, "degree": degrees[node]}
        for node in degrees.keys() - written:
            yield node, {"label": node.rsplit("/", 1)[-1], "type": "Other", "degree": degrees[node]}

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
            for record in lexical_rows(run(self._store, get_query("graph-edges").text, self._params)):
                source, target = record["source"], record["target"]
                key = f"{record['relation']}|{source}|{target}"
                self._file.write(json.dumps([source, target, key, _edge_attributes(record)]) + "\n")
                self._degrees[source] += 1
                self._degrees[target] += 1
        return self._file


def write(graph: nx.MultiDiGraph | Network, fmt: str, output: Path) -> list[Path]:
    """Write a projection as `fmt`; returns the files written. GraphML, GEXF and CSV stream, so
    they take a Network from `stream` as well as a networkx graph."""
    streamed = {"graphml": _graphml, "gexf": _gexf, "csv": _csv}
    if fmt in streamed:
        network = graph if isinstance(graph, Network) else from_graph(graph)
        return streamed[fmt](network, output)
    if isinstance(graph, Network):
        raise ValueError(f"{fmt} is written from a networkx graph, not a stream")
    writers = {
        "cytoscape": _cytoscape,
        "dot": _dot,
        "nodelink": _nodelink,
        "geojson": _geojson,
        "html": _html,
    }
    return writers[fmt](graph, output)


def _plain_graph_values(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values are strings or numbers, as GraphML and GEXF require
    (citations one a line: XML allows no record separators)."""
    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **_xml_values(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **_xml_values(data))
    return plain


def _xml_values(data: dict) -> dict:
    """Strings and numbers only; citations one a line, and no control character XML 1.0 forbids
    (an article's stray form feed would make the whole file unreadable)."""
    kept = {k: v for k, v in data.items() if isinstance(v, str | int | float)}
    return {k: _XML_FORBIDDEN.sub("", v.replace("\x1e", "\n")) if isinstance(v, str) else v for k, v in kept.items()}


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _kind(domain: str, key: str) -> str:
    return _NUMERIC.get((domain, key), "string")


def _graphml(network: Network, output: Path) -> list[Path]:
    """GraphML, one element at a time: keys d0, d1... declared first, with their types."""
    ids = {("node", k): f"d{i}" for i, k in enumerate(network.node_keys)}
    ids |= {("edge", k): f"d{len(ids) + i}" for i, k in enumerate(network.edge_keys)}
    with output.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for (domain, key), key_id in ids.items():
            out.write(
                f"  <key id={quoteattr(key_id)} for={quoteattr(domain)} "
                f"attr.name={quoteattr(key)} attr.type={quoteattr(_kind(domain, key))} />\n"
            )
        out.write('  <graph edgedefault="directed">\n')
        for node, data in network.nodes():
            out.write(f"    <node id={quoteattr(node)}>{_graphml_data(ids, 'node', _xml_values(data))}</node>\n")
        for source, target, _, data in network.edges():
            out.write(
                f"    <edge source={quoteattr(source)} target={quoteattr(target)}>"
                f"{_graphml_data(ids, 'edge', _xml_values(data))}</edge>\n"
            )
        out.write("  </graph>\n</graphml>\n")
    return [output]


def _graphml_data(ids: dict[tuple[str, str], str], domain: str, data: dict) -> str:
    """The <data> elements of one element whose values `_xml_values` has cleaned."""
    return "".join(
        f"<data key={quoteattr(ids[domain, k])}>{escape(_text(v))}</data>"
        for k, v in data.items()
        if (domain, k) in ids
    )


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _gexf(network: Network, output: Path) -> list[Path]:
    """GEXF 1.2 with Gephi's visual attributes (colour by type, size by degree, thickness by
    weight), one element at a time."""
    node_ids = {k: str(i) for i, k in enumerate(k for k in network.node_keys if k != "label")}
    edge_ids = {k: str(i) for i, k in enumerate(k for k in network.edge_keys if k != "label")}
    with output.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n'
            "  <meta><creator>newsgraph</creator></meta>\n"
            '  <graph defaultedgetype="directed" mode="static">\n'
        )
        for domain, ids in (("node", node_ids), ("edge", edge_ids)):
            out.write(f'    <attributes class="{domain}" mode="static">\n')
            for key, key_id in ids.items():
                kind = _GEXF_TYPES[_kind(domain, key)]
                out.write(f"      <attribute id={quoteattr(key_id)} title={quoteattr(key)} type={quoteattr(kind)} />\n")
            out.write("    </attributes>\n")
        out.write("    <nodes>\n")
        for node, raw in network.nodes():
            data = _xml_values(raw)
            red, green, blue = COLOURS.get(str(data.get("type", "")).split(":")[0], (120, 120, 120))
            size = 5.0 + 2.0 * float(data.get("degree", 0))
            out.write(
                f"      <node id={quoteattr(node)} label={quoteattr(str(data.get('label', node)))}>"
                f"{_gexf_values(node_ids, data)}"
                f'<viz:color r="{red}" g="{green}" b="{blue}" a="1.0" /><viz:size value="{size}" /></node>\n'
            )
        out.write("    </nodes>\n    <edges>\n")
        for number, (source, target, key, raw) in enumerate(network.edges()):
            data = _xml_values(raw)
            weight = float(data.get("weight", 1))
            out.write(
                f"      <edge id={quoteattr(str(number))} source={quoteattr(source)} target={quoteattr(target)} "
                f"label={quoteattr(str(data.get('label', key)))} weight={quoteattr(repr(weight))}>"
                f'{_gexf_values(edge_ids, data)}<viz:thickness value="{weight}" /></edge>\n'
            )
        out.write("    </edges>\n  </graph>\n</gexf>\n")
    return [output]


def _gexf_values(ids: dict[str, str], data: dict) -> str:
    """The <attvalues> of one element whose values `_xml_values` has cleaned."""
    values = "".join(
        f"<attvalue for={quoteattr(ids[k])} value={quoteattr(_text(v))} />" for k, v in data.items() if k in ids
    )
    return f"<attvalues>{values}</attvalues>" if values else ""


def _cytoscape(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    data = nx.cytoscape_data(_plain_graph_values(graph))
    for element in data["elements"]["edges"]:
        element["data"]["id"] = element["data"].pop("key")
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return [output]


def _nodelink(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    data = nx.node_link_data(_plain_graph_values(graph), edges="links")
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return [output]


def _dot_text(graph: nx.MultiDiGraph) -> str:
    def quote(text: object) -> str:
        return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = ["digraph newsgraph {", "  rankdir=LR;", '  node [style=filled, fontname="Helvetica"];']
    for node, data in graph.nodes(data=True):
        red, green, blue = COLOURS.get(str(data.get("type", "")).split(":")[0], (120, 120, 120))
        colour = f"#{red:02x}{green:02x}{blue:02x}"
        lines.append(f"  {quote(node)} [label={quote(data.get('label', node))}, fillcolor={quote(colour)}];")
    for source, target, data in graph.edges(data=True):
        label = f"{data['relation']} ×{data['weight']}" if data.get("weight", 1) > 1 else data["relation"]
        lines.append(f"  {quote(source)} -> {quote(target)} [label={quote(label)}, penwidth={data.get('weight', 1)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    """DOT text; with an .svg or .png name, rendered by Graphviz's `dot` when it is installed."""
    text = _dot_text(graph)
    if output.suffix.lower() in (".svg", ".png"):
        dot = shutil.which("dot")
        if dot is None:
            raise RuntimeError("rendering to SVG or PNG needs Graphviz's `dot` (apt-get install graphviz)")
        subprocess.run([dot, f"-T{output.suffix[1:].lower()}", "-o", str(output)], input=text.encode(), check=True)
        return [output]
    output.write_text(text, encoding="utf-8")
    return [output]


def _csv(network: Network, output: Path) -> list[Path]:
    """Two files in the header format `neo4j-admin database import` reads."""
    stem = output.with_suffix("")
    nodes_file = stem.with_name(stem.name + ".nodes.csv")
    edges_file = stem.with_name(stem.name + ".relationships.csv")
    with nodes_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id:ID",
                "label",
                ":LABEL",
                "aliases",
                "mentions:int",
                "documents:int",
                "latitude:float",
                "longitude:float",
            ]
        )
        for node, data in network.nodes():
            label = str(data.get("type", "Other")).split(":")[0]
            writer.writerow(
                [
                    node,
                    data.get("label", ""),
                    label,
                    data.get("aliases", ""),
                    data.get("mentions", 0),
                    data.get("documents", 0),
                    data.get("latitude", ""),
                    data.get("longitude", ""),
                ]
            )
    with edges_file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", "weight:int", "documents", "evidence"])
        for source, target, _, data in network.edges():
            relation = data["relation"].upper().replace(" ", "_").replace("(", "").replace(")", "")
            writer.writerow([source, target, relation, data["weight"], data["documents"], data["evidence"]])
    return [nodes_file, edges_file]


def _geojson(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    """Located places, and the events that happened at them, as GeoJSON points (lon, lat)."""
    features = []
    for node, data in graph.nodes(data=True):
        if "latitude" not in data or "longitude" not in data:
            continue
        properties = {k: v for k, v in data.items() if k not in ("latitude", "longitude")}
        point = {"type": "Point", "coordinates": [data["longitude"], data["latitude"]]}
        features.append({"type": "Feature", "id": node, "geometry": point, "properties": properties})
        for event, _, edge in graph.in_edges(node, data=True):
            if edge["relation"] == "happened at":
                event_data = dict(graph.nodes[event])
                event_data.update(place=data.get("label", ""), evidence=edge["evidence"], documents=edge["documents"])
                features.append(
                    {"type": "Feature", "id": f"{event}@{node}", "geometry": point, "properties": event_data}
                )
    collection = {"type": "FeatureCollection", "features": features}
    output.write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")
    return [output]


# What the viewer bundles, all from npm and vendored with their licences (vendor/README.md).
VIEWER_LIBRARIES = ("cytoscape.min.js", "topojson-client.min.js")
BASEMAP = "countries-110m.json"
# Administrative areas carry their kind in the viewer, so "Latakia" the city and "Latakia
# (province)" the area it lies in are told apart at a glance. The store's words are the
# gazetteer's levels, named as builder/data/places.json names them.
_AREA_WORDS = {"admin1": "province", "province": "province", "admin2": "district", "district": "district"}


def _html(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    """One self-contained page: the libraries, the basemap, our viewer and the data, no network needed."""
    vendor = VIEWER / "vendor"
    missing = [name for name in (*VIEWER_LIBRARIES, BASEMAP) if not (vendor / name).is_file()]
    if missing:
        raise RuntimeError(
            f"the viewer's files are missing from {vendor}: {', '.join(missing)}; `make vendor` restores them"
        )
    shown = graph
    note = ""
    if graph.number_of_nodes() > VIEWER_NODE_LIMIT:
        top = sorted(graph.degree(), key=lambda item: item[1], reverse=True)[:VIEWER_NODE_LIMIT]
        shown = graph.subgraph(node for node, _ in top)
        note = f"showing the {VIEWER_NODE_LIMIT:,} best-connected of {graph.number_of_nodes():,} nodes"
    nodes = {
        node: {"id": node, **_json_values(data), "label": _display_label(data)} for node, data in shown.nodes(data=True)
    }
    facts = graph.graph.get("facts", {})
    edges = [
        _viewer_edge(source, target, key, data, facts)
        for source, target, key, data in shown.edges(keys=True, data=True)
    ]
    edges += _denial_edges(graph.graph.get("denials", []), edges, nodes)
    data = {
        "nodes": list(nodes.values()),
        "edges": edges,
        "claims": _located_claims(shown, graph.graph.get("claims", [])),
        "documents": graph.graph.get("documents", {}),
        "note": note,
    }
    page = (VIEWER / "template.html").read_text(encoding="utf-8")
    libraries = "\n".join((vendor / name).read_text(encoding="utf-8") for name in VIEWER_LIBRARIES)
    # "</" inside a script would end it early; JSON allows the escaped form.
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    basemap = (vendor / BASEMAP).read_text(encoding="utf-8").replace("</", "<\\/")
    for placeholder, text in (("/*LIBRARY*/", libraries), ("/*BASEMAP*/", basemap), ("/*DATA*/", payload)):
        page = page.replace(placeholder, text)
    output.write_text(page, encoding="utf-8")
    return [output]


def _viewer_edge(source: str, target: str, key: str, data: dict, facts: dict) -> dict:
    """An edge as the viewer reads it: each citation with what its fact adds (reason, hedging,
    action), and `sources`, how many articles say so, which weighs the accountability view."""
    relation = data["relation"]
    citations = []
    for citation in str(data.get("citations", "")).split("\x1e"):
        if citation:
            document, _, evidence = citation.partition(" ")
            details = facts.get((relation, source, target, document, evidence), {})
            citations.append({"document": document, "evidence": evidence, **details})
    sources = len({c["document"] for c in citations})
    return {
        "id": key,
        "source": source,
        "target": target,
        **_json_values(data),
        "citations": citations,
        "sources": sources,
    }


def _denial_edges(denials: list[dict[str, str]], edges: list[dict], nodes: dict[str, dict]) -> list[dict]:
    """A denial names who denies, not whom it answers: it answers the actors that blamed the
    denier in the same article, so it is drawn to each of them. A denial that answers no blame
    found stays with its actor, listed when the actor is clicked."""
    accusers: dict[tuple[str, str], set[str]] = {}
    for edge in edges:
        if edge["relation"].startswith("blamed"):
            for citation in edge["citations"]:
                accusers.setdefault((edge["target"], citation["document"]), set()).add(edge["source"])
    answers: dict[tuple[str, str], list[dict]] = {}
    for denial in denials:
        denier, document = denial["denier"], denial["document"]
        if denier not in nodes:
            continue
        citation = {"document": document, "evidence": denial["evidence"], "reason": denial["reason"]}
        accused_by = accusers.get((denier, document), set())
        if not accused_by:
            nodes[denier].setdefault("denials", []).append(citation)
        for accuser in accused_by:
            answers.setdefault((denier, accuser), []).append(citation)
    return [
        {
            "id": f"denied|{denier}|{accuser}",
            "source": denier,
            "target": accuser,
            "relation": "denied",
            "label": "denied",
            "weight": len(citations),
            "citations": citations,
            "sources": len({c["document"] for c in citations}),
        }
        for (denier, accuser), citations in sorted(answers.items())
    ]


def _located_claims(graph: nx.MultiDiGraph, claims: list[dict[str, str]]) -> list[dict]:
    """Casualty figures with the node the map draws them at (`_map_point`)."""
    located = []
    for claim in claims:
        at = _map_point(graph, claim["place"])
        if at is not None:
            figure = {k: claim[k] for k in ("sourceLabel", "count", "qualifier", "outcome", "victims", "placeLabel")}
            located.append({**figure, "at": at, "evidence": claim["evidence"], "document": claim["document"]})
    return located


def _map_point(graph: nx.MultiDiGraph, place: str) -> str | None:
    """The place itself when the map can draw it: it has coordinates, or it is a country, drawn
    at the middle of its outline. A place it cannot ("the coastal region") is drawn at the
    smallest area it lies in that the map can draw."""
    if place not in graph:
        return None

    def drawable(node: str) -> bool:
        return "latitude" in graph.nodes[node] or graph.nodes[node].get("placeType") == "country"

    if drawable(place):
        return place
    areas = [
        target
        for _, target, data in graph.out_edges(place, data=True)
        if data["relation"] == "located in" and drawable(target)
    ]
    # Countries last: a point in the middle of Syria says less than one in its province.
    areas.sort(key=lambda area: graph.nodes[area].get("placeType") == "country")
    return areas[0] if areas else None


def _display_label(data: dict) -> str:
    """The label the viewer shows: areas with their kind; an event as its type alone when its
    trigger word is the type's name ("killing", not "killing (killing)")."""
    label = str(data.get("label", ""))
    kind = str(data.get("type", ""))
    if kind.startswith("Event: ") and label == f"{kind[7:]} ({kind[7:]})":
        return kind[7:]
    word = _AREA_WORDS.get(str(data.get("placeType", "")))
    return f"{label} ({word})" if word and kind == "Place" else label


def _json_values(data: dict) -> dict:
    """The viewer's copy of an element's values; citations go separately, as a list."""
    return {k: v for k, v in _xml_values(data).items() if k != "citations"}

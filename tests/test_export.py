"""Exports are proven by opening them in their consumers: networkx, igraph, Graphviz, geojson."""

import csv
import json
import os
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import geojson
import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import RDFS, Dataset, Graph
from rdflib.namespace import SKOS

from builder.cli import main
from builder.export import BASEMAP, VIEWER, VIEWER_LIBRARIES, project, stream, write
from builder.store import GraphStore
from builder.vocab import NG


@pytest.fixture(scope="module")
def network(examples_store):
    return project(examples_store)


def test_projection_policy(network):
    types = {d["type"] for _, d in network.nodes(data=True)}
    assert {"Person", "Organization", "Place"} <= types and any(t.startswith("Event") for t in types)
    relations = {d["relation"] for _, _, d in network.edges(data=True)}
    assert {"blamed", "called on", "quoted about", "happened at", "located in"} <= relations
    for _, _, data in network.edges(data=True):
        assert data["weight"] >= 1 and data["documents"].startswith("https://") and data["evidence"]
    # The city, not the province of the same name: the query leaves the order of nodes open.
    nodes = network.nodes(data=True)
    latakia = next(d for _, d in nodes if d.get("label") == "Latakia" and d.get("placeType") == "city")
    assert latakia["latitude"] and latakia["mentions"] >= 5


def test_graphml_reads_back_in_networkx_and_igraph(network, tmp_path):
    [path] = write(network, "graphml", tmp_path / "net.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    node, data = next(iter(network.nodes(data=True)))
    assert back.nodes[node]["label"] == data["label"] and back.nodes[node]["type"] == data["type"]
    other = igraph.Graph.Read_GraphML(str(path))
    assert (other.vcount(), other.ecount()) == (network.number_of_nodes(), network.number_of_edges())
    assert "relation" in other.es.attributes() and "evidence" in other.es.attributes()


def test_gexf_reads_back_with_visual_attributes(network, tmp_path):
    [path] = write(network, "gexf", tmp_path / "net.gexf")
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    text = path.read_text()
    assert "viz:color" in text and "viz:size" in text
    assert all("label" in d for _, d in back.nodes(data=True))


def test_json_formats(network, tmp_path):
    [path] = write(network, "cytoscape", tmp_path / "net.json")
    data = json.loads(path.read_text())
    assert len(data["elements"]["nodes"]) == network.number_of_nodes()
    ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(ids) == len(set(ids)) == network.number_of_edges()
    [path] = write(network, "nodelink", tmp_path / "net.nodelink.json")
    back = nx.node_link_graph(json.loads(path.read_text()), edges="links")
    assert back.number_of_edges() == network.number_of_edges()


def test_neo4j_csv(network, tmp_path):
    nodes, edges = write(network, "csv", tmp_path / "net.csv")
    with nodes.open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) >= {"id:ID", "label", ":LABEL"} and len(rows) == network.number_of_nodes()
    ids = {r["id:ID"] for r in rows}
    with edges.open() as handle:
        links = list(csv.DictReader(handle))
    assert all(link[":START_ID"] in ids and link[":END_ID"] in ids and link[":TYPE"] for link in links)


def test_geojson_is_valid(network, tmp_path):
    [path] = write(network, "geojson", tmp_path / "net.geojson")
    collection = geojson.loads(path.read_text())
    assert collection.is_valid and collection["features"]
    for feature in collection["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_dot_renders_in_graphviz(network, tmp_path):
    [path] = write(network, "dot", tmp_path / "net.dot")
    subprocess.run(["dot", "-Tsvg", "-o", str(tmp_path / "net.svg"), str(path)], check=True)
    assert "<svg" in (tmp_path / "net.svg").read_text()
    [svg] = write(network, "dot", tmp_path / "direct.svg")
    assert "<svg" in svg.read_text()


def test_entity_neighbourhood_and_filters(examples_store):
    whole = project(examples_store)
    around = project(examples_store, entity="Sharaa", hops=1)
    assert 1 < around.number_of_nodes() < whole.number_of_nodes()
    assert any(d.get("label") == "Ahmed al-Sharaa" for _, d in around.nodes(data=True))


def test_cli_export_formats(examples_store, tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["build", "examples", "--store", str(store), "--quiet"]) == 0
    for fmt in ("graphml", "gexf", "cytoscape", "dot", "nodelink", "csv", "geojson"):
        assert main(["export", "--store", str(store), "--format", fmt, "--output", str(tmp_path / f"g.{fmt}")]) == 0
    for fmt, parser in (("ttl", "turtle"), ("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")):
        output = tmp_path / f"g.{fmt}"
        assert main(["export", "--store", str(store), "--format", fmt, "--output", str(output)]) == 0
        data = Graph().parse(output, format=parser) if fmt == "ttl" else Dataset().parse(output, format=parser)
        assert len(data) > 0 if fmt == "ttl" else sum(len(g) for g in data.graphs()) > 0
    assert (
        main(
            [
                "export",
                "--store",
                str(store),
                "--format",
                "graphml",
                "--output",
                str(tmp_path / "d.graphml"),
                "--since",
                "2025-03-10",
                "--until",
                "2025-03-10",
            ]
        )
        == 0
    )
    dated = nx.read_graphml(tmp_path / "d.graphml")
    assert 0 < dated.number_of_edges() < nx.read_graphml(tmp_path / "g.graphml").number_of_edges()


NPM = Path(__file__).resolve().parent.parent / "build" / "npm" / "node_modules"


@pytest.mark.skipif(
    shutil.which("node") is None or not (NPM / "graphology-gexf").is_dir(),
    reason="node or graphology-gexf (make install) is missing",
)
def test_gexf_reads_in_gephi_lites_parser(network, tmp_path):
    [path] = write(network, "gexf", tmp_path / "net.gexf")
    script = Path(__file__).parent / "js" / "read_gexf.js"
    result = subprocess.run(
        ["node", str(script), str(path)],
        env={**os.environ, "NODE_PATH": str(NPM)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == {"nodes": network.number_of_nodes(), "edges": network.number_of_edges()}


@pytest.mark.slow
def test_large_graph_exports_finish(tmp_path):
    graph = nx.MultiDiGraph()
    for i in range(100_000):
        graph.add_node(f"https://example.org/n{i}", label=f"actor {i}", type="Person", mentions=1, documents=1)
    for i in range(1, 100_000):
        graph.add_edge(
            "https://example.org/n0",
            f"https://example.org/n{i}",
            key=f"e{i}",
            relation="quoted about",
            weight=1,
            documents="https://example.org/d",
            evidence="words",
            citations="https://example.org/d words",
        )
    for fmt in ("graphml", "csv", "html"):
        for path in write(graph, fmt, tmp_path / f"big.{fmt}"):
            assert path.stat().st_size > 0
    assert nx.read_graphml(tmp_path / "big.graphml").number_of_nodes() == 100_000


def _store_of_100k_actors(path: Path) -> None:
    """One speaker quoted about 99,999 others: 100,000 nodes, 99,999 edges, each with evidence."""
    rdf_type, label = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(str(RDFS.label))
    document = ox.NamedNode("https://example.org/doc")
    speaker = ox.NamedNode("https://example.org/actor/0")
    identity = ox.NamedNode("https://example.org/graph/identity")

    def quads():
        # The document as a build writes it: an article with its source, as the queries look for it.
        yield ox.Quad(document, rdf_type, ox.NamedNode(str(NG.NewsArticle)), document)
        yield ox.Quad(document, ox.NamedNode(str(NG.source)), ox.Literal("big.txt"), document)
        for i in range(100_000):
            actor = ox.NamedNode(f"https://example.org/actor/{i}")
            yield ox.Quad(actor, rdf_type, ox.NamedNode(str(NG.Person)), document)
            yield ox.Quad(actor, label, ox.Literal(f"actor {i}"), document)
            # Each actor is its own resolved entity, as a build's identity graph makes it.
            yield ox.Quad(actor, ox.NamedNode(str(NG.canonical)), actor, identity)
            yield ox.Quad(actor, ox.NamedNode(str(SKOS.prefLabel)), ox.Literal(f"actor {i}"), identity)
            if i:
                fact = ox.NamedNode(f"https://example.org/statement/{i}")
                yield ox.Quad(fact, rdf_type, ox.NamedNode(str(NG.Statement)), document)
                yield ox.Quad(fact, ox.NamedNode(str(NG.speaker)), speaker, document)
                yield ox.Quad(fact, ox.NamedNode(str(NG.mentions)), actor, document)
                yield ox.Quad(fact, ox.NamedNode(str(NG.inDocument)), document, document)
                yield ox.Quad(fact, ox.NamedNode(str(NG.anchorOf)), ox.Literal(f"words about actor {i}"), document)

    store = ox.Store(str(path))
    store.bulk_extend(quads())
    store.flush()


@pytest.mark.slow
def test_100k_nodes_stream_from_the_store(tmp_path):
    """The whole graph goes from the store to the file without a graph in memory: Python holds
    ~30 MB at most for 100,000 nodes (the networkx route holds over 300 MB)."""
    _store_of_100k_actors(tmp_path / "store")
    with GraphStore(tmp_path / "store") as store:
        network = stream(store)
        tracemalloc.start()
        try:
            nodes_file, edges_file = write(network, "csv", tmp_path / "big.csv")
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        [graphml] = write(network, "graphml", tmp_path / "big.graphml")
        [gexf] = write(network, "gexf", tmp_path / "big.gexf")
    assert peak < 100_000_000
    back = nx.read_graphml(graphml)
    assert (back.number_of_nodes(), back.number_of_edges()) == (100_000, 99_999)
    assert back.nodes["https://example.org/actor/0"]["degree"] == 99_999
    assert back.edges["https://example.org/actor/0", "https://example.org/actor/7"]["evidence"] == "words about actor 7"
    with nodes_file.open(encoding="utf-8") as nodes, edges_file.open(encoding="utf-8") as edges:
        assert (sum(1 for _ in nodes), sum(1 for _ in edges)) == (100_001, 100_000)
    gexf_text = gexf.read_text(encoding="utf-8")
    assert (gexf_text.count("<node "), gexf_text.count("<edge ")) == (100_000, 99_999)


def test_selection_by_query_and_statement_nodes(examples_store):
    from builder.queries import get_query

    whole = project(examples_store)
    blame = project(examples_store, selection=get_query("who-blamed-whom").text)
    assert 0 < blame.number_of_nodes() < whole.number_of_nodes()
    assert {d["relation"] for _, _, d in blame.edges(data=True)} >= {"blamed"}
    network = get_query("actor-network").text  # a CONSTRUCT selects too
    assert project(examples_store, selection=network).number_of_nodes() > 0
    with_statements = project(examples_store, statements=True)
    said = [d for _, _, d in with_statements.edges(data=True) if d["relation"] == "said"]
    assert said and all(d["evidence"] for d in said)
    assert any(d.get("type") == "Statement" for _, d in with_statements.nodes(data=True))


def test_document_selection(examples_store):
    from builder.queries import bind, get_query

    one = project(examples_store, bind(get_query("graph-edges"), {"document": "2025-03-10-sharaa-committee"}))
    whole = project(examples_store)
    assert 0 < one.number_of_edges() < whole.number_of_edges()
    documents = {doc for _, _, d in one.edges(data=True) for doc in d["documents"].split()}
    assert len(documents) == 1


def test_the_node_keeping_rule():
    from builder.export.projection import kept

    assert kept("Event", 1, filtered=True) and kept("Person", 0, filtered=False)
    assert not kept("Event", 0, filtered=False) and not kept("Place", 0, filtered=True)


def test_stream_and_project_keep_the_same_nodes_and_edges(examples_store):
    from builder.queries import bind, get_query

    for values in ({}, {"document": "2025-03-10-sharaa-committee"}):
        params = bind(get_query("graph-edges"), values)
        graph, network = project(examples_store, params), stream(examples_store, params)
        streamed = dict(network.nodes())
        assert streamed.keys() == set(graph), values
        assert {n: d["degree"] for n, d in streamed.items()} == dict(graph.degree()), values
        assert {key for _, _, key, _ in network.edges()} == {key for _, _, key in graph.edges(keys=True)}, values


def test_control_characters_from_articles_do_not_break_xml(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="page\x0cbreak", type="Person")
    graph.add_node("b", label="Homs", type="Place")
    graph.add_edge("a", "b", key="k", relation="quoted about", weight=1, documents="d", evidence="bell\x07", label="x")
    [graphml] = write(graph, "graphml", tmp_path / "t.graphml")
    [gexf] = write(graph, "gexf", tmp_path / "t.gexf")
    assert nx.read_graphml(graphml).nodes["a"]["label"] == "pagebreak"
    assert nx.read_gexf(gexf).nodes["a"]["label"] == "pagebreak"


def test_vendored_files_and_their_licences_ship_with_the_package():
    vendor = VIEWER / "vendor"
    for name in (*VIEWER_LIBRARIES, BASEMAP):
        assert (vendor / name).stat().st_size > 1000
    assert {"cytoscape.LICENSE", "topojson-client.LICENSE", "world-atlas.LICENSE"} <= {p.name for p in vendor.iterdir()}

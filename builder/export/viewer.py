"""The viewer: a projection as one self-contained HTML page (network, accountability and map
views), from the template, libraries and basemap in `builder/viewer/`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from .writers import xml_values

VIEWER = Path(__file__).parent.parent / "viewer"
# The viewer keeps the browser responsive by showing at most this many nodes, the best connected.
VIEWER_NODE_LIMIT = 500
# What the viewer bundles, all from npm and vendored with their licences (vendor/README.md).
VIEWER_LIBRARIES = ("cytoscape.min.js", "topojson-client.min.js")
BASEMAP = "countries-110m.json"
# Administrative areas carry their kind in the viewer, so "Latakia" the city and "Latakia
# (province)" the area it lies in are told apart at a glance. The store's words are the
# gazetteer's levels, named as builder/data/places.json names them.
_AREA_WORDS = {"admin1": "province", "province": "province", "admin2": "district", "district": "district"}


def write_html(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
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
    return {k: v for k, v in xml_values(data).items() if k != "citations"}

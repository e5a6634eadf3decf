"""The writers: a projection as the files of the tools that read networks.

GraphML (yEd, Cytoscape, Gephi), GEXF with visual attributes (Gephi) and CSV for `neo4j-admin
import` are written one element at a time from a `Network`, so a whole store streams to the
file; Cytoscape.js JSON, DOT (Graphviz), node-link JSON (D3) and GeoJSON of located places and
events are written from a networkx graph. Each writer returns the files it wrote.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from .projection import Network

# Colours by node type for GEXF and DOT: actors warm, places green, events grey.
COLOURS = {
    "Person": (230, 85, 13),
    "Organization": (49, 130, 189),
    "Group": (117, 107, 177),
    "Place": (49, 163, 84),
    "Event": (150, 150, 150),
    "Statement": (253, 174, 107),
}

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


def from_graph(graph: nx.MultiDiGraph) -> Network:
    """A networkx projection (a selection, a neighbourhood) as a Network; the writers clean each
    element's values as they write it, so the graph is not copied."""
    node_keys = sorted({k for _, data in graph.nodes(data=True) for k in xml_values(data)})
    edge_keys = sorted({k for _, _, data in graph.edges(data=True) for k in xml_values(data)})
    return Network(
        nodes=lambda: iter(graph.nodes(data=True)),
        edges=lambda: iter(graph.edges(keys=True, data=True)),
        node_keys=node_keys,
        edge_keys=edge_keys,
    )


def _plain_values(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with the values the XML formats write (`xml_values`), for the JSON formats, so
    that every format gives an element the same values."""
    plain = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        plain.add_node(node, **xml_values(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        plain.add_edge(source, target, key=key, **xml_values(data))
    return plain


def xml_values(data: dict) -> dict:
    """Strings and numbers only; citations one a line, and no control character XML 1.0 forbids
    (an article's stray form feed would make the whole file unreadable)."""
    kept = {k: v for k, v in data.items() if isinstance(v, str | int | float)}
    return {k: _XML_FORBIDDEN.sub("", v.replace("\x1e", "\n")) if isinstance(v, str) else v for k, v in kept.items()}


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _kind(domain: str, key: str) -> str:
    return _NUMERIC.get((domain, key), "string")


def write_graphml(network: Network, output: Path) -> list[Path]:
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
            out.write(f"    <node id={quoteattr(node)}>{_graphml_data(ids, 'node', xml_values(data))}</node>\n")
        for source, target, _, data in network.edges():
            out.write(
                f"    <edge source={quoteattr(source)} target={quoteattr(target)}>"
                f"{_graphml_data(ids, 'edge', xml_values(data))}</edge>\n"
            )
        out.write("  </graph>\n</graphml>\n")
    return [output]


def _graphml_data(ids: dict[tuple[str, str], str], domain: str, data: dict) -> str:
    """The <data> elements of one element whose values `xml_values` has cleaned."""
    return "".join(
        f"<data key={quoteattr(ids[domain, k])}>{escape(_text(v))}</data>"
        for k, v in data.items()
        if (domain, k) in ids
    )


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def write_gexf(network: Network, output: Path) -> list[Path]:
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
            data = xml_values(raw)
            red, green, blue = COLOURS.get(str(data.get("type", "")).split(":")[0], (120, 120, 120))
            size = 5.0 + 2.0 * float(data.get("degree", 0))
            out.write(
                f"      <node id={quoteattr(node)} label={quoteattr(str(data.get('label', node)))}>"
                f"{_gexf_values(node_ids, data)}"
                f'<viz:color r="{red}" g="{green}" b="{blue}" a="1.0" /><viz:size value="{size}" /></node>\n'
            )
        out.write("    </nodes>\n    <edges>\n")
        for number, (source, target, key, raw) in enumerate(network.edges()):
            data = xml_values(raw)
            weight = float(data.get("weight", 1))
            out.write(
                f"      <edge id={quoteattr(str(number))} source={quoteattr(source)} target={quoteattr(target)} "
                f"label={quoteattr(str(data.get('label', key)))} weight={quoteattr(repr(weight))}>"
                f'{_gexf_values(edge_ids, data)}<viz:thickness value="{weight}" /></edge>\n'
            )
        out.write("    </edges>\n  </graph>\n</gexf>\n")
    return [output]


def _gexf_values(ids: dict[str, str], data: dict) -> str:
    """The <attvalues> of one element whose values `xml_values` has cleaned."""
    values = "".join(
        f"<attvalue for={quoteattr(ids[k])} value={quoteattr(_text(v))} />" for k, v in data.items() if k in ids
    )
    return f"<attvalues>{values}</attvalues>" if values else ""


def write_cytoscape(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    data = nx.cytoscape_data(_plain_values(graph))
    for element in data["elements"]["edges"]:
        element["data"]["id"] = element["data"].pop("key")
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return [output]


def write_nodelink(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
    data = nx.node_link_data(_plain_values(graph), edges="links")
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


def write_dot(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
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


def write_csv(network: Network, output: Path) -> list[Path]:
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


def write_geojson(graph: nx.MultiDiGraph, output: Path) -> list[Path]:
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

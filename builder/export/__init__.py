"""Export: the RDF graph projected to a network (`projection`) and written for the tools that
read networks (`writers`) or as one self-contained page (`viewer`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from .projection import Network, project, stream
from .viewer import BASEMAP, VIEWER, VIEWER_LIBRARIES, write_html
from .writers import (
    from_graph,
    write_csv,
    write_cytoscape,
    write_dot,
    write_geojson,
    write_gexf,
    write_graphml,
    write_nodelink,
)

__all__ = ["BASEMAP", "GRAPH_FORMATS", "STREAMED_FORMATS", "VIEWER", "VIEWER_LIBRARIES", "project", "stream", "write"]

# Format → (writer, whether it streams). A streaming writer takes a Network, so the whole store
# can go to its file without a graph in memory; the others take the networkx graph.
_WRITERS: dict[str, tuple[Callable[..., list[Path]], bool]] = {
    "graphml": (write_graphml, True),
    "gexf": (write_gexf, True),
    "cytoscape": (write_cytoscape, False),
    "dot": (write_dot, False),
    "nodelink": (write_nodelink, False),
    "csv": (write_csv, True),
    "geojson": (write_geojson, False),
    "html": (write_html, False),
}
GRAPH_FORMATS = tuple(_WRITERS)
STREAMED_FORMATS = tuple(fmt for fmt, (_, streams) in _WRITERS.items() if streams)


def write(graph: nx.MultiDiGraph | Network, fmt: str, output: Path) -> list[Path]:
    """Write a projection as `fmt`; returns the files written. GraphML, GEXF and CSV stream, so
    they take a Network from `stream` as well as a networkx graph."""
    writer, streams = _WRITERS[fmt]
    if streams:
        return writer(graph if isinstance(graph, Network) else from_graph(graph), output)
    if isinstance(graph, Network):
        raise ValueError(f"{fmt} is written from a networkx graph, not a stream")
    return writer(graph, output)

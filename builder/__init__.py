"""newsgraph: news articles in, a provenance-rich RDF knowledge graph out."""

__version__ = "0.1.0"

"""A store behind SPARQL 1.1 endpoints: the Oxigraph server, Virtuoso, or `newsgraph serve`.

`--store http://…` names the query endpoint; the update endpoint follows the server's convention
(`…/query` → `…/update` on Oxigraph, `…/sparql` → itself on Virtuoso) unless
`NEWSGRAPH_UPDATE_URL` names another. Credentials come from the environment only, never from
the command line, where other users of the machine would see them: `NEWSGRAPH_STORE_USER` and
`NEWSGRAPH_STORE_PASSWORD` (HTTP Basic or Digest, as the server asks) or `NEWSGRAPH_STORE_TOKEN`
(a bearer token, as `newsgraph serve --allow-update` wants).

Everything is written as the embedded store writes it (StoreBase): one update request per
document, its terms serialized by Oxigraph. Parameters reach queries as serialized terms in
VALUES blocks (`inline_params`), so the named queries run unchanged on any SPARQL 1.1 server.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from .iris import IriMinter
from .store import (
    DATASET_FORMATS,
    RDF_FORMATS,
    GraphStore,
    StoreBase,
    StoreError,
    inline_params,
    to_oxigraph,
    to_rdflib,
)
from .vocab import NG
from .vocab import PREFIXES as QUERY_PREFIXES

UPDATE_URL_ENV = "NEWSGRAPH_UPDATE_URL"
USER_ENV, PASSWORD_ENV, TOKEN_ENV = "NEWSGRAPH_STORE_USER", "NEWSGRAPH_STORE_PASSWORD", "NEWSGRAPH_STORE_TOKEN"
# Long enough for a whole-store listing on a large server; a dead server fails well before.
TIMEOUT = 300.0
_RESULTS = "application/sparql-results+json"
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_TRIPLES = "application/n-triples"
_IRI, _COMMENT = re.compile(r"<[^<>\s]*>"), re.compile(r"#[^\n]*")
_FORM = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", re.IGNORECASE)
_PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in QUERY_PREFIXES.items())


def is_endpoint(location: str | Path | None) -> bool:
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


def open_store(
    location: str | Path | None,
    must_exist: bool = False,
    wait: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
    read_only: bool = False,
) -> StoreBase:
    """The store at a folder (embedded; see GraphStore for the arguments) or at a SPARQL endpoint."""
    if is_endpoint(location):
        return EndpointStore(str(location))
    return GraphStore(location, must_exist=must_exist, wait=wait, on_wait=on_wait, read_only=read_only)


def update_url(query_url: str) -> str:
    """The update endpoint beside a query endpoint, by the servers' conventions."""
    if explicit := os.environ.get(UPDATE_URL_ENV):
        return explicit
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):
        path = path.removesuffix("/query") + "/update"
    return urllib.parse.urlunsplit(parts._replace(path=path or "/"))


class EndpointStore(StoreBase):
    """The store at a SPARQL endpoint: the same methods as GraphStore, over HTTP."""

    read_only = False
    path = None

    def __init__(self, url: str) -> None:
        self.url, self.update_url = url, update_url(url)
        self._opener = _opener(url, self.update_url)
        try:  # fail at once, with the server's own words, rather than at the first document
            self.query("ASK { ?s ?p ?o }")
        except StoreError as error:
            raise StoreError(f"{url}: not a SPARQL endpoint that answers: {error}") from None

    def __str__(self) -> str:
        return self.url

    def close(self) -> None:
        """Nothing to release: every request is complete when its method returns."""

    def refresh(self) -> bool:
        return False  # every query sees what the server holds now

    def _writing(self) -> None:
        """A server refuses what it does not allow: its answer is the error."""

    def _request(self, url: str, body: bytes, content_type: str, accept: str) -> tuple[str, bytes]:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type, "Accept": accept})
        try:
            with self._opener.open(request, timeout=TIMEOUT) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as error:
            said = error.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"{url}: HTTP {error.code} {error.reason}: {' '.join(said)[:300]}") from None
        except (urllib.error.URLError, OSError) as error:
            raise StoreError(f"{url}: cannot reach the server: {getattr(error, 'reason', error)}") from None

    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> ox.QuerySolutions:
        """SELECT and ASK answer as oxigraph results, CONSTRUCT and DESCRIBE as oxigraph triples:
        what the embedded store gives, so every caller works on either."""
        values = {name: to_oxigraph(term) for name, term in (params or {}).items()}
        text = _PROLOGUE + inline_params(sparql, values)
        # Oxigraph's server takes the union of the graphs as the default graph when asked;
        # Virtuoso's default graph is that union already.
        url = f"{self.url}{'&' if '?' in self.url else '?'}union-default-graph=true"
        body = urllib.parse.urlencode({"query": text}).encode()
        form = _form(sparql)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        kind, data = self._request(url, body, "application/x-www-form-urlencoded", _TRIPLES if graph else _RESULTS)
        if graph:
            return _as_query_triples(data, ox.RdfFormat.TURTLE if kind == "text/turtle" else ox.RdfFormat.N_TRIPLES)
        if kind != _RESULTS:
            raise StoreError(f"{self.url}: answered {kind}, not SPARQL results")
        results = json.loads(data)
        if form == "ASK" and "boolean" not in results:
            # Virtuoso answers some ASKs as a table of one variable, with no row for false.
            results = {"head": {}, "boolean": bool(results.get("results", {}).get("bindings"))}
        return ox.parse_query_results(json.dumps(_canonical_booleans(results)), format=ox.QueryResultsFormat.JSON)

    def _update(self, sparql: str) -> None:
        body = urllib.parse.urlencode({"update": _PROLOGUE + sparql}).encode()
        self._request(self.update_url, body, "application/x-www-form-urlencoded", "*/*")

    def update(self, sparql: str) -> None:
        self._update(sparql)

    def _has_graph(self, name: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {name} {{ ?s ?p ?o }} }}"))

    def triples_of(self, name: ox.NamedNode) -> set[ox.Triple]:
        return set(self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"))

    def holds(self, doc: URIRef, input_hash: str) -> bool:
        name = ox.NamedNode(str(doc))
        return bool(self.query(f"ASK {{ GRAPH {name} {{ {name} <{NG.inputHash}> {ox.Literal(input_hash)} }} }}"))

    def _graph_names(self, pattern: str) -> Iterator[ox.NamedNode]:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }} ORDER BY ?g")
        return (row["g"] for row in rows if isinstance(row["g"], ox.NamedNode))

    def document_graphs(self) -> Iterator[ox.NamedNode]:
        return self._graph_names("?g a ng:NewsArticle")

    def graphs(self) -> Iterator[ox.NamedNode]:
        """The graphs newsgraph wrote: a server's own graphs (Virtuoso's system graphs) are not."""
        return (g for g in self._graph_names("?s ?p ?o") if g.value.startswith(IriMinter().base))

    def graph(self, name: ox.NamedNode) -> Graph:
        graph = Graph()
        for triple in self.triples_of(name):
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph

    def _ours(self, select: str) -> ox.QuerySolutions:
        """One request over every quad of the graphs newsgraph wrote (see `graphs`)."""
        base = ox.Literal(IriMinter().base)
        return self.query(f"SELECT {select} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), {base})) }}")

    def quads(self) -> Iterator[ox.Quad]:
        return (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in self._ours("?s ?p ?o ?g"))

    def __len__(self) -> int:
        return int(next(iter(self._ours("(COUNT(*) AS ?n)")))["n"].value)

    def dump(self, output: str | Path, fmt: str) -> None:
        quads = list(self.quads())
        if fmt in DATASET_FORMATS:
            ox.serialize(quads, str(output), RDF_FORMATS[fmt])
        else:
            ox.serialize({q.triple for q in quads}, str(output), RDF_FORMATS[fmt], prefixes={"ng": str(NG)})

    def flush(self) -> None:
        """Each request is committed by the server when it answers."""


def _form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the query's first keyword past the prologue's IRIs and
    comments (a server answers in the format asked for, and some ask nothing else)."""
    form = _FORM.search(_COMMENT.sub(" ", _IRI.sub(" ", sparql)))
    return form.group(1).upper() if form else "SELECT"


def _canonical_booleans(results: dict) -> dict:
    """Results with xsd:boolean values in their canonical form: "0" and "1" are valid lexical
    forms (Virtuoso answers with them), but callers compare with "false" and "true"."""
    for row in results.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("datatype") == _BOOLEAN and term.get("value") in ("0", "1"):
                term["value"] = "true" if term["value"] == "1" else "false"
    return results


def _as_query_triples(data: bytes, fmt: ox.RdfFormat) -> ox.QueryTriples:
    """Triples from a server as the embedded store returns a CONSTRUCT: callers tell a graph
    answer from a table by its type, and only a query makes that type."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=fmt))
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _opener(*urls: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            passwords.add_password(None, url, user, password)
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
    opener = urllib.request.build_opener(*handlers)
    if token := os.environ.get(TOKEN_ENV):
        opener.addheaders = [("Authorization", f"Bearer {token}")]
    return opener

"""`newsgraph serve`: the store over HTTP, by the SPARQL 1.1 Protocol.

- `/query` (GET `?query=`, POST form `query=` or `application/sparql-query`): SELECT and ASK
  answer as SPARQL JSON, XML, CSV or TSV results, CONSTRUCT and DESCRIBE as Turtle, N-Triples,
  RDF/XML or JSON-LD, whichever the `Accept` header (or `?format=json|xml|csv|tsv|ttl|nt|jsonld`)
  asks for.
- `/named/NAME?KEY=VALUE`: a named query of `queries/`, its parameters bound as RDF terms
  exactly as `newsgraph query NAME --param KEY=VALUE` binds them, never pasted into the text.
- `/update` (POST form `update=` or `application/sparql-update`): only with `--allow-update`.
  Updates go straight to the store, past the SHACL gate that guards `newsgraph build`, so the
  server refuses them unless told otherwise.
- `SERVICE` (federated query) and `LOAD` make Oxigraph send HTTP requests wherever the text
  says, from the server's machine: both are refused unless `--allow-federation` is given.
- `/`: a page to write queries, run the named ones and read the results as a table.

The server is the standard library's threaded HTTP server: Oxigraph answers reads from many
threads at once. A SPARQL server of its own (Oxigraph server, Virtuoso) is the path when one
machine is not enough; `newsgraph export --format nq` hands it the data.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import SplitResult, parse_qs, urlsplit

import pyoxigraph as ox
from rdflib.term import Node

from .queries import QueryError, bind, catalogue, outbound_operations, run, serialized
from .store import GraphStore

# The largest request body read: queries are text, not uploads.
MAX_BODY = 1_000_000
# The longest query or update accepted. Oxigraph parses and evaluates by recursion, so the
# nesting a text of this length can hold ("{{{{…" or "((((…") must fit in a request thread's
# stack: 64,000 nested braces overflow a 64 MiB stack and kill the whole process.
MAX_QUERY = 100_000
# A request thread's stack: address space reserved, memory used only as deep as a query goes.
REQUEST_STACK = 1 << 30
PAGE = Path(__file__).parent / "viewer" / "sparql.html"

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class RequestError(Exception):
    """A request the server answers with a 4xx status and a one-line reason."""

    def __init__(self, status: HTTPStatus, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    status: HTTPStatus = HTTPStatus.OK


def answer_query(store: GraphStore, sparql: str, params: Mapping[str, Node], accept: str, wanted: str | None) -> Answer:
    """Run a query as `newsgraph query` runs it and serialize its result in the format asked for."""
    try:
        result = run(store, sparql, params)
        if isinstance(result, ox.QueryTriples):
            fmt = _pick(_GRAPH_FORMATS, accept, wanted, default="ttl")
        else:
            fmt = _pick(_RESULT_FORMATS, accept, wanted, default="json")
        body = serialized(result, fmt)
    except QueryError as error:
        # Every answer to a failed query opens "SPARQL error"; the reason already names SPARQL.
        reason = str(error).removeprefix("SPARQL ")
        raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL error: {reason}") from None
    return Answer(body, f"{_bare(fmt.media_type)}; charset=utf-8")


def check_text(sparql: str, update: bool, allow_federation: bool) -> None:
    """Refuse a query or update too long to parse safely, or one that would send requests out."""
    if len(sparql) > MAX_QUERY:
        raise RequestError(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a query or update is {MAX_QUERY:,} characters at most"
        )
    if allow_federation:
        return
    outbound = outbound_operations(sparql, update=update)
    if outbound:
        raise RequestError(
            HTTPStatus.FORBIDDEN,
            f"{' and '.join(sorted(outbound))} would make the server send requests to other hosts; "
            "start the server with --allow-federation to allow it",
        )


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip().casefold()


def _pick(formats: dict, accept: str, wanted: str | None, default: str) -> ox.QueryResultsFormat | ox.RdfFormat:
    """`?format=` first, then the first media type of `Accept` we can write, else the default."""
    if wanted:
        if wanted not in formats:
            raise RequestError(HTTPStatus.NOT_ACCEPTABLE, f"format {wanted!r} is not one of {', '.join(formats)}")
        return formats[wanted]
    for item in accept.split(","):
        media_type = item.split(";")[0].strip().casefold()
        match = next((f for f in formats.values() if _bare(f.media_type) == media_type), None)
        if match is not None:
            return match
    return formats[default]


class _Handler(BaseHTTPRequestHandler):
    server: NewsgraphServer

    def do_GET(self) -> None:
        self._respond(self._get)

    def do_POST(self) -> None:
        self._respond(self._post)

    def _respond(self, route: Callable[[SplitResult], Answer]) -> None:
        try:
            answer = route(urlsplit(self.path))
        except RequestError as error:
            answer = Answer(f"{error}\n".encode(), "text/plain; charset=utf-8", error.status)
        except Exception as error:  # a bug must cost one request, not the connection or a traceback
            where = f"{self.command} {self.path[:200]}"
            print(f"newsgraph serve: {where}: {type(error).__name__}: {error}", file=sys.stderr)
            answer = Answer(b"internal error; the server log says more\n", "text/plain; charset=utf-8", 500)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.media_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def _get(self, url: SplitResult) -> Answer:
        fields = parse_qs(url.query)
        if url.path == "/":
            return Answer(self.server.page, "text/html; charset=utf-8")
        if url.path == "/queries":
            listing = [
                {"name": q.name, "description": q.description, "params": [p.name for p in q.params]}
                for q in self.server.queries.values()
            ]
            return Answer(json.dumps(listing).encode(), "application/json")
        if url.path == "/query":
            return self._query(_one(fields, "query"), {}, fields, checked=False)
        if url.path.startswith("/named/"):
            try:
                name = url.path.removeprefix("/named/")
                if name not in self.server.queries:
                    raise QueryError(f"no query named {name!r}; /queries lists them")
                query = self.server.queries[name]
                values = {k: v[0] for k, v in fields.items() if k != "format"}
                params = bind(query, values)
            except QueryError as error:
                raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from None
            # Our own queries/ files: only their parameters come from the request, as RDF terms.
            return self._query(query.text, params, fields, checked=True)
        if url.path == "/update":
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "updates are sent with POST")
        raise RequestError(HTTPStatus.NOT_FOUND, f"no such path {url.path}; try /, /query, /named/NAME")

    def _post(self, url: SplitResult) -> Answer:
        media_type = self.headers.get("Content-Type", "").split(";")[0].strip().casefold()
        body = self._body()
        form = parse_qs(body) if media_type == "application/x-www-form-urlencoded" else {}
        if url.path == "/query":
            sparql = body if media_type == "application/sparql-query" else _one(form, "query")
            return self._query(sparql, {}, parse_qs(url.query), checked=False)
        if url.path == "/update":
            if not self.server.allow_update:
                raise RequestError(HTTPStatus.FORBIDDEN, "updates are off; start the server with --allow-update")
            sparql = body if media_type == "application/sparql-update" else _one(form, "update")
            check_text(sparql, update=True, allow_federation=self.server.allow_federation)
            try:
                self.server.store.update(sparql)
            except (SyntaxError, OSError, RuntimeError, ValueError) as error:
                raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL update error: {error}") from None
            return Answer(b"", "text/plain", HTTPStatus.NO_CONTENT)
        raise RequestError(HTTPStatus.NOT_FOUND, f"no such path {url.path}; POST goes to /query or /update")

    def _query(self, sparql: str, params: Mapping[str, Node], fields: dict, checked: bool) -> Answer:
        if not checked:
            check_text(sparql, update=False, allow_federation=self.server.allow_federation)
        accept = self.headers.get("Accept", "")
        return answer_query(self.server.store, sparql, params, accept, fields.get("format", [None])[0])

    def _body(self) -> str:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "Content-Length is not a number") from None
        if length < 0:
            raise RequestError(HTTPStatus.BAD_REQUEST, "Content-Length is negative")
        if length > MAX_BODY:
            raise RequestError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a request body is {MAX_BODY:,} bytes at most")
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def _one(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name, [])
    if len(values) != 1 or not values[0].strip():
        raise RequestError(HTTPStatus.BAD_REQUEST, f"give exactly one non-empty '{name}'")
    return values[0]


class NewsgraphServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        store: GraphStore,
        host: str = "127.0.0.1",
        port: int = 7878,
        allow_update: bool = False,
        allow_federation: bool = False,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.store = store
        self.allow_update = allow_update
        self.allow_federation = allow_federation
        self.queries = catalogue()
        self.page = PAGE.read_bytes()
        self.verbose = False

    def process_request(self, request: object, client_address: object) -> None:
        """Each request's thread gets REQUEST_STACK: a query nested deeper than the default
        8 MiB holds would overflow it inside Oxigraph and end the process, not the request."""
        previous = threading.stack_size(REQUEST_STACK)
        try:
            super().process_request(request, client_address)
        finally:
            threading.stack_size(previous)

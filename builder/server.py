"""`newsgraph serve`: the store over HTTP, by the SPARQL 1.1 Protocol.

- `/query` (GET `?query=`, POST form `query=` or `application/sparql-query`): SELECT and ASK
  answer as SPARQL JSON, XML, CSV or TSV results, CONSTRUCT and DESCRIBE as Turtle, N-Triples,
  RDF/XML or JSON-LD, whichever `?format=` (our names, SPARQLWrapper's `turtle`, `n3`,
  `json-ld`, `rdf+xml` or media types) or else the `Accept` header asks for.
- `/named/NAME?KEY=VALUE`: a named query of `queries/`, its parameters bound as RDF terms
  exactly as `newsgraph query NAME --param KEY=VALUE` binds them, never pasted into the text.
- `/update` (POST form `update=` or `application/sparql-update`): only with `--allow-update`
  and a request that carries the server's token (`Authorization: Bearer TOKEN`). Updates go
  straight to the store, past the SHACL gate that guards `newsgraph build`.
- `SERVICE` (federated query) and `LOAD` make Oxigraph send HTTP requests wherever the text
  says, from the server's machine: both are refused unless `--allow-federation` is given.
- `/health`: whether the server can answer queries, as JSON. `/`: a page to write queries, run
  the named ones and read the results as a table.

HTTP is waitress's: it reads each request whole (headers within `header_timeout`, the body
within `body_timeout` more, both bounded in size) in one I/O loop before any thread sees it,
so a slow or silent client holds a connection slot (bounded too), never a thread. Queries run
in a pool of worker processes (builder.workers), each on its own read-only snapshot of the
store: one that runs past `query_timeout` is really stopped, its worker killed and replaced,
while the others go on answering. Results stop at `row_cap` rows, and a truncated answer says
so in its `X-Newsgraph-Truncated` header. With `--allow-update` one more worker runs the
updates, one at a time and under the same limit, each on the store opened read-write for it.
"""

from __future__ import annotations

import hmac
import itertools
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from rdflib.term import Node
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

from .queries import QueryError, bind, catalogue, evaluated, outbound_operations, run, serialized
from .store import GraphStore, StoreError
from .workers import Busy, Died, Overrun, WorkerError, WorkerPool

# The largest request body read: queries are text, not uploads.
MAX_BODY = 1_000_000
# The longest query or update accepted. Oxigraph parses and evaluates by recursion, so the
# nesting a text of this length can hold ("{{{{…" or "((((…") must fit in a worker's query
# stack (builder.workers.WORKER_STACK).
MAX_QUERY = 100_000
# The request line and headers: room for a GET of the longest query, every byte %-escaped.
MAX_HEADERS = 3 * MAX_QUERY + 16_384
# Where `--allow-update` reads its token when no --token-file is given.
TOKEN_ENV = "NEWSGRAPH_UPDATE_TOKEN"
# A shorter token is guessable by trying; `openssl rand -hex 32` makes a good one.
MIN_TOKEN = 16
PAGE = Path(__file__).parent / "viewer" / "sparql.html"

_RESULTS = ox.QueryResultsFormat
_RDF = ox.RdfFormat


def _by_media_type(*formats: ox.QueryResultsFormat | ox.RdfFormat) -> dict:
    return {fmt.media_type.split(";")[0]: fmt for fmt in formats}


# What `?format=` and `Accept` may name, for solutions and booleans, then for graphs: the
# registered media types, our own short names, SPARQLWrapper's (it sends its name, then for
# some the media types, as `format`), and the media types clients use besides the registered.
_RESULT_NAMES = _by_media_type(_RESULTS.JSON, _RESULTS.XML, _RESULTS.CSV, _RESULTS.TSV) | {
    "json": _RESULTS.JSON,
    "xml": _RESULTS.XML,
    "csv": _RESULTS.CSV,
    "tsv": _RESULTS.TSV,
    "application/json": _RESULTS.JSON,
    "text/javascript": _RESULTS.JSON,
    "application/xml": _RESULTS.XML,
    "text/xml": _RESULTS.XML,
}
_GRAPH_NAMES = _by_media_type(_RDF.TURTLE, _RDF.N_TRIPLES, _RDF.RDF_XML, _RDF.JSON_LD) | {
    "ttl": _RDF.TURTLE,
    "turtle": _RDF.TURTLE,
    "n3": _RDF.TURTLE,  # Turtle is N3 without N3's extensions
    "nt": _RDF.N_TRIPLES,
    "ntriples": _RDF.N_TRIPLES,
    "xml": _RDF.RDF_XML,
    "rdf+xml": _RDF.RDF_XML,
    "jsonld": _RDF.JSON_LD,
    "json-ld": _RDF.JSON_LD,
    "json": _RDF.JSON_LD,
    "application/turtle": _RDF.TURTLE,
    "application/x-turtle": _RDF.TURTLE,
    "text/n3": _RDF.TURTLE,
    "text/rdf+n3": _RDF.TURTLE,
    "application/n3": _RDF.TURTLE,
    "application/x-json+ld": _RDF.JSON_LD,
    "application/json": _RDF.JSON_LD,
    "application/xml": _RDF.RDF_XML,
    "text/xml": _RDF.RDF_XML,
}
_SHORT_NAMES = {"results": "json, xml, csv, tsv", "graphs": "ttl, nt, xml, jsonld"}


class RequestError(Exception):
    """A request the server answers with an error status and a one-line reason."""

    def __init__(self, status: HTTPStatus, reason: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(reason)
        self.status = status
        self.headers = headers


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    status: int = HTTPStatus.OK
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def text(cls, status: int, reason: str, headers: tuple[tuple[str, str], ...] = ()) -> Answer:
        return cls(f"{reason}\n".encode(), "text/plain; charset=utf-8", status, headers)


@dataclass(frozen=True)
class Query:
    """A query for a worker: its text, its parameters as RDF terms, the formats asked for."""

    sparql: str
    params: Mapping[str, Node]
    accept: str
    wanted: tuple[str, ...]
    row_cap: int


@dataclass(frozen=True)
class Update:
    sparql: str


@dataclass
class Settings:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    workers: int = 2
    query_timeout: float = 30.0
    row_cap: int = 100_000
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    idle_timeout: float = 60.0
    max_connections: int = 200
    allow_federation: bool = False
    # The token updates must carry; None: updates are off.
    token: str | None = None
    verbose: bool = False
    # Seconds a worker waits for another process that holds the store (see GraphStore).
    wait: float = 0.0
    # MiB of memory a worker may take besides its query stack (builder.workers).
    worker_memory: int = 2048

    def __post_init__(self) -> None:
        limits = "workers query_timeout row_cap header_timeout body_timeout idle_timeout max_connections worker_memory"
        for name in limits.split():
            if getattr(self, name) <= 0:
                raise ServeError(f"--{name.replace('_', '-')} must be more than 0")


class ServeError(Exception):
    """The server cannot start: no usable token, a store that does not open, a port in use."""


def update_token(environ: Mapping[str, str], token_file: str | None) -> str:
    """The token of `--allow-update`, from --token-file or the environment: never from the
    command line, which every user of the machine can read in the process list."""
    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ServeError(
                f"{token_file}: cannot read the token: {getattr(error, 'strerror', None) or error}"
            ) from None
        where = token_file
    else:
        token = environ.get(TOKEN_ENV, "").strip()
        where = f"${TOKEN_ENV}"
        if not token:
            raise ServeError(
                f"--allow-update needs a token: set {TOKEN_ENV} or give --token-file FILE "
                "(e.g. made with 'openssl rand -hex 32'); clients send it as 'Authorization: Bearer TOKEN'"
            )
    if len(token) < MIN_TOKEN:
        raise ServeError(f"the token in {where} has {len(token)} characters; give at least {MIN_TOKEN}")
    return token


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


def _pick(names: dict, accept: str, wanted: tuple[str, ...], kind: str, default: Any) -> Any:
    """The first `?format=` value we can write (a name or media types), else the `Accept`
    header's most preferred media type we can write, else the default."""
    for value in wanted:
        for item in value.split(","):
            match = names.get(item.split(";")[0].strip().casefold())
            if match is not None:
                return match
    if wanted:
        raise RequestError(
            HTTPStatus.NOT_ACCEPTABLE, f"format {wanted[0]!r} is not one for {kind}: {_SHORT_NAMES[kind]}"
        )
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media_type, *options = (part.strip().casefold() for part in item.split(";"))
        quality = next((_quality(o[2:]) for o in options if o.startswith("q=")), 1.0)
        if quality > 0:
            ranked.append((-quality, position, media_type))
    for _, _, media_type in sorted(ranked):
        if media_type in names:
            return names[media_type]
        if media_type.endswith("/*"):
            break
    return default


def _quality(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def answer(store: GraphStore | Writer, job: Query | Update) -> Answer:
    """A worker's answer to one job (a reader's query, the writer's update); never raises, since
    a worker that raised would end."""
    try:
        if isinstance(job, Update):
            return _update(store, job.sparql)
        store.refresh()
        return _query(store, job)
    except RequestError as error:
        return Answer.text(error.status, str(error), error.headers)
    except Exception as error:  # a bug must cost one request, not the worker
        print(f"newsgraph serve: worker: {type(error).__name__}: {error}", file=sys.stderr)
        return Answer.text(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; the server log says more")


def _query(store: GraphStore, job: Query) -> Answer:
    """Run a query as `newsgraph query` runs it and serialize at most `row_cap` rows of it."""
    try:
        result = run(store, job.sparql, job.params)
        if isinstance(result, ox.QueryBoolean):
            fmt = _pick(_RESULT_NAMES, job.accept, job.wanted, "results", _RESULTS.JSON)
            return Answer(serialized(result, fmt), _media_type(fmt))
        if isinstance(result, ox.QueryTriples):
            fmt = _pick(_GRAPH_NAMES, job.accept, job.wanted, "graphs", _RDF.TURTLE)
            triples = list(itertools.islice(evaluated(result), job.row_cap + 1))
            body = ox.serialize(triples[: job.row_cap], format=fmt)
            kept = len(triples)
        else:
            fmt = _pick(_RESULT_NAMES, job.accept, job.wanted, "results", _RESULTS.JSON)
            rows = list(itertools.islice(evaluated(result), job.row_cap + 1))
            body = _solutions(result.variables, rows[: job.row_cap], fmt)
            kept = len(rows)
    except QueryError as error:
        # Every answer to a failed query opens "SPARQL error"; the reason already names SPARQL.
        reason = str(error).removeprefix("SPARQL ")
        raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL error: {reason}") from None
    truncated = kept > job.row_cap
    headers = (
        (("X-Newsgraph-Truncated", f"first {job.row_cap} rows only (the server's --row-cap)"),) if truncated else ()
    )
    return Answer(body, _media_type(fmt), headers=headers)


def _solutions(variables: list[ox.Variable], rows: list[ox.QuerySolution], fmt: ox.QueryResultsFormat) -> bytes:
    """The rows kept, in Oxigraph's own serialization: written as SPARQL TSV (each term in its
    N-Triples form, which Oxigraph's TSV reader takes back exactly), read back, written in `fmt`."""
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    return ox.parse_query_results(tsv, format=_RESULTS.TSV).serialize(format=fmt)


def _media_type(fmt: ox.QueryResultsFormat | ox.RdfFormat) -> str:
    return f"{fmt.media_type.split(';')[0]}; charset=utf-8"


class Writer:
    """The store of `serve --allow-update`, opened read-write for each update only: every update
    reaches the readers as the store closes (it publishes a snapshot then), and a build may
    write to the store between two updates."""

    def __init__(self, path: Path, wait: float) -> None:
        self.path, self.wait = path, wait
        # Once now, so that a store that cannot be written stops the server from starting.
        GraphStore(path, must_exist=True, wait=wait).close()

    def update(self, sparql: str) -> None:
        with GraphStore(self.path, must_exist=True, wait=self.wait) as store:
            store.update(sparql)

    def close(self) -> None:
        """Nothing is held between updates."""


def _update(writer: Writer, sparql: str) -> Answer:
    try:
        writer.update(sparql)
    except (SyntaxError, OSError, RuntimeError, ValueError) as error:
        raise RequestError(HTTPStatus.BAD_REQUEST, f"SPARQL update error: {error}") from None
    except StoreError as error:  # another process writing it for longer than --wait
        raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, str(error), (("Retry-After", "5"),)) from None
    return Answer(b"", "text/plain", HTTPStatus.NO_CONTENT)


class Service:
    """The WSGI application: routes, the checks made before a query reaches a worker, errors."""

    def __init__(self, settings: Settings, readers: WorkerPool, writer: WorkerPool | None) -> None:
        self.settings, self.readers, self.writer = settings, readers, writer
        self.queries = catalogue()
        self.page = PAGE.read_bytes()

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        started = time.monotonic()
        try:
            reply = self._route(environ)
        except RequestError as error:
            reply = Answer.text(error.status, str(error), error.headers)
        except Exception as error:  # a bug must cost one request, not the connection or a traceback
            where = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')[:200]}"
            print(f"newsgraph serve: {where}: {type(error).__name__}: {error}", file=sys.stderr)
            reply = Answer.text(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; the server log says more")
        status = HTTPStatus(reply.status)
        headers = [("Content-Type", reply.media_type), ("Content-Length", str(len(reply.body))), *reply.headers]
        start_response(f"{status.value} {status.phrase}", headers)
        if self.settings.verbose:
            took = (time.monotonic() - started) * 1000
            print(
                f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')} {status.value} {took:.0f} ms",
                file=sys.stderr,
            )
        return [reply.body]

    def _route(self, environ: dict) -> Answer:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        fields = parse_qs(environ.get("QUERY_STRING", ""))
        if method == "GET":
            return self._get(path, fields, environ)
        if method == "POST":
            return self._post(path, fields, environ)
        raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not answered here", (("Allow", "GET, POST"),))

    def _get(self, path: str, fields: dict[str, list[str]], environ: dict) -> Answer:
        if path == "/":
            return Answer(self.page, "text/html; charset=utf-8")
        if path == "/health":
            return self._health()
        if path == "/queries":
            listing = [
                {"name": q.name, "description": q.description, "params": [p.name for p in q.params]}
                for q in self.queries.values()
            ]
            return Answer(json.dumps(listing).encode(), "application/json")
        if path == "/query":
            return self._query(_one(fields, "query"), {}, fields, environ, checked=False)
        if path.startswith("/named/"):
            try:
                name = path.removeprefix("/named/")
                if name not in self.queries:
                    raise QueryError(f"no query named {name!r}; /queries lists them")
                query = self.queries[name]
                params = bind(query, {k: v[0] for k, v in fields.items() if k != "format"})
            except QueryError as error:
                raise RequestError(HTTPStatus.BAD_REQUEST, str(error)) from None
            # Our own queries/ files: only their parameters come from the request, as RDF terms.
            return self._query(query.text, params, fields, environ, checked=True)
        if path == "/update":
            raise RequestError(HTTPStatus.METHOD_NOT_ALLOWED, "updates are sent with POST", (("Allow", "POST"),))
        raise RequestError(HTTPStatus.NOT_FOUND, f"no such path {path}; try /, /query, /named/NAME, /health")

    def _post(self, path: str, fields: dict[str, list[str]], environ: dict) -> Answer:
        if path not in ("/query", "/update"):
            raise RequestError(HTTPStatus.NOT_FOUND, f"no such path {path}; POST goes to /query or /update")
        if path == "/update":
            # Refused before the body is even decoded: only a holder of the token gets further.
            self._authorize(environ)
        media_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().casefold()
        body = _body(environ)
        form = parse_qs(body) if media_type == "application/x-www-form-urlencoded" else {}
        if path == "/query":
            sparql = body if media_type == "application/sparql-query" else _one(form, "query")
            # SPARQLWrapper sends its format names in the form when it POSTs.
            return self._query(sparql, {}, {**form, **fields}, environ, checked=False)
        sparql = body if media_type == "application/sparql-update" else _one(form, "update")
        check_text(sparql, update=True, allow_federation=self.settings.allow_federation)
        return self._ask(self.writer, Update(sparql), "update")

    def _authorize(self, environ: dict) -> None:
        token = self.settings.token
        if token is None or self.writer is None:
            raise RequestError(HTTPStatus.FORBIDDEN, "updates are off; start the server with --allow-update")
        scheme, _, given = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.casefold() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise RequestError(
                HTTPStatus.UNAUTHORIZED,
                "updates need the server's token: send 'Authorization: Bearer TOKEN'",
                (("WWW-Authenticate", 'Bearer realm="newsgraph"'),),
            )

    def _query(self, sparql: str, params: Mapping[str, Node], fields: dict, environ: dict, checked: bool) -> Answer:
        if not checked:
            check_text(sparql, update=False, allow_federation=self.settings.allow_federation)
        job = Query(
            sparql, params, environ.get("HTTP_ACCEPT", ""), tuple(fields.get("format", ())), self.settings.row_cap
        )
        return self._ask(self.readers, job, "query")

    def _ask(self, pool: WorkerPool, job: Query | Update, what: str) -> Answer:
        try:
            return pool.ask(job)
        except Overrun:
            raise RequestError(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"{what} stopped: it ran past {pool.timeout:g} s, the server's limit (--query-timeout); "
                "ask for less (a LIMIT, fewer unbound joins) or start the server with a longer limit",
            ) from None
        except Busy as error:
            raise RequestError(
                HTTPStatus.SERVICE_UNAVAILABLE, f"server busy: {error}; try again", (("Retry-After", "1"),)
            ) from None
        except Died as error:
            raise RequestError(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"{what} failed: {error}; a {what} that needs more than {self.settings.worker_memory} MiB "
                "(--worker-memory) ends its worker",
            ) from None

    def _health(self) -> Answer:
        readers = self.readers.counts()
        health = {"status": "ok" if readers["workers"] else "unavailable", "queries": readers}
        if self.writer is not None:
            health["updates"] = self.writer.counts()
        status = HTTPStatus.OK if readers["workers"] else HTTPStatus.SERVICE_UNAVAILABLE
        return Answer(json.dumps(health).encode(), "application/json", status)


def _one(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name, [])
    if len(values) != 1 or not values[0].strip():
        raise RequestError(HTTPStatus.BAD_REQUEST, f"give exactly one non-empty '{name}'")
    return values[0]


def _body(environ: dict) -> str:
    """The request body, which waitress has already read whole and within MAX_BODY."""
    try:
        return environ["wsgi.input"].read().decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None


class _Channel(HTTPChannel):
    """A connection that remembers when the request it is reading began (or when it opened, while
    it has sent nothing): waitress's own timeout only notices a client that goes quiet, not one
    that sends a byte every second, nor one quiet from the start until `idle_timeout`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_began = time.time()
        self.silent = True

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_began = time.time()
        self.silent = self.silent and not data
        return super().received(data)


class _Server(TcpWSGIServer):
    """waitress's server, closing connections whose request headers (or body) take too long."""

    channel_class = _Channel

    def __init__(self, app: Service, adj: Adjustments, header_timeout: float, body_timeout: float) -> None:
        self.header_timeout, self.body_timeout = header_timeout, body_timeout
        super().__init__(app, adj=adj)

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        for channel in self.active_channels.values():
            reading = channel.request
            if reading is None and not channel.silent:
                continue  # between requests: the idle timeout's to judge
            allowed = self.header_timeout + (self.body_timeout if reading and reading.headers_finished else 0.0)
            if now - channel.request_began > allowed:
                channel.will_close = True


def serve(settings: Settings, on_ready: Callable[[str, int], None]) -> None:
    """Start the workers, listen, tell `on_ready` the address, and answer until interrupted
    (Ctrl-C or SIGTERM); ServeError when the store or the address cannot be had."""
    writer = readers = None
    memory = settings.worker_memory << 20
    try:
        if settings.token is not None:
            # Opened first: a writer publishes the snapshot the readers then open.
            writer = WorkerPool(
                partial(Writer, settings.store, settings.wait), answer, 1, settings.query_timeout, memory
            )
        # Waiting too: readers of a store written before snapshots take turns to publish its first.
        opener = partial(GraphStore, settings.store, must_exist=True, read_only=True, wait=settings.wait)
        readers = WorkerPool(opener, answer, settings.workers, settings.query_timeout, memory)
        server = _listen(settings, Service(settings, readers, writer))
        signal.signal(signal.SIGTERM, _interrupt)
        on_ready(server.effective_host, server.effective_port)
        server.run()
    except WorkerError as error:
        raise ServeError(str(error)) from None
    finally:
        for pool in (readers, writer):
            if pool is not None:
                pool.close()


def _listen(settings: Settings, app: Service) -> _Server:
    adjustments = Adjustments(
        host=settings.host,
        port=settings.port,
        # Threads only wait for workers (or answer /health, / and /queries): a few more than
        # the workers keep those answered while every worker is busy.
        threads=2 * settings.workers + 2,
        connection_limit=settings.max_connections,
        channel_timeout=int(max(settings.idle_timeout, 1)),
        cleanup_interval=1,
        max_request_header_size=MAX_HEADERS,
        max_request_body_size=MAX_BODY,
        asyncore_use_poll=True,
        ident="newsgraph",
    )
    # A queue of requests waiting for a thread is what the workers are for, not news.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    try:
        return _Server(app, adjustments, settings.header_timeout, settings.body_timeout)
    except OSError as error:
        raise ServeError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror or error}") from None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def default_workers() -> int:
    """One query worker per core, two at least (one long query must not stop the others) and
    eight at most (each is a process with its own store handle and caches)."""
    return min(8, max(2, os.cpu_count() or 1))

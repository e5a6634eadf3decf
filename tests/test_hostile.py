"""Hostile input to the queries: parameters, query files, the HTTP endpoints.

Whatever a value holds (quotes, braces, newlines, escapes, IRIs with spaces or `>` inside,
unicode), it must give the rows a harmless value gives and leave the store as it was; the
command line answers a bad request with one error line and exit status 2, the server with
a 4xx and a one-line reason. The server sends no request out (SERVICE, LOAD) unless it was
started with --allow-federation.
"""

from __future__ import annotations

import http.client
import http.server
import json
import threading
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from test_server import count as served_triples
from test_server import fetch, serve  # noqa: F401 - serve is a fixture

from builder.cli import main
from builder.queries import Table, as_term, bind, named_queries, outbound_operations, run
from builder.store import GraphStore

HARMLESS = "qqqq-matches-nothing"
PAYLOADS = [
    '") } } DROP ALL #',
    "' } ; DROP ALL ; #",
    '" } ; DROP ALL ; #',
    "} UNION { ?s ?p ?o",
    '"\n} UNION {\n?s ?p ?o #',
    '\\" ) || true || ("',
    "\\u0022) || 1=1 #",
    '\\\\" . ?s ?p ?o',
    "<https://w3id.org/newsgraph/id/x> } UNION { ?s ?p ?o",
    "https://exa mple.org/x>",
    "<https://example.org/a b>",
    "https://example.org/x> } UNION { ?s ?p ?o . <https://example.org/y",
    'https://example.org/"quoted"',
    "https://example.org/{x}",
    "https://example.org/<x>",
    "https://exa%zzmple.org/",
    "http://[::1",
    "urn:x:<inner>",
    "https://example.org/nothing-here",
    "𝕊𝕪𝕣𝕚𝕒 Ω \u202e \ufeff",
    "\x00",
    "LOAD <http://127.0.0.1:9/x> ;",
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
]
PARAMETERS = [(q.name, p.name) for q in named_queries().values() for p in q.params]


def rows(store: GraphStore, name: str, values: dict[str, str]) -> list[list[str]]:
    query = named_queries()[name]
    return Table.from_solutions(run(store, query.text, bind(query, values))).values()


def base_values(name: str) -> dict[str, str]:
    """A harmless value for each required parameter, so that only the one under test varies."""
    return {p.name: HARMLESS for p in named_queries()[name].params if p.required}


def test_the_named_queries_have_parameters_and_some_rows(examples_store):
    assert len(PARAMETERS) >= 15
    assert rows(examples_store, "who-blamed-whom", {}), "a payload turning into 'all rows' would be seen"


# graph-edges, the export's query, takes seconds over every payload: it runs with the slow tests.
@pytest.mark.parametrize(
    ("name", "param"),
    [pytest.param(n, p, marks=pytest.mark.slow) if n == "graph-edges" else (n, p) for n, p in PARAMETERS],
)
def test_every_parameter_takes_every_payload_as_a_value(examples_store, name, param):
    before = len(examples_store)
    expected = rows(examples_store, name, {**base_values(name), param: HARMLESS})
    for payload in PAYLOADS:
        assert rows(examples_store, name, {**base_values(name), param: payload}) == expected, repr(payload)
    assert len(examples_store) == before


@pytest.mark.parametrize(
    "value",
    [
        "https://exa mple.org/",
        "<https://a b>",
        "https://x/<y>",
        'https://x/"y"',
        "https://x/{y}",
        "http://[::1",
        "https://exa%zzmple.org/",
        "urn:a|b",
        "https://x/\\y",
        "<https://x/y>>",
    ],
)
def test_a_value_that_only_looks_like_an_iri_is_a_string(value):
    term = as_term(value)
    assert isinstance(term, Literal) and str(term) == value


def test_values_that_are_iris_stay_iris():
    assert as_term("https://example.org/Ωmega") == URIRef("https://example.org/Ωmega")
    assert as_term(" <urn:x:1> ") == URIRef("urn:x:1")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, examples_store) -> Path:
    """A copy of the examples store on disk, closed, for the command line to open."""
    folder = tmp_path_factory.mktemp("hostile")
    examples_store.dump(folder / "all.nq", "nq")
    store = ox.Store(str(folder / "store"))
    store.bulk_load(path=str(folder / "all.nq"), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return folder / "store"


def command(capsys, *args: str) -> tuple[int, str, list[str]]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err.splitlines()


def assert_one_error_line(rc: int, err: list[str]) -> None:
    assert rc == 2, err
    assert len(err) == 1 and err[0].startswith("newsgraph: ") and "Traceback" not in err[0], err


def count(store_dir: Path) -> int:
    with GraphStore(store_dir) as store:
        return len(store)


@pytest.mark.slow
def test_command_line_parameters_are_values(store_dir, capsys):
    before = count(store_dir)
    rc, harmless, _ = command(
        capsys, "query", "who-blamed-whom", "--store", str(store_dir), "--param", f"blamer={HARMLESS}"
    )
    assert rc == 0
    for payload in PAYLOADS:
        if "\x00" in payload:
            continue  # no command line can hold a NUL
        rc, out, err = command(
            capsys, "query", "who-blamed-whom", "--store", str(store_dir), "--param", f"blamer={payload}"
        )
        assert (rc, out) == (0, harmless), (payload, err)
    # Bytes that are not UTF-8 reach Python as lone surrogates.
    rc, _, err = command(capsys, "query", "who-blamed-whom", "--store", str(store_dir), "--param", "blamer=\udcff")
    assert_one_error_line(rc, err)
    assert count(store_dir) == before


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "..", "who-blamed-whom/../documents", "queries/documents.rq", ""]
)
def test_no_named_query_outside_queries(store_dir, capsys, name):
    rc, out, err = command(capsys, "query", name, "--store", str(store_dir))
    assert out == ""
    assert_one_error_line(rc, err)
    assert "no query named" in err[0]


def test_query_files_that_are_missing_binary_or_hostile(store_dir, tmp_path, capsys):
    before = count(store_dir)
    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\xff\xfe\x00SELECT")
    drop = tmp_path / "drop.rq"
    drop.write_text('SELECT * WHERE { ?s ?p " } ; DROP ALL ; # " }\nDROP ALL\n', encoding="utf-8")
    update = tmp_path / "update.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }", encoding="utf-8")
    for path in (tmp_path / "missing.rq", tmp_path, binary, drop, update):
        rc, out, err = command(capsys, "query", "--file", str(path), "--store", str(store_dir))
        assert_one_error_line(rc, err)
        assert out == ""
    rc, out, err = command(capsys, "query", "--sparql", "DROP ALL", "--store", str(store_dir))
    assert_one_error_line(rc, err)
    assert count(store_dir) == before
    # A --file query's parameters are bound the same way.
    params = tmp_path / "params.rq"
    params.write_text("SELECT ?v WHERE { BIND (ngf:param('who') AS ?v) }", encoding="utf-8")
    rc, out, err = command(
        capsys,
        "query",
        "--file",
        str(params),
        "--store",
        str(store_dir),
        "--param",
        'who=" } ; DROP ALL ; #',
        "--format",
        "csv",
    )
    assert rc == 0 and out.splitlines() == ["v", '""" } ; DROP ALL ; #"'], err


@pytest.mark.slow
def test_named_endpoint_binds_payloads_as_values(examples_store, serve):  # noqa: F811
    base = serve(examples_store)
    before = len(examples_store)
    for name, param in PARAMETERS:
        harmless = {**base_values(name), param: HARMLESS}
        status, _, body = fetch(f"{base}/named/{name}?{urllib.parse.urlencode(harmless)}")
        assert status == 200, body
        expected = json.loads(body)["results"]["bindings"]
        for payload in PAYLOADS[:9] + PAYLOADS[12:14] + PAYLOADS[19:21]:
            values = {**base_values(name), param: payload}
            status, _, body = fetch(f"{base}/named/{name}?{urllib.parse.urlencode(values)}")
            assert status == 200, (name, param, payload, body)
            assert json.loads(body)["results"]["bindings"] == expected, (name, param, payload)
    # Not UTF-8 once percent-decoded: the decoder's replacement character, a string like any other.
    status, _, body = fetch(f"{base}/named/who-blamed-whom?blamer=%ff%fe")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert len(examples_store) == before


@pytest.mark.parametrize(
    "path",
    [
        "/named/..%2F..%2Fetc%2Fpasswd",
        "/named/../../etc/passwd",
        "/named/%2e%2e/queries/documents",
        "/named/documents.rq",
        "/named/",
        "/named/documents%00",
        "/../../etc/passwd",
    ],
)
def test_no_path_leaves_the_named_queries(examples_store, serve, path):  # noqa: F811
    base = serve(examples_store)
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    connection.request("GET", path)  # as sent, not normalised by a client
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert 400 <= response.status < 500 and "root:" not in body, (response.status, body)
    assert body.count("\n") == 1 and "Traceback" not in body


def test_query_endpoint_refuses_updates_and_broken_requests(examples_store, serve):  # noqa: F811
    base = serve(examples_store)
    before = len(examples_store)
    for text in ("DROP ALL", 'SELECT * WHERE { ?s ?p " } ; DROP ALL ; #" }\nDROP ALL', "CLEAR DEFAULT", "\udcff"):
        status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': text}, errors='surrogatepass')}")
        assert status == 400 and body.startswith("SPARQL error"), body
    status, _, body = fetch(f"{base}/query", b"\xff\xfe", {"Content-Type": "application/sparql-query"})
    assert status == 400 and "UTF-8" in body
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=30)
    connection.putrequest("POST", "/query")
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", "lots")
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 400 and b"Content-Length" in response.read()
    connection.close()
    assert len(examples_store) == before


@pytest.mark.slow
def test_deeply_nested_queries_cost_a_request_not_the_server(examples_store, serve):  # noqa: F811
    base = serve(examples_store)
    # 64,000 nested braces overflow a 64 MiB stack inside Oxigraph and end the process.
    for text in ("SELECT * WHERE " + "{" * 99_000, "SELECT * WHERE { FILTER(" + "(" * 99_000):
        status, _, body = fetch(f"{base}/query", text.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400, body[:200]
    status, _, _ = fetch(
        f"{base}/query",
        b"SELECT * WHERE " + b"{" * 60_000 + b"}" * 60_000,
        {"Content-Type": "application/sparql-query"},
    )
    assert status == 413
    status, _, _ = fetch(f"{base}/query?{urllib.parse.urlencode({'query': 'ASK { ?s ?p ?o }'})}")
    assert status == 200


@pytest.fixture
def listener():
    """An HTTP server standing for an outside host: it records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.reply()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.reply()

        def reply(self) -> None:
            hits.append(f"{self.command} {self.path}")
            body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()
    server.server_close()


def federated(remote: str) -> list[str]:
    """SERVICE written every way Oxigraph reads it, including ways that fool a parser or a grep."""
    return [
        f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{remote}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{remote}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ {{ SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }} }} }} }}",
        f"ASK {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
        # rdflib reads \u0022 as a quote before parsing, Oxigraph only inside the string: to rdflib
        # alone the SERVICE would be inside one long string.
        f'SELECT * WHERE {{ BIND("\\u0022" AS ?x) SERVICE SILENT <{remote}> {{ ?s ?p ?o }} BIND("\\u0022" AS ?y) }}',
        # A comment ends at a carriage return too.
        f"SELECT * WHERE {{ ?s ?p ?o # note\rSERVICE SILENT <{remote}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE SILENT <{remote}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o SERVICESILENT<{remote}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?svc {{ <{remote}> }} SERVICE ?svc {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_unless_federation_is_allowed(examples_store, serve, listener):  # noqa: F811
    remote, hits = listener
    base = serve(examples_store)
    for text in federated(remote):
        assert outbound_operations(text) == {"SERVICE"}, text
        status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': text})}")
        assert status == 403 and "--allow-federation" in body, (text, status, body)
        form = urllib.parse.urlencode({"query": text}).encode()
        assert fetch(f"{base}/query", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
        assert fetch(f"{base}/query", text.encode(), {"Content-Type": "application/sparql-query"})[0] == 403
    assert hits == []
    # The word in a string, an IRI, a comment or a name is no SERVICE call.
    for text in (
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }" } LIMIT 1',
        "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
        "SELECT ?service WHERE { ?service <https://example.org/SERVICE> ?serviceArea }",
    ):
        status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': text})}")
        assert status == 200, (text, body)


def test_pyoxigraph_does_call_services_and_load_documents(examples_store, serve, listener, tmp_path):  # noqa: F811
    """Why the refusal matters: allowed, SERVICE and LOAD reach the outside host."""
    remote, hits = listener
    base = serve(examples_store, allow_federation=True)
    status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': federated(remote)[0]})}")
    assert status == 200, body
    assert hits == ["POST /sparql"]
    with GraphStore(tmp_path / "open") as store:
        base = serve(store, allow_update=True, allow_federation=True)
        status, _, body = fetch(
            f"{base}/update", f"LOAD SILENT <{remote}>".encode(), {"Content-Type": "application/sparql-update"}
        )
        assert status == 204, body
    assert hits == ["POST /sparql", "GET /sparql"]


def test_load_and_service_in_updates_are_refused(tmp_path, serve, listener):  # noqa: F811
    remote, hits = listener
    headers = {"Content-Type": "application/sparql-update"}
    with GraphStore(tmp_path / "open"):
        pass  # an empty store, left for the server to write
    base = serve(tmp_path / "open", allow_update=True)
    for update in (
        f"LOAD <{remote}>",
        f"load silent <{remote}> into graph <https://example.org/g>",
        f"CLEAR SILENT GRAPH <https://example.org/g> ; LOAD <{remote}>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
        f'INSERT DATA {{ <https://example.org/a> <https://example.org/p> "\\u0022" }} ; LOAD <{remote}> ; '
        'INSERT DATA { <https://example.org/a> <https://example.org/p> "\\u0022" }',
    ):
        status, _, body = fetch(f"{base}/update", update.encode(), headers)
        assert status == 403 and "--allow-federation" in body, (update, body)
        form = urllib.parse.urlencode({"update": update}).encode()
        assert fetch(f"{base}/update", form, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    harmless = 'INSERT DATA { <https://example.org/a> <https://example.org/p> "LOAD <http://127.0.0.1:9/>" }'
    assert fetch(f"{base}/update", harmless.encode(), headers)[0] == 204
    assert served_triples(base) == 1
    assert hits == []

"""`newsgraph serve`: the SPARQL 1.1 Protocol over the store, spoken to by real HTTP clients.

Every server here is a real `newsgraph serve` process on a free port of 127.0.0.1, with its
query workers, on a store folder of its own (a copy of the store the test hands over).
"""

import contextlib
import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from browser import CHROMIUM, Page
from rdflib import Graph

from builder.server import MAX_BODY, TOKEN_ENV
from builder.store import GraphStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Runs for hours on any store of a few thousand triples: every triple times every triple, thrice.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TOKEN = "test-token-0123456789abcdef"
# The update token of each server started with --allow-update, by its base URL (see `fetch`).
TOKENS: dict[str, str] = {}
# Servers without --allow-update answer every test alike: one per store and options, kept.
_SHARED: dict[tuple, tuple[subprocess.Popen, str]] = {}
_COPIES: dict[tuple, Path] = {}


def start_server(store: Path, *options: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """`newsgraph serve` on a free port; its process and base URL once it says it serves."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "builder.cli",
            "serve",
            "--store",
            str(store),
            "--port",
            "0",
            "--workers",
            "2",
            *options,
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    line = process.stderr.readline()
    if "serving" not in line:
        process.kill()
        pytest.fail(f"the server did not start: {line}{process.stderr.read()}")
    # Drained, so that whatever it logs later never fills the pipe and stops it.
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, line.split(" at ")[1].split("/ ")[0]


def stop_server(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    return process.wait(timeout=30)


def copied(store: GraphStore | Path, folder: Path, fresh: bool = False) -> Path:
    """A store folder with the quads of `store`, written and closed: a server process needs one
    that the test does not hold open. Kept for the next server unless `fresh` (one that writes)."""
    if isinstance(store, Path):
        return store
    key = (store.path or id(store), len(store))
    if not fresh and key in _COPIES:
        return _COPIES[key]
    by_graph = defaultdict(list)
    for quad in store.quads():
        by_graph[quad.graph_name].append(f"{quad.subject} {quad.predicate} {quad.object} .")
    blocks = [
        "\n".join(lines) if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}"
        for graph, lines in by_graph.items()
    ]
    with GraphStore(folder) as copy:
        if blocks:
            copy.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    if not fresh:
        _COPIES[key] = folder
    return folder


@pytest.fixture
def serve(tmp_path_factory, request):
    """Start (or reuse) a server over a copy of a store; yields a function that gives its base URL.
    A server with --allow-update is the test's own, with the token TOKEN."""
    own = []

    def start(store: GraphStore | Path, allow_update: bool = False, allow_federation: bool = False, *options) -> str:
        folder = copied(store, tmp_path_factory.mktemp("served") / "store", fresh=allow_update)
        flags = (*options, *(["--allow-federation"] if allow_federation else []))
        if allow_update:
            process, base = start_server(folder, "--allow-update", *flags, env={TOKEN_ENV: TOKEN})
            own.append(process)
            TOKENS[base] = TOKEN
            return base
        key = (folder, flags)
        if key not in _SHARED or _SHARED[key][0].poll() is not None:
            if not _SHARED:
                request.config.add_cleanup(_stop_shared)
            _SHARED[key] = start_server(folder, *flags)
        return _SHARED[key][1]

    yield start
    for process in own:
        stop_server(process)


def _stop_shared() -> None:
    for process, _ in _SHARED.values():
        stop_server(process)
    _SHARED.clear()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    """Status, media type and text of a request. To a server started with --allow-update it
    sends the token, as its owner would, unless `headers` says otherwise."""
    headers = dict(headers or {})
    base = next((b for b in TOKENS if url.startswith(f"{b}/")), None)
    if base is not None and "Authorization" not in headers:
        headers["Authorization"] = f"Bearer {TOKENS[base]}"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def fetch_headers(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def count(base: str) -> int:
    status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': COUNT})}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def raw(base: str, request: bytes, wait: float = 10.0) -> bytes:
    """What the server sends back to bytes written on a socket, until it closes or `wait` passes."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(request)
        received = b""
        # The server may close with some of the request unread: a reset after its answer.
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := connection.recv(65536):
                received += chunk
    return received


def workers_of(pid: int) -> set[int]:
    """The worker processes of a server (empty where /proc does not list children)."""
    children = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):  # each thread's own children
        with contextlib.suppress(OSError):
            children |= {int(p) for p in task.read_text().split()}
    return {child for child in children if b"spawn_main" in _cmdline(child)}


def _running(pid: int) -> bool:
    """Whether a process has yet to end all its threads: a zombie whose other threads still
    exit shows as one, and its parent cannot reap it yet."""
    try:
        status = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    except (OSError, ValueError):
        return False
    return not (status["State"].startswith("Z") and status["Threads"].strip() == "1")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_select_by_get_and_post_in_the_format_asked_for(examples_store, serve):
    base = serve(examples_store)
    status, media_type, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': COUNT})}")
    assert status == 200 and media_type.startswith("application/sparql-results+json")
    total = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert total == len(examples_store)
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, media_type, body = fetch(
        f"{base}/query",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"},
    )
    assert status == 200 and media_type.startswith("text/csv") and body.splitlines()[1] == str(total)
    status, _, body = fetch(f"{base}/query", COUNT.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["head"]["vars"] == ["n"]
    # The most preferred type the server can write wins, wherever it stands in the header.
    status, media_type, _ = fetch(
        f"{base}/query?{urllib.parse.urlencode({'query': COUNT})}",
        headers={"Accept": "text/csv;q=0.5, text/tab-separated-values, */*;q=0.1"},
    )
    assert status == 200 and media_type.startswith("text/tab-separated-values")


def test_construct_answers_rdf(examples_store, serve):
    base = serve(examples_store)
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"
    status, media_type, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': query, 'format': 'nt'})}")
    assert status == 200 and media_type.startswith("application/n-triples") and len(body.splitlines()) == 3


# What SPARQLWrapper 2.0 sends for a CONSTRUCT by each return format: its name as `format`,
# `output` and `results` (for JSON-LD and RDF/XML each also with the media types), and an
# Accept header of its own.
SPARQLWRAPPER = {
    "turtle": (["turtle"], "application/turtle,text/turtle", "text/turtle", "turtle"),
    "n3": (
        ["n3"],
        "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3",
        "text/turtle",
        "turtle",
    ),
    "json-ld": (
        ["json-ld", "application/ld+json,application/x-json+ld"],
        "application/ld+json,application/x-json+ld",
        "application/ld+json",
        "json-ld",
    ),
    "xml": (["xml"], "application/rdf+xml", "application/rdf+xml", "xml"),
    "rdf+xml": (["rdf+xml", "application/rdf+xml"], "application/rdf+xml", "application/rdf+xml", "xml"),
}


@pytest.mark.parametrize("name", list(SPARQLWRAPPER))
def test_sparqlwrapper_construct_requests_are_answered(examples_store, serve, name):
    values, accept, media_type, rdflib_format = SPARQLWRAPPER[name]
    base = serve(examples_store)
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"
    fields = [("query", query)] + [(key, v) for key in ("format", "output", "results") for v in values]
    status, answered, body = fetch(f"{base}/query?{urllib.parse.urlencode(fields)}", headers={"Accept": accept})
    assert status == 200 and answered.startswith(media_type), (status, answered, body)
    assert len(Graph().parse(data=body, format=rdflib_format)) == 3
    # POSTed as a form, SPARQLWrapper puts the same fields in the body.
    status, answered, body = fetch(
        f"{base}/query",
        urllib.parse.urlencode(fields).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )
    assert (
        status == 200 and answered.startswith(media_type) and len(Graph().parse(data=body, format=rdflib_format)) == 3
    )


def test_sparqlwrapper_select_default_is_xml(examples_store, serve):
    base = serve(examples_store)
    fields = [("query", COUNT), ("format", "xml"), ("output", "xml"), ("results", "xml")]
    status, media_type, body = fetch(
        f"{base}/query?{urllib.parse.urlencode(fields)}", headers={"Accept": "application/sparql-results+xml"}
    )
    assert status == 200 and media_type.startswith("application/sparql-results+xml") and "<sparql" in body


def test_named_query_with_parameters_bound_not_pasted(examples_store, serve):
    base = serve(examples_store)
    status, _, body = fetch(f"{base}/named/who-blamed-whom?format=csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert status == 200 and rows
    assert list(rows[0])[:7] == ["blamer", "blamerLabel", "blamed", "blamedLabel", "reason", "evidence", "document"]
    blamer = rows[0]["blamerLabel"]
    status, _, body = fetch(f"{base}/named/who-blamed-whom?{urllib.parse.urlencode({'blamer': blamer})}")
    assert status == 200 and json.loads(body)["results"]["bindings"]
    # A value that would change the query if it were pasted in is only a string that matches nothing.
    injection = '") } UNION { ?s ?p ?o } #'
    status, _, body = fetch(f"{base}/named/who-blamed-whom?{urllib.parse.urlencode({'blamer': injection})}")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = fetch(f"{base}/named/who-blamed-whom?colour=red")
    assert status == 400 and "takes no parameter colour" in body


def test_bad_requests_say_why(examples_store, serve):
    base = serve(examples_store)
    status, _, body = fetch(f"{base}/query?query=SELEC")
    assert status == 400 and body.startswith("SPARQL error")
    assert fetch(f"{base}/query")[0] == 400
    assert fetch(f"{base}/nowhere")[0] == 404
    assert fetch(f"{base}/query?query={urllib.parse.quote(COUNT)}&format=pdf")[0] == 406
    status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': COUNT, 'format': 'turtle'})}")
    assert status == 406 and "json, xml, csv, tsv" in body


def test_health(examples_store, serve):
    status, media_type, body = fetch(f"{serve(examples_store)}/health")
    assert status == 200 and media_type == "application/json"
    assert json.loads(body) == {"status": "ok", "queries": {"workers": 2, "idle": 2}}


def test_a_runaway_query_is_stopped_while_others_are_answered(examples_store, tmp_path):
    process, base = start_server(copied(examples_store, tmp_path / "store"), "--query-timeout", "3")
    try:
        workers = workers_of(process.pid)
        outcome = {}

        def runaway() -> None:
            started = time.monotonic()
            outcome["answer"] = fetch(f"{base}/query?{urllib.parse.urlencode({'query': CARTESIAN})}")
            outcome["took"] = time.monotonic() - started

        thread = threading.Thread(target=runaway)
        thread.start()
        answered = []
        while thread.is_alive():
            started = time.monotonic()
            assert count(base) == len(examples_store)
            answered.append(time.monotonic() - started)
        thread.join()
        status, _, body = outcome["answer"]
        assert status == 503 and "stopped" in body and "--query-timeout" in body, body
        assert 3 <= outcome["took"] < 10
        assert len(answered) >= 3 and max(answered) < 3, answered
        # Really stopped: the worker that ran it is gone, and a fresh one takes its place.
        if workers:
            assert any(not Path(f"/proc/{pid}").exists() for pid in workers)
        deadline = time.monotonic() + 30
        while json.loads(fetch(f"{base}/health")[2])["queries"]["workers"] < 2:
            assert time.monotonic() < deadline, "no worker replaced the one killed"
            time.sleep(0.2)
        assert count(base) == len(examples_store)
        # A worker killed from outside while idle costs no request either.
        killed = workers_of(process.pid)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        while any(_running(pid) for pid in killed):
            time.sleep(0.05)
        for _ in range(4):
            assert count(base) == len(examples_store)
    finally:
        assert stop_server(process) == 0


def test_a_query_past_the_memory_limit_costs_its_worker_not_the_machine(examples_store, tmp_path):
    process, base = start_server(
        copied(examples_store, tmp_path / "store"), "--worker-memory", "300", "--query-timeout", "120"
    )
    try:
        # Sorting every triple times every triple thrice holds them all at once: gigabytes.
        sorting = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c"
        started = time.monotonic()
        status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': sorting})}")
        assert status == 500 and "--worker-memory" in body, body
        assert time.monotonic() - started < 60
        assert count(base) == len(examples_store)
    finally:
        assert stop_server(process) == 0


def test_answers_stop_at_the_row_cap_and_say_so(examples_store, tmp_path):
    process, base = start_server(copied(examples_store, tmp_path / "store"), "--row-cap", "4")
    try:
        for query, fmt, lines in (
            ("SELECT ?s WHERE { ?s ?p ?o }", "tsv", 4 + 1),
            ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "nt", 4),
        ):
            status, headers, body = fetch_headers(
                f"{base}/query?{urllib.parse.urlencode({'query': query, 'format': fmt})}"
            )
            assert status == 200 and len(body.splitlines()) == lines
            assert "--row-cap" in headers["X-Newsgraph-Truncated"]
        status, headers, body = fetch_headers(
            f"{base}/query?{urllib.parse.urlencode({'query': 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 4', 'format': 'csv'})}"
        )
        assert status == 200 and len(body.splitlines()) == 5 and "X-Newsgraph-Truncated" not in headers
    finally:
        stop_server(process)


def test_slow_and_partial_clients_block_no_one_and_are_cut_off(examples_store, tmp_path):
    process, base = start_server(
        copied(examples_store, tmp_path / "store"), "--header-timeout", "1", "--body-timeout", "1"
    )
    host, port = base.removeprefix("http://").split(":")
    stopped = threading.Event()
    try:
        silent, dripping = [], []
        for k in range(60):
            connection = socket.create_connection((host, int(port)), timeout=10)
            if k % 3 == 0:  # headers begun, never finished
                connection.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            elif k % 3 == 1:  # headers whole, body promised and never sent
                connection.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\nquery=")
            silent.append(connection)
        for _ in range(10):
            connection = socket.create_connection((host, int(port)), timeout=10)
            connection.sendall(b"GET /health HTTP/1.1\r\n")
            dripping.append(connection)

        def drip() -> None:  # a byte at a time, fast enough for any idle timeout
            while not stopped.wait(0.2):
                for connection in dripping:
                    with contextlib.suppress(OSError):
                        connection.sendall(b"X")

        threading.Thread(target=drip, daemon=True).start()
        started = time.monotonic()
        assert count(base) == len(examples_store)
        assert time.monotonic() - started < 1
        # Each slow client is cut off once its deadline passes (checked every second).
        for connection in silent + dripping:
            connection.settimeout(max(8 - (time.monotonic() - started), 0.1))
            try:
                while connection.recv(4096):
                    pass
            except ConnectionResetError:
                pass
        assert time.monotonic() - started < 8
        assert count(base) == len(examples_store)
    finally:
        stopped.set()
        for connection in silent + dripping:
            connection.close()
        stop_server(process)


def test_connections_are_bounded_and_freed(examples_store, tmp_path):
    process, base = start_server(
        copied(examples_store, tmp_path / "store"), "--max-connections", "4", "--header-timeout", "1"
    )
    host, port = base.removeprefix("http://").split(":")
    silent = [socket.create_connection((host, int(port)), timeout=10) for _ in range(4)]
    try:
        started = time.monotonic()
        # No slot until the server cuts the silent ones off: bounded, and never for long.
        assert count(base) == len(examples_store)
        assert 0.5 < time.monotonic() - started < 8
    finally:
        for connection in silent:
            connection.close()
        stop_server(process)


def test_bad_and_oversized_lengths_are_refused_at_once(examples_store, serve):
    base = serve(examples_store)
    head = b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    for length, status in (
        (b"-1", b"400"),
        (b"lots", b"400"),
        (b"1000000000000", b"413"),
        (str(MAX_BODY + 1).encode(), b"413"),
    ):
        started = time.monotonic()
        answer = raw(base, head + b"Content-Length: " + length + b"\r\n\r\n")
        assert answer.split(b" ")[1] == status, (length, answer[:200])
        assert time.monotonic() - started < 5
    # Headers past their bound (a GET longer than any query we accept) too.
    answer = raw(base, b"GET /query?query=" + b"x" * 400_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.split(b" ")[1] == b"431", answer[:200]
    assert count(base) == len(examples_store)


def test_updates_only_with_the_token(tmp_path, serve):
    update = "INSERT DATA { <https://example.org/a> <https://example.org/p> 1 }"
    headers = {"Content-Type": "application/sparql-update"}
    with GraphStore(tmp_path / "closed"):
        pass
    base = serve(tmp_path / "closed")
    status, _, body = fetch(f"{base}/update", update.encode(), {**headers, "Authorization": f"Bearer {TOKEN}"})
    assert status == 403 and "--allow-update" in body and count(base) == 0
    with GraphStore(tmp_path / "open"):
        pass
    base = serve(tmp_path / "open", allow_update=True)
    for refused in ({}, {"Authorization": "Bearer not-the-token-at-all"}, {"Authorization": f"Basic {TOKEN}"}):
        request = urllib.request.Request(f"{base}/update", update.encode(), {**headers, **refused})
        with pytest.raises(urllib.error.HTTPError) as refusal:
            urllib.request.urlopen(request, timeout=60)
        assert refusal.value.code == 401 and refusal.value.headers["WWW-Authenticate"].startswith("Bearer")
        # Queries go on being answered.
        assert count(base) == 0
    assert fetch(f"{base}/update", update.encode(), headers)[0] == 204
    assert count(base) == 1  # the readers see each update as soon as it is answered
    assert fetch(f"{base}/update", b"INSERT NONSENSE", headers)[0] == 400


def test_the_store_is_written_while_it_is_served(tmp_path, serve):
    """The workers read snapshots: another process (a build) writes the store meanwhile, with
    or without --allow-update, and the next query sees what it committed."""
    insert = "INSERT DATA {{ <https://example.org/{}> <https://example.org/p> 1 }}"
    with GraphStore(tmp_path / "store"):
        pass
    readers, writers = serve(tmp_path / "store"), serve(tmp_path / "store", allow_update=True)
    assert count(readers) == count(writers) == 0
    with GraphStore(tmp_path / "store", wait=30) as store:
        store.update(insert.format("built"))
    assert count(readers) == count(writers) == 1
    assert (
        fetch(f"{writers}/update", insert.format("sent").encode(), {"Content-Type": "application/sparql-update"})[0]
        == 204
    )
    assert count(readers) == count(writers) == 2


def test_allow_update_needs_a_token_from_the_environment_or_a_file(tmp_path):
    with GraphStore(tmp_path / "store"):
        pass
    command = [sys.executable, "-m", "builder.cli", "serve", "--store", str(tmp_path / "store"), "--port", "0"]
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    for environment, reason in ((env, TOKEN_ENV), ({**env, TOKEN_ENV: "short"}, "at least")):
        done = subprocess.run([*command, "--allow-update"], env=environment, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and reason in done.stderr, done.stderr
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    process, base = start_server(tmp_path / "store", "--allow-update", "--token-file", str(token_file))
    try:
        TOKENS[base] = TOKEN
        update = b"INSERT DATA { <https://example.org/a> <https://example.org/p> 1 }"
        assert fetch(f"{base}/update", update, {"Content-Type": "application/sparql-update"})[0] == 204
    finally:
        assert stop_server(process) == 0
    with GraphStore(tmp_path / "store", read_only=True) as store:
        assert len(store) == 1


def test_the_query_page_and_its_list_of_queries(examples_store, serve):
    base = serve(examples_store)
    status, media_type, body = fetch(f"{base}/")
    assert status == 200 and media_type.startswith("text/html") and "<textarea" in body
    status, _, body = fetch(f"{base}/queries")
    names = {q["name"] for q in json.loads(body)}
    assert {"who-blamed-whom", "casualty-claims", "events"} <= names


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
@pytest.mark.parametrize("row_cap", [None, 2])
def test_the_query_page_runs_a_named_query_in_a_browser(examples_store, serve, tmp_path, row_cap):
    options = () if row_cap is None else ("--row-cap", str(row_cap))
    page = Page(f"{serve(examples_store, False, False, *options)}/", tmp_path / "profile")
    try:
        deadline = time.time() + 30
        while not page.evaluate("document.getElementById('named').options.length > 1") and time.time() < deadline:
            time.sleep(0.2)
        page.evaluate(
            "const named = document.getElementById('named'); named.value = 'who-blamed-whom';"
            "named.dispatchEvent(new Event('change')); document.getElementById('run').click();"
        )
        while not page.evaluate("document.querySelectorAll('#results tr').length > 1") and time.time() < deadline:
            time.sleep(0.2)
        header = page.evaluate("[...document.querySelectorAll('#results th')].map(th => th.textContent)")
        rows = page.evaluate("document.querySelectorAll('#results tr').length - 1")
        status = page.evaluate("document.getElementById('status').textContent")
    finally:
        page.close()
    assert header[:4] == ["blamer", "blamerLabel", "blamed", "blamedLabel"]
    assert rows > 0 and status.startswith(f"{rows} rows")
    # A cut answer says so where the analyst looks; a whole one says nothing of the kind.
    if row_cap is None:
        assert "row-cap" not in status
    else:
        assert rows == row_cap and f"first {row_cap} rows only" in status


def test_serve_command_listens_and_stops(tmp_path):
    # A store written by pyoxigraph alone, before snapshots: the server still opens it.
    store = ox.Store(str(tmp_path / "store"))
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    store.flush()
    del store
    process, base = start_server(tmp_path / "store")
    try:
        assert count(base) == 1
        workers = workers_of(process.pid)
    finally:
        assert stop_server(process) == 0
    # No worker outlives the server.
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived the server"
        time.sleep(0.1)

"""`newsgraph serve`: the SPARQL 1.1 Protocol over the store, spoken to by a real HTTP client."""

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from browser import CHROMIUM, Page

from builder.server import NewsgraphServer
from builder.store import GraphStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def serve():
    """Start a server on a free port over a store; yields its base URL."""
    servers = []

    def start(store: GraphStore, allow_update: bool = False, allow_federation: bool = False) -> str:
        server = NewsgraphServer(store, "127.0.0.1", 0, allow_update=allow_update, allow_federation=allow_federation)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def fetch(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


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


def test_construct_answers_rdf(examples_store, serve):
    base = serve(examples_store)
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3"
    status, media_type, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': query, 'format': 'nt'})}")
    assert status == 200 and media_type.startswith("application/n-triples") and len(body.splitlines()) == 3


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


def test_updates_only_when_allowed(tmp_path, serve):
    update = "INSERT DATA { <https://example.org/a> <https://example.org/p> 1 }"
    headers = {"Content-Type": "application/sparql-update"}
    with GraphStore(tmp_path / "closed") as store:
        status, _, body = fetch(f"{serve(store)}/update", update.encode(), headers)
        assert status == 403 and "--allow-update" in body and len(store) == 0
    with GraphStore(tmp_path / "open") as store:
        base = serve(store, allow_update=True)
        assert fetch(f"{base}/update", update.encode(), headers)[0] == 204
        assert len(store) == 1
        assert fetch(f"{base}/update", b"INSERT NONSENSE", headers)[0] == 400


def test_the_query_page_and_its_list_of_queries(examples_store, serve):
    base = serve(examples_store)
    status, media_type, body = fetch(f"{base}/")
    assert status == 200 and media_type.startswith("text/html") and "<textarea" in body
    status, _, body = fetch(f"{base}/queries")
    names = {q["name"] for q in json.loads(body)}
    assert {"who-blamed-whom", "casualty-claims", "events"} <= names


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_the_query_page_runs_a_named_query_in_a_browser(examples_store, serve, tmp_path):
    page = Page(f"{serve(examples_store)}/", tmp_path / "profile")
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


def test_serve_command_listens_and_stops(tmp_path):
    import pyoxigraph as ox

    store = ox.Store(str(tmp_path / "store"))
    store.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    store.flush()
    del store
    process = subprocess.Popen(
        [sys.executable, "-m", "builder.cli", "serve", "--store", str(tmp_path / "store"), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stderr.readline()
        assert "serving" in line, line
        base = line.split(" at ")[1].split("/ ")[0]
        status, _, body = fetch(f"{base}/query?{urllib.parse.urlencode({'query': COUNT})}")
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "1"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0

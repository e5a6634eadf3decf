"""Remote stores: the same build, named queries and commands on a real SPARQL server.

The Oxigraph server (`pip install oxigraph`, in the dev extras) runs on 127.0.0.1 for these
tests; Virtuoso, where Debian's virtuoso-opensource is installed, in tests/test_virtuoso.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port, named_queries, rows, wait_for

from builder.cli import main
from builder.endpoint import EndpointStore, update_url
from builder.queries import QueryError, get_query, query_results
from builder.store import StoreError

ROOT = Path(__file__).resolve().parent.parent
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh Oxigraph server on a free port; its query endpoint's URL."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the Oxigraph server (pip install oxigraph) is not installed")
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_update_endpoints_follow_the_servers_conventions(monkeypatch):
    monkeypatch.delenv("NEWSGRAPH_UPDATE_URL", raising=False)
    assert update_url("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/update"
    assert update_url("http://db.example.org:8890/sparql") == "http://db.example.org:8890/sparql"
    monkeypatch.setenv("NEWSGRAPH_UPDATE_URL", "http://db.example.org:8890/sparql-auth")
    assert update_url("http://db.example.org:8890/sparql") == "http://db.example.org:8890/sparql-auth"


def test_an_endpoint_that_does_not_answer_is_one_clear_error(capsys):
    port = free_port()  # nothing listens there
    code = main(["stats", "--store", f"http://127.0.0.1:{port}/query"])
    said = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(said) == 1
    assert said[0].startswith(f"newsgraph: http://127.0.0.1:{port}/query: not a SPARQL endpoint that answers")


@pytest.mark.slow
def test_build_and_named_queries_give_the_same_rows_on_the_oxigraph_server(
    oxigraph_server, cli_examples_store, tmp_path, capsys
):
    assert main(["build", str(ROOT / "examples"), "--store", oxigraph_server]) == 0
    built = capsys.readouterr().err
    assert ", 0 replaced, 0 unchanged, 0 failed" in built and " 0 added" not in built, built
    server = EndpointStore(oxigraph_server)
    for name, params in named_queries():
        assert rows(server, name, **params) == rows(cli_examples_store, name, **params), name
    # Nothing is redone for unchanged articles, through the server too.
    assert main(["build", str(ROOT / "examples"), "--store", oxigraph_server]) == 0
    assert " 0 added, 0 replaced" in capsys.readouterr().err
    # Parameters reach the server as serialized terms, never as query text.
    injected = 'x" } } UNION { ?a ?b ?c } #'
    claims = get_query("casualty-claims")
    assert list(query_results(server, claims, {"outcome": injected})) == []
    assert list(query_results(server, claims, {"outcome": "killed"})), "the same parameter, honestly given, selects"
    with pytest.raises(QueryError):
        query_results(server, get_query("entities"), {"nope": "x"})
    # The read commands work against the server as on a folder.
    for args in (["stats"], ["validate"], ["export", "--format", "nq", "--output", str(tmp_path / "all.nq")]):
        assert main([*args, "--store", oxigraph_server]) == 0, args
    cli_examples_store.dump(tmp_path / "embedded.nq", "nq")
    exported = sorted((tmp_path / "all.nq").read_text().splitlines())
    assert exported and exported == sorted((tmp_path / "embedded.nq").read_text().splitlines())
    # A document removed through the server is gone there, with the resolution redone.
    documents = rows(server, "documents")
    assert main(["remove", documents[0][0], "--store", oxigraph_server]) == 0
    assert len(rows(server, "documents")) == len(documents) - 1


@pytest.mark.slow
def test_push_moves_an_embedded_store_to_the_server_whole(oxigraph_server, cli_examples_store):
    assert main(["push", "--to", oxigraph_server, "--store", str(cli_examples_store.path), "--batch", "2"]) == 0
    server = EndpointStore(oxigraph_server)
    assert sorted(str(q) for q in server.quads()) == sorted(str(q) for q in cli_examples_store.quads())
    for name, params in named_queries():
        assert rows(server, name, **params) == rows(cli_examples_store, name, **params), name


def test_a_server_that_refuses_a_write_says_so(oxigraph_server):
    server = EndpointStore(oxigraph_server)
    with pytest.raises(StoreError, match="HTTP 400"):
        server.update("INSERT DATA { this is not SPARQL }")

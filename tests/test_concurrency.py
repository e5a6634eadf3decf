"""Many readers, one writer: real processes side by side on one store.

The writer publishes snapshots; `query`, `stats`, `export` and `validate` read the newest one,
so they answer while another process writes, and never see a document half-written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from builder.cli import main
from builder.store import SNAPSHOTS, GraphStore, StoreError
from builder.vocab import NG

ROOT = Path(__file__).resolve().parent.parent
TRIPLES_PER_DOCUMENT = 7

# A writer that keeps committing documents of TRIPLES_PER_DOCUMENT triples until its stdin closes.
WRITER = f"""
import sys, threading
from rdflib import Graph, Literal, URIRef, RDF
from builder.store import GraphStore
from builder.vocab import NG
store = GraphStore(sys.argv[1])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
n = 0
while not stop.is_set():
    doc = URIRef(f"https://example.org/doc/{{n}}")
    g = Graph()
    g.add((doc, RDF.type, NG.NewsArticle))
    for i in range({TRIPLES_PER_DOCUMENT} - 1):
        g.add((doc, URIRef(f"https://example.org/p{{i}}"), Literal(n)))
    store.put_document(doc, g, f"key-{{n}}")
    n += 1
    if n == 1:
        print("writing", flush=True)
store.close()
print(n, flush=True)
"""


def document(n: int) -> tuple[URIRef, Graph]:
    doc = URIRef(f"https://example.org/doc/{n}")
    graph = Graph()
    graph.add((doc, RDF.type, NG.NewsArticle))
    for i in range(TRIPLES_PER_DOCUMENT - 1):
        graph.add((doc, URIRef(f"https://example.org/p{i}"), Literal(n)))
    return doc, graph


@pytest.fixture
def writer(tmp_path):
    """A newsgraph writer process committing documents to tmp_path/store while the test runs."""
    store = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "writing"
    yield store, process
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=60)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "builder.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_read_only_commands_answer_while_another_process_writes(writer, tmp_path):
    store, process = writer
    time.sleep(1.5)  # past one publication interval: readers see some documents
    for args in (
        ("stats", "--format", "csv"),
        ("query", "documents", "--format", "csv"),
        ("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"),
        ("export", "--format", "nq", "--output", str(tmp_path / "all.nq")),
    ):
        done = cli(*args, "--store", str(store), "--wait", "0")
        assert done.returncode == 0, (args, done.stderr)
        assert "in use" not in done.stderr
    assert process.poll() is None, "the writer kept writing all along"
    exported = (tmp_path / "all.nq").read_text().splitlines()
    assert exported and len(exported) % TRIPLES_PER_DOCUMENT == 0
    # A second writer is still one too many: it waits, then says so in one line.
    refused = cli("remove", "https://example.org/doc/0", "--store", str(store), "--wait", "0")
    assert refused.returncode == 2 and "in use by another process" in refused.stderr


def test_a_reader_sees_only_whole_documents_and_catches_up(writer):
    store, process = writer
    seen = []
    with GraphStore(store, read_only=True) as reader:
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            reader.refresh()
            seen.append(len(reader))
            time.sleep(0.05)
        process.stdin.close()
        written = int(process.stdout.readline())
        process.wait(timeout=60)
        # What the writer committed last is published when it closes the store.
        assert reader.refresh()
        assert len(reader) == written * TRIPLES_PER_DOCUMENT
    assert all(count % TRIPLES_PER_DOCUMENT == 0 for count in seen)
    assert seen == sorted(seen) and seen[-1] > seen[0], "readers follow the writer"


def test_a_reader_cannot_write_and_keeps_its_snapshot_until_it_lets_go(tmp_path):
    path = tmp_path / "store"
    with GraphStore(path) as store:
        store.put_document(*document(0), "key-0")
    reader = GraphStore(path, read_only=True)
    held = reader._snapshot.name
    with pytest.raises(StoreError, match="read-only"):
        reader.put_document(*document(1), "key-1")
    with GraphStore(path) as store:  # a writer comes and goes twice: two newer snapshots
        store.put_document(*document(1), "key-1")
    with GraphStore(path) as store:
        store.put_document(*document(2), "key-2")
    names = sorted(p.name for p in (path / SNAPSHOTS).iterdir() if p.is_dir())
    assert held in names and len(names) == 2, "the held one and the newest; the one between is gone"
    assert len(reader) == TRIPLES_PER_DOCUMENT, "a snapshot does not change under its reader"
    assert reader.refresh() and len(reader) == 3 * TRIPLES_PER_DOCUMENT
    reader.close()
    with GraphStore(path):
        pass
    assert len([p for p in (path / SNAPSHOTS).iterdir() if p.is_dir()]) == 1, "nobody holds the old ones"
    assert sorted(p.suffix for p in (path / SNAPSHOTS).iterdir()) == ["", ".lock"]


def test_a_store_from_before_snapshots_is_read_after_publishing_its_first(tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "store"
    old = ox.Store(str(path))  # what an older newsgraph left: RocksDB files and nothing else
    old.add(ox.Quad(ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/p"), ox.Literal("x")))
    old.flush()
    del old
    assert not (path / SNAPSHOTS).exists()
    assert main(["query", "--sparql", "SELECT * WHERE { ?s ?p ?o }", "--store", str(path), "--format", "csv"]) == 0
    assert len(os.listdir(path / SNAPSHOTS)) == 2

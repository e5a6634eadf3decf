"""The work on each document in worker processes (`--processes N`) and on Dask (`--workers N`,
`--scheduler`), the writer in this process: the same store, reports and counts as one process."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from servers import free_port

from builder.build import BuildOptions, BuildSummary, Built, Work, build, extractor_id
from builder.cli import main
from builder.extract.rules import load_rules
from builder.ingest import Article, read_inputs
from builder.iris import IriMinter
from builder.parallel import Dask, Processes, WorkerError, _batches, _in_order
from builder.store import GraphStore, oxigraph_triples
from builder.validate import Validator

BIN = Path(sys.executable).parent

# Our own articles, one house style each; one story comes back revised later in the feed.
ARTICLES = [
    {
        "id": "wire-1",
        "outlet": "Example Wire",
        "text": "ADEN, Yemen (Example Wire) - Two fishermen were killed on Tuesday when a drone struck their "
        "boat off the coast of Mokha, the local fishermen's union said. The coalition denied carrying out the strike.",
    },
    {
        "id": "un-note",
        "text": "The Office for the Coordination of Humanitarian Affairs said on 3 May that some 4,000 people had "
        "fled fighting in Wad Madani. Aid agencies reported that two clinics had been looted.",
    },
    {
        "id": "ngo-release",
        "text": "Amnesty International today accused the security forces of firing live ammunition at students "
        "in Dhaka. 'These killings must be investigated,' said the organization's regional director.",
    },
    {
        "id": "broadcaster",
        "text": "Police in Nairobi fired tear gas at protesters on Thursday, our correspondent reports. The "
        "interior minister blamed opposition leaders for the unrest.",
    },
    {
        "id": "wire-1",
        "outlet": "Example Wire",
        "text": "ADEN, Yemen (Example Wire) - Three fishermen were killed on Tuesday when a drone struck their "
        "boat off the coast of Mokha, the local fishermen's union said, raising an earlier toll.",
    },
    {
        "id": "local",
        "text": "Residents of Homs said shelling destroyed a bakery on Sunday. The provincial governor said "
        "nine people were wounded and blamed rebel fighters.",
    },
    {
        "id": "government",
        "text": "The Ministry of Foreign Affairs condemned in the strongest terms the attack on a police "
        "station in Peshawar, which killed six officers, according to a statement issued on Friday.",
    },
]


def _feed(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    lines = [json.dumps(article) for article in ARTICLES]
    # A broken line: reported by the reader, never sent to a worker.
    lines.insert(2, '{"id": "cut-off", "text": ')
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "statement.txt").write_text(
        "Statement on the floods\n\nThe regional authority said on Monday that 12 villages near Sylhet "
        "were cut off by flood water and that rescue teams had reached most of them.\n",
        encoding="utf-8",
    )
    return folder


def _sorted_nquads(store: GraphStore) -> list[str]:
    return sorted(ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def _refusing_homs() -> Validator:
    """Our shapes plus one rejecting a single place: a per-document problem the workers must
    report as this process does (their validator is rebuilt from these very shapes)."""
    validator = Validator()
    validator.add_shapes(
        """
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ng: <https://w3id.org/newsgraph/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:test:NoHomsShape> a sh:NodeShape ; sh:targetClass ng:Place ;
            sh:property [ sh:path rdfs:label ; sh:not [ sh:hasValue "Homs" ] ; sh:message "no Homs" ] .
    """
    )
    return validator


def _built(folder: Path, nlp, validator, executor=None) -> tuple[BuildSummary, list[str], list[str], list[str]]:
    """Build the folder into a fresh in-memory store: summary, reports, progress lines, sorted N-Quads."""
    reports: list[str] = []
    progress: list[str] = []
    options = BuildOptions(executor=executor, log_every=2, log=progress.append)
    with GraphStore(None) as store:
        summary = build(read_inputs([str(folder)]), nlp, [store], validator, reports.append, options)
        return summary, reports, progress, _sorted_nquads(store)


# --- without the model ---------------------------------------------------------------------------


def _article(n: int, chars: int = 10) -> Article:
    return Article(text="x" * chars, source=f"a{n}", key=f"a{n}")


def test_batches_close_at_a_size_and_keep_the_order():
    articles = [_article(n, chars) for n, chars in enumerate([5_000, 2_000, 1_500, 9_000, 10, 10])]
    batches = list(_batches(articles, chars=8_000, most=64))
    assert [[a.source for a in batch] for batch in batches] == [["a0", "a1", "a2"], ["a3"], ["a4", "a5"]]
    assert [len(b) for b in _batches([_article(n) for n in range(5)], most=2)] == [2, 2, 1]


def _numbered(batch: list[Article], pause: float = 0.0) -> list[Built]:
    time.sleep(pause)
    return [Built(tokens=int(article.source[1:]), graph=None) for article in batch]


def test_results_come_back_in_input_order_and_work_not_started_is_cancelled():
    finished: list[str] = []

    def work(batch: list[Article]) -> list[Built]:
        # The first batch takes longest: the others are done before it.
        results = _numbered(batch, 0.3 if batch[0].source == "a0" else 0.0)
        finished.append(batch[0].source)
        return results

    with ThreadPoolExecutor(2) as threads:
        results = _in_order(lambda b: threads.submit(work, b), _batches([_article(n) for n in range(6)], most=1), 2)
        assert [(article.source, built.tokens) for article, built in results] == [(f"a{n}", n) for n in range(6)]
    assert finished[0] != "a0"

    sent: list[Future] = []

    def submit(batch: list[Article]) -> Future:
        sent.append(one.submit(_numbered, batch, 0.2))
        return sent[-1]

    with ThreadPoolExecutor(1) as one:
        results = _in_order(submit, _batches([_article(n) for n in range(6)], most=1), 2)
        next(results)
        results.close()
        # Two batches per worker were sent; those still queued when the writer stopped are not run.
        assert len(sent) == 4 and sent[2].cancelled() and sent[3].cancelled()


def test_a_worker_that_dies_is_a_worker_error():
    with ProcessPoolExecutor(1) as pool:
        results = _in_order(lambda batch: pool.submit(os._exit, 3), iter([[_article(0)]]), workers=1)
        with pytest.raises(WorkerError, match="a worker died on a batch of 1 from a0"):
            list(results)


def test_a_document_graph_travels_as_its_triples():
    graph = Graph()
    doc = URIRef("https://example.org/doc/1")
    graph.add((doc, URIRef("https://example.org/p"), Literal("Ḩamāh", lang="ar-latn")))
    graph.add((doc, URIRef("https://example.org/n"), Literal("007", datatype=URIRef("urn:x:code"))))
    triples = oxigraph_triples(graph)
    built = Built(tokens=7, graph=triples, reports=("a: committed with 1 facts withheld",), partial=True, withheld=1)
    back = pickle.loads(pickle.dumps(built))
    assert back.graph == triples and len(back.graph) == 2
    # What arrives is what the store writes: the tag and the datatype as they were.
    assert {str(t.object) for t in back.graph} == {'"Ḩamāh"@ar-latn', '"007"^^<urn:x:code>'}
    assert (back.tokens, back.reports, back.partial, back.withheld, back.incomplete) == (
        7,
        built.reports,
        True,
        1,
        False,
    )
    assert pickle.loads(pickle.dumps(Built(tokens=3, graph=None))).graph is None


def test_where_the_work_runs_is_one_choice(capsys):
    for options in (["--processes", "2", "--workers", "2"], ["--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]):
        with pytest.raises(SystemExit) as exit_:
            main(["build", "x.txt", *options])
        assert exit_.value.code == 2 and "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", "x.txt", "--processes", "0"])
    assert "needs 1 or more" in capsys.readouterr().err


def test_no_scheduler_there_is_a_clear_error():
    port = free_port()  # nothing listens there
    with (
        pytest.raises(WorkerError, match=f"cannot use tcp://127.0.0.1:{port}"),
        Dask(f"tcp://127.0.0.1:{port}", timeout=2),
    ):
        pass


# --- with the model: the same store from every executor -------------------------------------------


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return _feed(tmp_path_factory.mktemp("parallel") / "in")


@pytest.fixture(scope="module")
def local(inputs, nlp):
    return _built(inputs, nlp, _refusing_homs())


@pytest.fixture(scope="module")
def pool(nlp):
    with Processes(2, nlp) as executor:
        yield executor


@pytest.mark.slow
def test_worker_processes_build_what_one_process_builds(inputs, nlp, local, pool):
    summary, reports, progress, nquads = _built(inputs, nlp, _refusing_homs(), pool)
    assert nquads == local[3] and len(nquads) > 500
    assert reports == local[1]
    assert str(summary) == str(local[0]) and summary.partial == 1 and summary.replaced == 1 and summary.failed == 1
    assert any("NoHomsShape" in line for line in reports) and any("broken JSON line" in line for line in reports)
    assert _without_rates(progress) == _without_rates(local[2]) != []


@pytest.mark.slow
def test_the_input_order_decides_the_current_version_wherever_the_work_runs(tmp_path, nlp, pool):
    feed = tmp_path / "in"
    feed.mkdir()
    reversed_feed = [json.dumps(a) for a in reversed(ARTICLES)]
    (feed / "feed.jsonl").write_text("\n".join(reversed_feed) + "\n", encoding="utf-8")
    validator = Validator()
    assert _built(feed, nlp, validator, pool)[3] == _built(feed, nlp, validator)[3]


@pytest.mark.slow
def test_unchanged_articles_are_skipped_before_any_worker(inputs, tmp_path, nlp, validator, pool):
    sent: list[str] = []

    class Counting:
        def map(self, work, articles, validator):
            def counted():
                for article in articles:
                    sent.append(article.source)
                    yield article

            return pool.map(work, counted(), validator)

    with GraphStore(tmp_path / "store") as store:
        first = build(read_inputs([str(inputs)]), nlp, [store], validator, print, BuildOptions(executor=Counting()))
        count = len(sent)
        again = build(read_inputs([str(inputs)]), nlp, [store], validator, print, BuildOptions(executor=Counting()))
    assert first.added + first.replaced == count == len(ARTICLES) + 1
    # Nothing new was sent: both versions of the revised story are stored, each from its input.
    assert (again.unchanged, len(sent)) == (count, count)


@pytest.mark.slow
def test_a_worker_with_other_code_or_rules_refuses(nlp, pool, validator):
    rules = load_rules()
    work = Work(rules, IriMinter(), False, extractor_id(nlp, rules).replace("rules ", "rules other-"))
    with pytest.raises(WorkerError, match="every worker needs the same newsgraph, rules and model"):
        list(pool.map(work, iter([_article(0, 40)]), validator))


def _cli_builds(inputs: Path, tmp_path: Path, variants: dict[str, list[str]]) -> list[tuple[list[str], list[str]]]:
    """What `newsgraph build` writes (sorted N-Quads) and reports, once per set of options."""
    outputs = []
    for name, options in variants.items():
        output = tmp_path / f"{name}.nq"
        done = subprocess.run(
            [BIN / "newsgraph", "build", str(inputs), "--no-store", "--output", str(output), *options],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 1, done.stderr  # the broken JSON line
        outputs.append((sorted(output.read_text().splitlines()), _problems(done.stderr)))
    return outputs


@pytest.mark.slow
def test_build_processes_on_the_command_line(inputs, tmp_path):
    one, two = _cli_builds(inputs, tmp_path, {"one": [], "two": ["--processes", "2"]})
    assert one == two


@pytest.mark.slow
def test_workers_end_with_their_writer_even_killed(tmp_path):
    feed = _feed(tmp_path / "in") / "feed.jsonl"
    # Enough articles that the build is still running when it is killed.
    feed.write_text(feed.read_text() * 30, encoding="utf-8")
    build_ = subprocess.Popen(
        [BIN / "newsgraph", "build", str(feed), "--store", str(tmp_path / "s"), "--processes", "2", "--quiet"],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while len(workers := _children(build_.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) == 2
    finally:
        build_.kill()
        build_.wait()
    deadline = time.monotonic() + 30
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(map(_alive, workers))


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for whoever adopted it to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def _without_rates(lines: list[str]) -> list[str]:
    return [re.sub(r"[\d.]+ a second", "", line) for line in lines]


def _problems(stderr: str) -> list[str]:
    """What a build said about its inputs and documents, without the progress and summary lines."""
    return [line for line in stderr.splitlines() if not line.startswith(("newsgraph: loading", "newsgraph: built"))]


# --- Dask: a scheduler and two workers as real processes on 127.0.0.1 -----------------------------


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    if shutil.which("dask", path=str(BIN)) is None:
        pytest.skip("the dask command is not installed (pip install distributed)")
    folder = tmp_path_factory.mktemp("dask")
    address_file = folder / "scheduler.json"
    common = {"cwd": folder, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [
                BIN / "dask",
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(address_file),
            ],
            **common,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [BIN / "dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard"],
                    **common,
                )
            )
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.slow
def test_dask_workers_build_what_one_process_builds(inputs, nlp, local, scheduler):
    with Dask(scheduler=scheduler) as executor:
        from distributed import Client

        with Client(scheduler) as watcher:
            watcher.wait_for_workers(2, timeout=120)
        summary, reports, progress, nquads = _built(inputs, nlp, _refusing_homs(), executor)
    assert nquads == local[3]
    assert reports == local[1] and str(summary) == str(local[0])
    assert _without_rates(progress) == _without_rates(local[2]) != []


@pytest.mark.slow
def test_build_on_dask_on_the_command_line(inputs, tmp_path, scheduler):
    variants = {"one": [], "scheduler": ["--scheduler", scheduler], "cluster": ["--workers", "2"]}
    one, on_scheduler, on_cluster = _cli_builds(inputs, tmp_path, variants)
    assert one == on_scheduler == on_cluster

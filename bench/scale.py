"""Scale figures: memory building many articles, validation and commits as the store grows,
and exporting a store of about a million triples.

    python bench/scale.py [--articles 10000] [--paragraphs 1] [--processes 1] [--source DIR] [--keep DIR]
                          [--rounds 3] [--no-export]

Makes --articles distinct short articles from the articles in --source (default
../shared/dev/articles, else examples/): copy k of an article is its headline and first
--paragraphs paragraphs under the line "Copy k." (short, so that ten thousand build in minutes
on a small machine; 0 keeps whole articles). Then, each step through the command line as a
user runs it (`newsgraph build` / `newsgraph export` in a child process):

  1. builds the first 100 into a new store, and all of them into another, each from empty,
     printing the build's wall time, its peak RSS (the child's, from wait4) and its RSS as the
     build went on (sampled from /proc beside the build's progress lines);
  2. exports each store whole (N-Quads, and Turtle, which merges the graphs), printing wall
     time, peak RSS and size;
  3. in this process: parses, extracts and maps the source articles once, then times per
     document (CPU ms) their SHACL validation and their commit into each store as new documents,
     the two stores in turn for --rounds rounds: the figures at 100 and at all documents should
     be the same.

--keep DIR keeps the stores and exports there (else a temporary folder), and a store already
there is used as it is, not built again (step 1 then says so). Prints the machine's
load beside the figures: on a shared machine, CPU times tell more than wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# newsgraph itself is imported only for step 2, after the children have run: a child's peak
# RSS (wait4) counts the pages it shares with this process until it execs, so this process
# stays small while it starts them.

_BUILT = re.compile(r"([\d,]+) documents built")
# Each run's probes are new documents, in a store kept from an earlier run too (one already
# there would be a replacement or an unchanged document, not the write of a new one).
_RUN = str(time.time_ns())


@dataclass
class Run:
    """One child process: its wall seconds, peak RSS, and (documents built, RSS) samples."""

    seconds: float
    peak_mb: float
    samples: list[tuple[int, float]] = field(default_factory=list)
    output: str = ""


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def variants(folder: Path, count: int, paragraphs: int) -> list[str]:
    """`count` distinct texts: copy k of each source article, cut to its first paragraphs."""
    originals = []
    for path in sorted(folder.iterdir()):
        if path.suffix in (".txt", ".md"):
            parts = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            originals.append("\n\n".join(parts[: paragraphs + 2] if paragraphs else parts))
    if not originals:
        raise SystemExit(f"no .txt or .md articles in {folder}")
    return [f"Copy {k // len(originals) + 1}.\n\n{originals[k % len(originals)]}" for k in range(count)]


def newsgraph(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "newsgraph"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "import sys; from builder.cli import main; sys.exit(main())", *args]


def run(command: list[str]) -> Run:
    """Run a child to its end; its peak RSS from wait4, its RSS sampled beside its progress lines."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    built, samples, lines = 0, [], []

    def sample() -> None:
        status = Path(f"/proc/{child.pid}/status")
        while child.returncode is None:
            try:
                rss = next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmRSS"))
            except (OSError, StopIteration):
                return
            samples.append((built, rss / 1024))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    for line in child.stdout:
        lines.append(line)
        if found := _BUILT.search(line):
            built = int(found.group(1).replace(",", ""))
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{''.join(lines[-20:])}")
    return Run(seconds, usage.ru_maxrss / 1024, samples, "".join(lines))


def build_store(texts: list[str], store: Path, processes: int) -> Run:
    feed = store.with_suffix(".jsonl")
    feed.write_text("".join(json.dumps({"id": f"scale-{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    extra = ["--processes", str(processes)] if processes > 1 else []
    return run(newsgraph("build", "--store", str(store), *extra, str(feed)))


def rss_by_documents(result: Run, count: int) -> str:
    """The highest RSS sampled up to each tenth of the build (documents as the progress lines said)."""
    marks = sorted({max(count * k // 10, 1) for k in range(1, 11)})
    cells = []
    for mark in marks:
        seen = [rss for done, rss in result.samples if done <= mark]
        if seen:
            cells.append(f"{mark:,}: {max(seen):,.0f}")
    return ", ".join(cells)


def probes(source: Path) -> Callable[[str], list[tuple[object, object]]]:
    """Probe documents named by a tag: the source articles, each under a line with the tag
    (a document's IRI comes from its text: the tag makes each new to every store), parsed,
    extracted and mapped."""
    from builder.build import extract, extractor_id
    from builder.extract.rules import load_rules
    from builder.ingest import Article, read_inputs
    from builder.iris import IriMinter
    from builder.nlp import load_model
    from builder.rdf import document_graph

    nlp, minter = load_model(), IriMinter()
    extractor = extractor_id(nlp, load_rules())
    originals = [a for a in read_inputs([str(source)]) if isinstance(a, Article)]

    def tagged(tag: str) -> list[tuple[object, object]]:
        articles = [
            replace(a, text=f"Probe {tag}.\n\n{a.text}", key=f"{a.key}#{tag}", source=f"{a.source}#{tag}")
            for a in originals
        ]
        docs = nlp.pipe([a.text for a in articles])
        return [(a, document_graph(extract(d, a), minter, extractor)) for d, a in zip(docs, articles, strict=True)]

    return tagged


def per_document(store_path: Path, graphs: list[tuple[object, object]], validator) -> tuple[float, ...]:
    """Quads in the store, and CPU ms per document of validating each probe graph and of
    committing it into the store (as new documents, see `probes`): this
    thread's CPU for each, and the process's for the commit too, which counts RocksDB's
    background flushes and compactions (they go on after a write, and would otherwise be
    counted against whatever this thread does next)."""
    from builder.iris import IriMinter
    from builder.store import GraphStore, ntriples, oxigraph_triples

    minter = IriMinter()
    validate = commit = commit_all = 0.0
    with GraphStore(store_path) as store:
        size = len(store)
        for article, graph in graphs:
            triples = oxigraph_triples(graph)
            text = ntriples(triples)
            started = time.thread_time()
            validator.validate(graph, text)
            validate += time.thread_time() - started
            started, everything = time.thread_time(), time.process_time()
            store.put_document(
                minter.document(article), triples, article.key, minter.identity_graph(), minter.revisions_graph()
            )
            commit += time.thread_time() - started
            commit_all += time.process_time() - everything
    n = len(graphs)
    return size, validate / n * 1000, commit / n * 1000, commit_all / n * 1000


def main() -> None:
    default = ROOT.parent / "shared" / "dev" / "articles"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--paragraphs", type=int, default=1)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--source", type=Path, default=default if default.is_dir() else ROOT / "examples")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of step 3")
    parser.add_argument("--no-export", action="store_true", help="leave step 2 out")
    args = parser.parse_args()

    texts = variants(args.source, args.articles, args.paragraphs)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts):,} articles, {words:,} words ({words / len(texts):.0f} a document) from {args.source}")
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        small, large = where / "store-100", where / f"store-{len(texts)}"

        print(f"\n1. building ({load()})")
        for path, count in ((small, min(100, len(texts))), (large, len(texts))):
            if path.is_dir():
                print(f"{count:,} articles: {path} is there from an earlier run: kept")
                continue
            result = build_store(texts[:count], path, args.processes)
            summary = next((line for line in result.output.splitlines() if "built into" in line), "").strip()
            print(
                f"{count:,} articles: {result.seconds:,.0f} s wall, {count / result.seconds:.1f} documents/s, "
                f"peak RSS {result.peak_mb:,.0f} MB ({load()})\n   {summary}"
            )
            if count > 100:
                print(f"   RSS (MB) by documents built: {rss_by_documents(result, count)}")

        print(f"\n2. exporting each store whole ({load()})")
        for path in () if args.no_export else (small, large):
            for fmt in ("nq", "ttl"):
                output = where / f"{path.name}.{fmt}"
                result = run(newsgraph("export", "--store", str(path), "--format", fmt, "--output", str(output)))
                lines = sum(1 for _ in output.open(encoding="utf-8")) if fmt == "nq" else None
                size = f"{lines:,} quads, " if lines is not None else ""
                print(
                    f"{path.name} as {fmt}: {result.seconds:.1f} s wall, peak RSS {result.peak_mb:,.0f} MB, "
                    f"{size}{output.stat().st_size / 1e6:,.0f} MB written ({load()})"
                )

        print(f"\n3. validation and commit per document as the store grows ({load()})")
        from builder.validate import Validator

        tagged, validator = probes(args.source), Validator()
        # The two stores in turn, round after round, so that a change in the machine's load
        # weighs on both alike; the median of the rounds.
        figures: dict[Path, list[tuple[float, ...]]] = {small: [], large: []}
        for round_ in range(args.rounds):
            graphs = tagged(f"{_RUN}-{round_}")
            for path in figures:
                figures[path].append(per_document(path, graphs, validator))
        for path, rounds in figures.items():
            validate, commit, commit_all = (statistics.median(r[i] for r in rounds) for i in (1, 2, 3))
            print(
                f"{path.name}: store of {rounds[0][0]:,} quads: validation {validate:.1f} ms CPU/document, "
                f"commit {commit:.1f} ms CPU/document ({commit_all:.1f} with the store's background work; "
                f"median of {args.rounds} rounds of {len(graphs)} documents)"
            )
        print(f"({load()})")


if __name__ == "__main__":
    main()

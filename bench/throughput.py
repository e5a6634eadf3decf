"""Build throughput next to raw spaCy, measured side by side in one run.

    python bench/throughput.py [--words 200000] [--articles DIR] [--processes 2]

Makes a corpus of at least --words words from distinct copies of the articles in DIR
(default ../shared/dev/articles, else examples/), then times, with the same loaded model:
  1. raw `nlp.pipe` over the texts in one process (the floor: parsing alone);
  2. the whole `newsgraph build` path (read JSONL → parse → extract → RDF → SHACL → store) in
     one process;
  3. the same build with the work on each document in --processes worker processes
     (`newsgraph build --processes N`), starting the workers included.
Both builds start with the model loaded and the gazetteer read (a warm-up article), as every
process of a real build is before its first article. Prints words/s for each, the ratios, the
CPU seconds each step took (the parallel build's in this process and in its workers: on a
machine others share, wall time tells less than they do) and the ratios they give, the
process's peak RSS after each step, the load average, and checks that both builds stored the
same quads.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import BuildOptions, BuildSummary, build  # noqa: E402
from builder.ingest import Article, read_inputs  # noqa: E402
from builder.nlp import DEFAULT_BATCH_SIZE, load_model  # noqa: E402
from builder.parallel import Processes  # noqa: E402
from builder.store import GraphStore  # noqa: E402
from builder.validate import Validator  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def corpus(folder: Path, min_words: int) -> list[str]:
    """Distinct texts: each copy carries its number, so every document IRI differs."""
    originals = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md")]
    if not originals:
        raise SystemExit(f"no .txt or .md articles in {folder}")
    texts, words, copy = [], 0, 0
    while words < min_words:
        copy += 1
        for text in originals:
            texts.append(f"Copy {copy}.\n\n{text}")
            words += len(texts[-1].split())
    return texts


def timed_build(
    feed: Path, store_path: Path, nlp, validator, options: BuildOptions
) -> tuple[float, float, BuildSummary, set]:
    """Wall and CPU seconds (this process's) of one build into a new store, its summary and quads."""
    with GraphStore(store_path) as store:
        start, cpu = time.perf_counter(), cpu_seconds()
        summary = build(read_inputs([str(feed)]), nlp, [store], validator, print, options)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        return seconds, cpu, summary, set(store.quads())


def main() -> None:
    default = ROOT.parent / "shared" / "dev" / "articles"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--articles", type=Path, default=default if default.is_dir() else ROOT / "examples")
    parser.add_argument("--model", default=None)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--processes", type=int, default=2, help="worker processes of the parallel build")
    args = parser.parse_args()

    texts = corpus(args.articles, args.words)
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(args.model)
    validator = Validator()
    print(f"corpus: {len(texts)} articles, {words:,} words (from {args.articles})")
    print(f"model: {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, batch size {args.batch_size}")

    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    raw, raw_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    raw_rss = peak_rss_mb()

    warm_up = Article(text="Officials in Homs said 12 people were killed, Reuters reported.", source="w", key="w")
    build([warm_up], nlp, [GraphStore(None)], validator, print)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "corpus.jsonl"
        feed.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
        one, one_cpu, summary, one_quads = timed_build(
            feed, Path(tmp) / "one", nlp, validator, BuildOptions(batch_size=args.batch_size)
        )
        one_rss = peak_rss_mb()
        # The workers fork before the store opens, as `newsgraph build --processes N` starts them.
        start, workers_cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
        with Processes(args.processes, nlp) as pool:
            started = time.perf_counter() - start
            seconds, writer_cpu, _, many_quads = timed_build(
                feed, Path(tmp) / "many", nlp, validator, BuildOptions(batch_size=args.batch_size, executor=pool)
            )
        many = started + seconds
        workers_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - workers_cpu

    print(
        f"raw nlp.pipe:          {words / raw:8,.0f} words/s  ({raw:6.1f} s, CPU {raw_cpu:.1f} s)  "
        f"peak RSS {raw_rss:,.0f} MB"
    )
    print(
        f"build, 1 process:      {words / one:8,.0f} words/s  ({one:6.1f} s, CPU {one_cpu:.1f} s)  "
        f"peak RSS {one_rss:,.0f} MB"
    )
    print(
        f"build, {args.processes} processes:    {words / many:8,.0f} words/s  ({many:6.1f} s, {started:.1f} s of it "
        f"starting the workers; CPU {writer_cpu:.1f} s here + {workers_cpu:.1f} s in the workers)"
    )
    print(f"ratio build/raw:       {raw / one:8.2f}  (1 process; by CPU seconds {raw_cpu / one_cpu:.2f})")
    print(f"ratio {args.processes} processes/1:   {one / many:8.2f}")
    # What the CPU seconds allow on idle cores: the work spread over them, the writer alone at most.
    bound = one_cpu / max(writer_cpu, (writer_cpu + workers_cpu) / args.processes)
    print(f"{args.processes} processes/1, bound:  {bound:8.2f}  (on idle cores, from the CPU seconds)")
    print(f"load average:          {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"built: {summary}; {len(one_quads):,} quads in the store")
    print(f"same quads from both builds: {one_quads == many_quads}")


if __name__ == "__main__":
    main()

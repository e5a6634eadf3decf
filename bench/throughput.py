"""Build throughput next to raw spaCy, measured side by side in one run.

    python bench/throughput.py [--words 200000] [--articles DIR]

Makes a corpus of at least --words words from distinct copies of the articles in DIR
(default ../shared/dev/articles, else examples/), then times, with the same loaded model:
  1. raw `nlp.pipe` over the texts (the floor: parsing alone);
  2. the whole `newsgraph build` path (read JSONL → parse → extract → RDF → SHACL → store).
Prints words/s for each, their ratio, and the process's peak RSS after each step.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import BuildOptions, build  # noqa: E402
from builder.ingest import read_inputs  # noqa: E402
from builder.nlp import DEFAULT_BATCH_SIZE, load_model  # noqa: E402
from builder.store import GraphStore  # noqa: E402
from builder.validate import Validator  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def main() -> None:
    default = ROOT.parent / "shared" / "dev" / "articles"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--articles", type=Path, default=default if default.is_dir() else ROOT / "examples")
    parser.add_argument("--model", default=None)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--processes", type=int, default=1, help="spaCy worker processes, for both runs")
    args = parser.parse_args()

    texts = corpus(args.articles, args.words)
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(args.model)
    validator = Validator()
    print(f"corpus: {len(texts)} articles, {words:,} words (from {args.articles})")
    print(
        f"model: {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, batch size {args.batch_size}, "
        f"{args.processes} process(es)"
    )

    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes):
        pass
    raw = time.perf_counter() - start
    raw_rss = peak_rss_mb()

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "corpus.jsonl"
        feed.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
        with GraphStore(Path(tmp) / "store") as store:
            start = time.perf_counter()
            summary = build(
                read_inputs([str(feed)]),
                nlp,
                [store],
                validator,
                print,
                BuildOptions(batch_size=args.batch_size, n_process=args.processes),
            )
            ours = time.perf_counter() - start
            triples = len(store)
    ours_rss = peak_rss_mb()

    print(f"raw nlp.pipe:     {words / raw:8,.0f} words/s  ({raw:6.1f} s)  peak RSS {raw_rss:,.0f} MB")
    print(f"newsgraph build:  {words / ours:8,.0f} words/s  ({ours:6.1f} s)  peak RSS {ours_rss:,.0f} MB")
    print(f"ratio build/raw:  {raw / ours:8.2f}")
    print(f"built: {summary}; {triples:,} quads in the store")


if __name__ == "__main__":
    main()

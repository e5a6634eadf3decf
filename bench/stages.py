"""Where a build's time goes, per document, measured stage by stage in one run.

    python bench/stages.py [--articles DIR] [--rounds 3] [--batch-size 64]

Parses the articles once (`nlp.pipe`, as a build does), then, for each document, runs the
build's own steps one at a time: extraction, RDF mapping, the conversion to Oxigraph's terms
(once, for validation and the store), SHACL validation, and the write into a store on disk (one
transaction, with the identity and revisions graphs a build names). Prints the mean CPU and wall
milliseconds of each stage, and the share of the parse that the rest costs. CPU seconds are the
process's (the store's RocksDB threads included): on a machine others share, wall time tells
less than they do.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import extract, extractor_id  # noqa: E402
from builder.extract.rules import load_rules  # noqa: E402
from builder.ingest import Article, read_inputs  # noqa: E402
from builder.iris import IriMinter  # noqa: E402
from builder.nlp import DEFAULT_BATCH_SIZE, load_model  # noqa: E402
from builder.rdf import document_graph  # noqa: E402
from builder.store import GraphStore, ntriples, oxigraph_triples  # noqa: E402
from builder.validate import Validator  # noqa: E402

STAGES = ("extract", "rdf", "convert", "validate", "store")


def main() -> None:
    default = ROOT.parent / "shared" / "dev" / "articles"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=default if default.is_dir() else ROOT / "examples")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    args = parser.parse_args()

    nlp, validator, minter = load_model(), Validator(), IriMinter()
    extractor = extractor_id(nlp, load_rules())
    articles = [a for a in read_inputs([str(args.articles)]) if isinstance(a, Article)]
    wall, cpu = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=args.batch_size))
    parse = (time.perf_counter() - wall, time.process_time() - cpu)
    extract(docs[0], articles[0])  # loads the gazetteer once, outside the timings
    totals = {stage: [0.0, 0.0] for stage in STAGES}
    triples = 0
    with tempfile.TemporaryDirectory() as tmp, GraphStore(Path(tmp) / "store") as store:
        for round_ in range(args.rounds):
            for doc, original in zip(docs, articles, strict=True):
                # Each round's documents are new to the store, as a build's are.
                article = replace(original, key=f"{original.key}#{round_}", source=f"{original.source}#{round_}")
                marks = [(time.perf_counter(), time.process_time())]
                records = extract(doc, article)
                marks.append((time.perf_counter(), time.process_time()))
                graph = document_graph(records, minter, extractor)
                marks.append((time.perf_counter(), time.process_time()))
                converted = oxigraph_triples(graph)
                text = ntriples(converted)
                marks.append((time.perf_counter(), time.process_time()))
                validator.validate(graph, text)
                marks.append((time.perf_counter(), time.process_time()))
                store.put_document(
                    minter.document(article), converted, article.key, minter.identity_graph(), minter.revisions_graph()
                )
                marks.append((time.perf_counter(), time.process_time()))
                for stage, before, after in zip(STAGES, marks[:-1], marks[1:], strict=True):
                    totals[stage][0] += after[0] - before[0]
                    totals[stage][1] += after[1] - before[1]
                triples += len(graph)
    runs = args.rounds * len(articles)
    print(f"{len(articles)} articles from {args.articles}, {triples / runs:.0f} triples a document")
    print(f"{'stage':<18} {'CPU ms/doc':>10} {'wall ms/doc':>11}")
    print(f"{'parse (nlp.pipe)':<18} {parse[1] / len(articles) * 1000:10.1f} {parse[0] / len(articles) * 1000:11.1f}")
    for stage, (seconds, cpu_seconds) in totals.items():
        print(f"{stage:<18} {cpu_seconds / runs * 1000:10.1f} {seconds / runs * 1000:11.1f}")
    rest = sum(c for _, c in totals.values()) / runs
    print(f"the rest beside the parse (CPU): {rest / (parse[1] / len(articles)):.2f} of it")


if __name__ == "__main__":
    main()

"""Where a build's time goes, per document, measured stage by stage in one run.

    python bench/stages.py [--articles DIR] [--rounds 3]

Parses the articles once, then times extraction, RDF mapping, SHACL validation and the
store write for each document, and prints the mean milliseconds of each stage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import extract  # noqa: E402
from builder.ingest import Article, read_inputs  # noqa: E402
from builder.iris import IriMinter  # noqa: E402
from builder.nlp import load_model  # noqa: E402
from builder.rdf import document_graph  # noqa: E402
from builder.store import GraphStore  # noqa: E402
from builder.validate import Validator  # noqa: E402


def main() -> None:
    default = ROOT.parent / "shared" / "dev" / "articles"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=default if default.is_dir() else ROOT / "examples")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    nlp, validator, minter = load_model(), Validator(), IriMinter()
    articles = [a for a in read_inputs([str(args.articles)]) if isinstance(a, Article)]
    start = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles]))
    parse = (time.perf_counter() - start) / len(articles)
    extract(docs[0], articles[0])  # loads the gazetteer once, outside the timings
    totals = {"extract": 0.0, "rdf": 0.0, "validate": 0.0, "store": 0.0}
    triples = 0
    for _ in range(args.rounds):
        with GraphStore(None) as store:
            for doc, article in zip(docs, articles, strict=True):
                t0 = time.perf_counter()
                records = extract(doc, article)
                t1 = time.perf_counter()
                graph = document_graph(records, minter, "bench")
                t2 = time.perf_counter()
                validator.validate(graph)
                t3 = time.perf_counter()
                store.put_document(minter.document(article), graph, article.key)
                t4 = time.perf_counter()
                for stage, seconds in zip(totals, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                    totals[stage] += seconds
                triples += len(graph)
    runs = args.rounds * len(articles)
    print(f"{len(articles)} articles from {args.articles}, {triples / runs:.0f} triples a document")
    print(f"{'parse (nlp.pipe)':<18} {parse * 1000:7.1f} ms/document")
    for stage, seconds in totals.items():
        print(f"{stage:<18} {seconds / runs * 1000:7.1f} ms/document")


if __name__ == "__main__":
    main()
